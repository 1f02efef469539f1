"""Public registration pages: the form, the neutral "check your e-mail" page, the secret manage pages."""

import logging
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from config import errors
from events.models import Event
from organizations import access
from organizations.models import Organization
from registrations import ratelimit, selectors, services, tokens
from registrations.forms.registration import RegistrationSubmitForm, attendee_formset_class
from registrations.models import Registration, RegistrationForm
from registrations.services import capacity
from registrations.tokens import (
    issue_form_token,
    manage_path_for,
    manage_token_for,
    read_form_token,
)

logger = logging.getLogger(__name__)


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")


ORGANIZATION_SUGGESTIONS = 500


# The page after registering shows the outcome only in the browser that sent the form (a signed cookie, so a
# registration writes no session row), and only this long: long enough to read it and tap the links, short
# enough for a shared computer in a help point.
OUTCOME_SALT = "registrations.outcome"


OUTCOME_SHOWN_SECONDS = 30 * 60


def min_fill_seconds() -> float:
    return float(getattr(settings, "REGISTRATION_MIN_FILL_SECONDS", 3))


class PrivatePageMixin:
    """Pages with personal data: never cached, never leaking their address to other sites."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        return mark_private(response)


def mark_private(response):
    """No caching anywhere; the secret address is never sent to another site in a Referer.

    "same-origin" rather than "no-referrer": under "no-referrer" browsers send `Origin: null` with form
    POSTs, which the CSRF check rightly refuses, and these pages (and the language switcher) post forms.
    """
    patch_cache_control(response, no_store=True, no_cache=True, max_age=0, private=True)
    response["Referrer-Policy"] = "same-origin"
    return response


def too_many_requests(request):
    return mark_private(errors.too_many_requests(request))


class EventRegistrationMixin:
    """Loads the published event, its form, questions and selectable sessions once per request."""

    def get_event(self, slug: str) -> Event:
        """The published event, with its registration form, from the cache while it is current."""
        try:
            return selectors.registration_event(slug=slug)
        except Event.DoesNotExist as error:
            raise Http404 from error

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = self.get_event(kwargs["slug"])
        try:
            self.registration_form = self.event.registration_form
        except RegistrationForm.DoesNotExist:
            self.registration_form = None
        definition = selectors.form_definition(event=self.event, registration_form=self.registration_form)
        self.questions = definition.questions
        self.sessions = definition.sessions
        self.slots = definition.slots
        self.places_left: dict[int, int] = {}
        self.places_counted = False
        if self.counts_places_up_front():
            self.count_places()

    def counts_places_up_front(self) -> bool:
        return True

    def count_places(self) -> None:
        """Seats taken per session and places left per limited choice: one grouped query each."""
        capacity.count_session_seats(self.sessions)
        all_choices = [choice for question in self.questions for choice in question.choices.all()]
        self.places_left = capacity.choice_places_left(choices=all_choices)
        self.places_counted = True

    def refresh_url(self) -> str:
        return reverse("registrations:register_questions", kwargs={"slug": self.event.slug})

    def registration_form_kwargs(self) -> dict:
        return {
            "event": self.event,
            "registration_form": self.registration_form,
            "questions": self.questions,
            "slots": self.slots,
            "places_left": self.places_left,
            "refresh_url": self.refresh_url(),
        }

    def attendee_form_kwargs(self, **extra) -> dict:
        return {
            "registration_form": self.registration_form,
            "slots": self.slots,
            "questions": self.questions,
            "places_left": self.places_left,
            "refresh_url": self.refresh_url(),
            **extra,
        }

    def attendee_extra(self) -> int:
        form = self.registration_form
        if form is None or not form.allows_additional_attendees:
            return 0
        return max(form.max_attendees_per_submission - 1, 0)


class RegistrationCreateView(PrivatePageMixin, EventRegistrationMixin, View):
    template_name = "registrations/registration_form.html"
    preview = False

    def counts_places_up_front(self) -> bool:
        # A successful POST shows no places left and the service counts seats under its lock anyway;
        # render_form() counts them when a submitted form is shown again.
        return self.request.method != "POST"

    def initial(self) -> dict:
        user = self.request.user
        if not user.is_authenticated:
            return {}
        initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
        earlier = Registration.objects.filter(user=user).select_related("organization").first()
        if earlier is not None:
            initial.update(
                {
                    "first_name": earlier.first_name,
                    "last_name": earlier.last_name,
                    "organization": earlier.organization_display,
                    "position": earlier.position,
                    "phone": earlier.phone,
                    "language": earlier.language,
                }
            )
        return {key: value for key, value in initial.items() if value}

    def build(self, data=None):
        form = RegistrationSubmitForm(data, initial=self.initial(), **self.registration_form_kwargs())
        if data is None:
            form.initial["form_token"] = issue_form_token(event_id=self.event.pk)
        formset = attendee_formset_class(extra=self.attendee_extra())(
            data,
            prefix="attendee",
            form_kwargs=self.attendee_form_kwargs(),
        )
        return form, formset

    def render_form(self, form, formset, status=200, notice=""):
        if not self.places_counted:
            self.count_places()
            form.show_question_places_left(self.places_left)
            for attendee_form in formset.forms:
                attendee_form.show_question_places_left(self.places_left)
        organizations = Organization.objects.order_by("name").values_list("name", flat=True)
        context = {
            "event": self.event,
            "registration_form": self.registration_form,
            "form": form,
            "formset": formset,
            "organizations": organizations[:ORGANIZATION_SUGGESTIONS],
            "event_seats_left": capacity.event_seats_left(self.event),
            "notice": notice,
            "preview": self.preview,
        }
        return render(self.request, self.template_name, context, status=status)

    def closed(self, status=200):
        window = self.event.registration_window()
        context = {
            "event": self.event,
            "deadline": window.closes_at,
            "not_yet_open": bool(window.opens_at and timezone.now() < window.opens_at),
        }
        return render(self.request, "registrations/registration_closed.html", context, status=status)

    def done(self):
        return redirect("registrations:register_done", slug=self.event.slug)

    def get(self, request, *args, **kwargs):
        if not self.event.is_registration_open():
            return self.closed()
        return self.render_form(*self.build())

    def post(self, request, *args, **kwargs):
        """Validation first, then the bot check: only a hidden field filled in drops a submission quietly.

        A submission sent faster than a person can fill the form is shown again, everything kept, with a
        request to check it and send it again; its token (and so the time the form was shown) stays the same.
        """
        if not ratelimit.registration_allowed(request, self.event):
            return too_many_requests(request)
        if request.POST.get("website"):
            logger.info("Honeypot filled on event %s", self.event.pk)
            services.count_screened_submission(event=self.event, outcome="dropped")
            return self.done()
        if not self.event.is_registration_open():
            return self.closed(status=403)
        token = read_form_token(request.POST.get("form_token", ""), event_id=self.event.pk)
        data = request.POST
        if token is None:
            # The clock starts now: a token dated earlier would let a bot skip the wait.
            data = request.POST.copy()
            data["form_token"] = issue_form_token(event_id=self.event.pk)
        form, formset = self.build(data)
        valid = all([form.is_valid(), formset.is_valid()])  # both, so every error is shown at once
        if token is None:
            form.add_error(None, _("This form has expired. Please check your answers and send it again."))
            return self.render_form(form, formset, status=400)
        if not valid:
            return self.render_form(form, formset, status=400)
        if token.age_seconds < min_fill_seconds():
            logger.info("Form for event %s sent %.1f s after it was shown", self.event.pk, token.age_seconds)
            services.count_screened_submission(event=self.event, outcome="sent_back")
            notice = _("That was very quick. Please check that everything is right and send the form again.")
            return self.render_form(form, formset, notice=notice)  # a request to check, not an error
        try:
            result = services.register(
                event=self.event,
                contact=form.person_data(),
                attendees=[attendee.person_data() for attendee in formset.filled_forms()],
                consent=form.consent_data(),
                user=request.user if request.user.is_authenticated else None,
                submission_key=token.key,
            )
        except services.RegistrationClosed:
            return self.closed(status=403)
        except services.RegistrationError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.render_form(form, formset, status=400)
        # An address registered before gets its link by e-mail; this page then shows nothing of it.
        response = self.done()
        contact = None if result.duplicate_email else result.registration
        remember_outcome(request, response, self.event, contact)
        return response


class RegistrationPreviewView(RegistrationCreateView):
    """The registration form as a participant sees it, for the event's organizers, drafts included.

    Served inside the admin (admin_view makes sure of staff); nothing can be sent from it.
    """

    http_method_names = ["get"]
    preview = True

    def get_event(self, slug: str) -> Event:
        events = access.scope_queryset(Event.objects.all(), self.request.user)
        return get_object_or_404(events.select_related("registration_form"), slug=slug)

    def render_form(self, form, formset, status=200, notice=""):
        notice = _("Preview: this is how participants see the form. Nothing can be sent from here.")
        return super().render_form(form, formset, status=status, notice=notice)

    def get(self, request, *args, **kwargs):
        return self.render_form(*self.build())


class RegistrationQuestionsView(EventRegistrationMixin, View):
    """The question blocks re-rendered for htmx when an answer that controls other questions changes.

    The contact's block and each attendee's come back together; the changed field's hx-select picks its own.
    """

    def post(self, request, *args, **kwargs):
        form = RegistrationSubmitForm(condition_source=request.POST, **self.registration_form_kwargs())
        formset = attendee_formset_class(extra=self.attendee_extra())(
            prefix="attendee", form_kwargs=self.attendee_form_kwargs(condition_source=request.POST)
        )
        for question_form in [form, *formset.forms]:
            for question in question_form.visible_questions:
                name = f"q_{question.pk}"
                widget = question_form.fields[name].widget
                question_form.initial[name] = widget.value_from_datadict(
                    request.POST, {}, question_form.add_prefix(name)
                )
        response = render(request, "registrations/_question_blocks.html", {"form": form, "formset": formset})
        return mark_private(response)


def _remembered_outcomes(request) -> dict:
    try:
        outcomes = signing.loads(
            request.COOKIES.get(settings.REGISTRATION_OUTCOME_COOKIE_NAME, ""),
            salt=OUTCOME_SALT,
            max_age=OUTCOME_SHOWN_SECONDS,
        )
    except signing.BadSignature:
        return {}
    now = time.time()
    return {event: outcome for event, outcome in outcomes.items() if outcome.get("until", 0) >= now}


def remember_outcome(request, response, event: Event, contact: Registration | None) -> None:
    """Let this browser see what the submission it just sent did, for a short while."""
    outcomes = _remembered_outcomes(request)
    outcomes.pop(str(event.pk), None)
    if contact is not None:
        until = time.time() + OUTCOME_SHOWN_SECONDS
        outcomes[str(event.pk)] = {"contact": str(contact.public_id), "until": until}
    response.set_cookie(
        settings.REGISTRATION_OUTCOME_COOKIE_NAME,
        signing.dumps(outcomes, salt=OUTCOME_SALT, compress=True),
        max_age=OUTCOME_SHOWN_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_contact_id(request, event: Event) -> str | None:
    outcome = _remembered_outcomes(request).get(str(event.pk))
    if not outcome:
        return None
    try:
        return str(uuid.UUID(outcome.get("contact", "")))
    except ValueError:
        return None


@dataclass
class PersonOutcome:
    """What the page after registering shows about one person of the submission."""

    registration: Registration
    manage_path: str
    calendar_url: str
    checkin_code: str = ""
    checkin_qr: str = ""


def person_outcome(registration: Registration, event: Event) -> PersonOutcome:
    outcome = PersonOutcome(
        registration=registration,
        manage_path=manage_path_for(registration),
        calendar_url=calendar_links(manage_token_for(registration))["calendar_url"],
    )
    if registration.status == Registration.Status.CONFIRMED and event.format != Event.Format.ONLINE:
        outcome.checkin_code = tokens.checkin_code(registration)
        # Markup drawn by qrcode from a code this server computes; nothing the person typed is in it.
        outcome.checkin_qr = mark_safe(tokens.checkin_qr_svg(registration))  # noqa: S308
    return outcome


class RegistrationDoneView(PrivatePageMixin, TemplateView):
    """The outcome for each person of the submission this browser sent, for OUTCOME_SHOWN_SECONDS.

    Bound to the browser session rather than to a signed URL: a shared or reloaded address, or a bot
    whose submission was dropped, gets the same neutral page that points to the e-mail.
    """

    template_name = "registrations/registration_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = event = get_object_or_404(Event.objects.published(), slug=self.kwargs["slug"])
        context["registration_form"] = RegistrationForm.objects.filter(event=event).first()
        contact_id = remembered_contact_id(self.request, event)
        people = selectors.submission_people(event=event, contact_public_id=contact_id) if contact_id else []
        context["people"] = [person_outcome(registration, event) for registration in people]
        context["outcome_minutes"] = OUTCOME_SHOWN_SECONDS // 60
        return context


def calendar_links(token: str) -> dict[str, str]:
    """The private calendar: a download, and the webcal:// address a phone subscribes to (from SITE_URL)."""
    path = reverse("registrations:manage_calendar", kwargs={"token": token})
    address = urlsplit(settings.SITE_URL + path)
    return {"calendar_url": path, "calendar_subscribe_url": urlunsplit(address._replace(scheme="webcal"))}
