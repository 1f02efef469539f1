import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.fields import ImageUploadField
from common.models import TimeStampedModel
from common.uploads import RandomName


class Region(models.TextChoices):
    """Polish voivodeships."""

    DOLNOSLASKIE = "dolnoslaskie", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie", "lubelskie"
    LUBUSKIE = "lubuskie", "lubuskie"
    LODZKIE = "lodzkie", "łódzkie"
    MALOPOLSKIE = "malopolskie", "małopolskie"
    MAZOWIECKIE = "mazowieckie", "mazowieckie"
    OPOLSKIE = "opolskie", "opolskie"
    PODKARPACKIE = "podkarpackie", "podkarpackie"
    PODLASKIE = "podlaskie", "podlaskie"
    POMORSKIE = "pomorskie", "pomorskie"
    SLASKIE = "slaskie", "śląskie"
    SWIETOKRZYSKIE = "swietokrzyskie", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", "zachodniopomorskie"
    ABROAD = "abroad", _("outside Poland")


validate_origins = RegexValidator(
    r"\A(?:[ \t]*https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?[ \t]*(?:\r?\n|\Z))*\Z",
    _("Give one address per line, such as https://www.krakow.pl, without a path."),
)


class Organization(TimeStampedModel):
    """An NGO, city hall, institution, coalition or informal group that organizes or supports events."""

    # How a row reaches the organization that owns it (organizations.access reads it).
    organization_path = ""

    class Kind(models.TextChoices):
        NGO = "ngo", _("non-governmental organization")
        LOCAL_GOVERNMENT = "local_government", _("local government")
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        INTERNATIONAL = "international", _("international organization")
        INFORMAL_GROUP = "informal_group", _("informal group")
        COALITION = "coalition", _("coalition")
        BUSINESS = "business", _("business")
        CULTURE_EDUCATION = "culture_education", _("culture or education institution")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.NGO)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region, blank=True)
    logo = ImageUploadField(
        _("logo"),
        upload_to=RandomName("organizations/logos"),
        max_side=400,
        width_field="logo_width",
        height_field="logo_height",
        blank=True,
        help_text=_("JPEG, PNG or WebP; a transparent PNG looks best. Resized on upload."),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    embed_origins = models.TextField(
        _("sites that may show the embedded event list"),
        blank=True,
        validators=[validate_origins],
        help_text=_("One address per line, e.g. https://www.krakow.pl. Empty: any site may show it."),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:organization_detail", kwargs={"slug": self.slug})

    @property
    def embed_origin_list(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.embed_origins.splitlines() if line.strip()]


class Membership(TimeStampedModel):
    """A user's role in an organization; it decides what the user may manage in admin."""

    organization_path = "organization"

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        EDITOR = "editor", _("editor")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    can_view_sensitive_data = models.BooleanField(
        _("may see accessibility and health answers"), default=False
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.EDITOR}


class Invitation(TimeStampedModel):
    """An owner's invitation for someone to join an organization with a role, by a link sent to their e-mail.

    The link's secret is derived from `public_id` (organizations.invitations.token_for), so nothing secret
    is stored; a link works once, until `expires_at`, and not after the invitation is withdrawn (deleted).
    """

    organization_path = "organization"

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="invitations", verbose_name=_("organization")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role, default=Membership.Role.EDITOR)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("invited by"),
    )
    expires_at = models.DateTimeField(_("link valid until"), editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.organization}"
