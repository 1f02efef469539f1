"""The Django model permissions organizers need in admin; which rows they reach is decided in access.py."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

ORGANIZER_GROUP_NAME = "Organizers"

MANAGE_ACTIONS = ("add", "change", "delete", "view")
# Organizers build their events, agendas and forms and handle their registrations.
ORGANIZER_MANAGED_MODELS = (
    "events.Series",
    "events.Venue",
    "events.Event",
    "events.EventPartner",
    "events.Attachment",
    "agenda.Track",
    "agenda.Session",
    "agenda.StudyVisit",
    "agenda.Person",
    "agenda.SessionRole",
    "registrations.RegistrationForm",
    "registrations.Question",
    "registrations.Choice",
    "registrations.Registration",
    "registrations.Answer",
    "registrations.SessionSeat",
    "attendees.Attendance",
    "registrations.Tag",
    "mail.Broadcast",
    "workgroups.Allocation",
    "workgroups.WorkingGroup",
    "workgroups.Assignment",
)
# Owners edit their organization and add, change and remove its members; organizations.access lets only
# the owners of that organization do it, so editors and viewers keep looking only.
ORGANIZER_OWNED_MODELS = (
    ("organizations.Organization", ("change", "view")),
    ("organizations.Membership", MANAGE_ACTIONS),
    ("organizations.Invitation", ("add", "delete", "view")),
)
# Shared or audit data: organizers may look, administrators change it.
ORGANIZER_VIEWED_MODELS = (
    "events.Topic",
    "mail.EmailLog",
)


def organizer_permissions() -> list[Permission]:
    """The permissions of the Organizers group; models missing from this installation are passed over."""
    wanted: list[tuple[type, str]] = []
    grants = [
        *((label, MANAGE_ACTIONS) for label in ORGANIZER_MANAGED_MODELS),
        *ORGANIZER_OWNED_MODELS,
        *((label, ("view",)) for label in ORGANIZER_VIEWED_MODELS),
    ]
    for label, actions in grants:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        wanted.extend((model, action) for action in actions)
    for app_label in {model._meta.app_label for model, _ in wanted}:
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    content_types = ContentType.objects.get_for_models(
        *{model for model, _ in wanted}, for_concrete_models=False
    )
    permissions = {
        (permission.content_type_id, permission.codename): permission
        for permission in Permission.objects.filter(content_type__in=content_types.values())
    }
    return [
        permissions[(content_types[model].pk, f"{action}_{model._meta.model_name}")]
        for model, action in wanted
    ]


def ensure_organizer_group() -> Group:
    """Create or repair the Organizers group; running it again changes nothing."""
    group, _ = Group.objects.get_or_create(name=ORGANIZER_GROUP_NAME)
    group.permissions.set(organizer_permissions())
    return group
