"""Public registration pages: the form, the neutral "check your e-mail" page, the secret manage pages."""

import logging
import re
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from agenda.models import Session
from common.media import stored_file_response
from config import errors
from events.models import Event
from organizations import access
from organizations.models import Organization
from workgroups.rankings import ranking_initial
from workgroups.services import group_of

from . import checkin, ratelimit, selectors, services
from .calendars import registration_calendar
from .forms import RegistrationSubmitForm, SessionChoiceForm, attendee_formset_class
from .models import Choice, Question, Registration, RegistrationForm
from .tokens import (
    issue_form_token,
    manage_path_for,
    manage_token_for,
    read_form_token,
    registration_for_token,
)

logger = logging.getLogger(__name__)

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,100}")
ORGANIZATION_SUGGESTIONS = 500
# The page after registering shows the outcome only in the browser that sent the form, and only this long:
# long enough to read it and tap the links, short enough for a shared computer in a help point.
OUTCOME_SESSION_KEY = "registration_outcomes"
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

    def get_event_queryset(self):
        return Event.objects.published()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = get_object_or_404(
            self.get_event_queryset().select_related("venue", "organization", "registration_form"),
            slug=kwargs["slug"],
        )
        try:
            self.registration_form = self.event.registration_form
        except RegistrationForm.DoesNotExist:
            self.registration_form = None
        self.questions = (
            list(
                Question.objects.filter(form=self.registration_form).prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
                )
            )
            if self.registration_form
            else []
        )
        self.sessions = list(selectors.selectable_sessions(event=self.event, counted=False))
        self.slots = selectors.time_slots(self.sessions)
        self.places_left: dict[int, int] = {}
        self.places_counted = False
        if self.counts_places_up_front():
            self.count_places()

    def counts_places_up_front(self) -> bool:
        return True

    def count_places(self) -> None:
        """Seats taken per session and places left per limited choice: one grouped query each."""
        selectors.count_session_seats(self.sessions)
        all_choices = [choice for question in self.questions for choice in question.choices.all()]
        self.places_left = selectors.choice_places_left(choices=all_choices)
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
            form.show_session_places_left()
            for attendee_form in formset.forms:
                attendee_form.show_question_places_left(self.places_left)
                attendee_form.show_session_places_left()
        organizations = Organization.objects.order_by("name").values_list("name", flat=True)
        context = {
            "event": self.event,
            "registration_form": self.registration_form,
            "form": form,
            "formset": formset,
            "organizations": organizations[:ORGANIZATION_SUGGESTIONS],
            "event_seats_left": selectors.event_seats_left(self.event),
            "notice": notice,
            "preview": self.preview,
        }
        return render(self.request, self.template_name, context, status=status)

    def closed(self, status=200):
        opens_at = self.event.registration_opens_at
        context = {
            "event": self.event,
            "deadline": services.registration_deadline(self.event),
            "not_yet_open": bool(opens_at and timezone.now() < opens_at),
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
        remember_outcome(request, self.event, None if result.duplicate_email else result.registration)
        return self.done()


class RegistrationPreviewView(RegistrationCreateView):
    """The registration form as a participant sees it, for the event's organizers, drafts included.

    Served inside the admin (admin_view makes sure of staff); nothing can be sent from it.
    """

    http_method_names = ["get"]
    preview = True

    def get_event_queryset(self):
        return access.scope_queryset(Event.objects.all(), self.request.user)

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


def remember_outcome(request, event: Event, contact: Registration | None) -> None:
    """Let this browser (its session) see what the submission it just sent did, for a short while."""
    outcomes = request.session.get(OUTCOME_SESSION_KEY, {})
    outcomes.pop(str(event.pk), None)
    if contact is not None:
        until = time.time() + OUTCOME_SHOWN_SECONDS
        outcomes[str(event.pk)] = {"contact": str(contact.public_id), "until": until}
    request.session[OUTCOME_SESSION_KEY] = outcomes


def remembered_contact_id(request, event: Event) -> str | None:
    outcome = request.session.get(OUTCOME_SESSION_KEY, {}).get(str(event.pk))
    if not outcome or outcome.get("until", 0) < time.time():
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
        outcome.checkin_code = checkin.checkin_code(registration)
        # Markup drawn by qrcode from a code this server computes; nothing the person typed is in it.
        outcome.checkin_qr = mark_safe(checkin.checkin_qr_svg(registration))  # noqa: S308
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


class ManageMixin(PrivatePageMixin):
    """Finds the registration by its secret link; unknown links count towards a per-IP limit."""

    allow_inactive = False

    def dispatch(self, request, *args, **kwargs):
        if ratelimit.manage_links_limited(request):
            return too_many_requests(request)
        token = kwargs["token"]
        registration = registration_for_token(token) if TOKEN_PATTERN.fullmatch(token) else None
        if registration is None:
            ratelimit.count_manage_link_miss(request)
            raise Http404
        self.registration = registration
        self.token = token
        if not registration.is_active and not self.allow_inactive:
            response = render(
                request, "registrations/registration_gone.html", {"registration": registration}, status=410
            )
            return mark_private(response)
        return super().dispatch(request, *args, **kwargs)

    def manage_url(self) -> str:
        return reverse("registrations:manage", kwargs={"token": self.token})


class ManageView(ManageMixin, TemplateView):
    template_name = "registrations/registration_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = selectors.registration_details(registration=self.registration)
        attendees = list(registration.attendees.order_by("pk"))
        if registration.status == Registration.Status.CONFIRMED:
            # Markup drawn by qrcode from a code this server computes; nothing the person typed is in it.
            context["checkin_qr"] = mark_safe(checkin.checkin_qr_svg(registration))  # noqa: S308
            context["checkin_code"] = checkin.checkin_code(registration)
        context["downloads"] = selectors.registrant_downloads(registration=registration)
        context.update(
            {
                "registration": registration,
                "event": registration.event,
                "seats": selectors.my_schedule(registration=registration),
                "working_group": group_of(registration),
                "can_change_sessions": services.can_edit(registration)
                and Session.objects.filter(event=registration.event, is_selectable=True).exists(),
                "answers": sorted(registration.answers.all(), key=lambda answer: answer.question.order),
                "attendees": [(attendee, manage_path_for(attendee)) for attendee in attendees],
                "can_edit": services.can_edit(registration),
                "can_cancel": services.can_cancel(registration),
                "show_online_url": registration.status == Registration.Status.CONFIRMED
                and bool(registration.event.online_url),
                "token": self.token,
                "now": timezone.now(),
                **calendar_links(self.token),
            }
        )
        return context


def calendar_links(token: str) -> dict[str, str]:
    """The private calendar: a download, and the webcal:// address a phone subscribes to (from SITE_URL)."""
    path = reverse("registrations:manage_calendar", kwargs={"token": token})
    address = urlsplit(settings.SITE_URL + path)
    return {"calendar_url": path, "calendar_subscribe_url": urlunsplit(address._replace(scheme="webcal"))}


class ManageDownloadView(ManageMixin, View):
    """A registrants-only file, for the manage link of a confirmed registration and nobody else."""

    def get(self, request, *args, **kwargs):
        downloads = selectors.registrant_downloads(registration=self.registration).exclude(file="")
        attachment = get_object_or_404(downloads, pk=kwargs["pk"])
        return stored_file_response(
            attachment.file.name, private=True, download_name=attachment.download_name
        )


class ManageEditView(ManageMixin, EventRegistrationMixin, View):
    template_name = "registrations/registration_edit.html"

    def setup(self, request, *args, **kwargs):
        View.setup(self, request, *args, **kwargs)

    def load(self):
        self.kwargs["slug"] = self.registration.event.slug
        EventRegistrationMixin.setup(self, self.request, *self.args, **self.kwargs)
        if self.registration.registered_by_id:
            # Someone registered by a contact was asked only the questions asked of every person.
            self.questions = [question for question in self.questions if question.is_per_person]

    def initial(self) -> dict:
        registration = self.registration
        initial = {
            name: getattr(registration, name)
            for name in (
                "first_name",
                "last_name",
                "email",
                "position",
                "phone",
                "language",
                "interpretation_language",
                "accessibility_needs",
                "dietary_needs",
                "other_needs",
            )
        }
        initial["organization"] = registration.organization_display
        initial["session_ids"] = list(registration.seats.values_list("session_id", flat=True))
        for answer in registration.answers.prefetch_related("choices").select_related("question"):
            name = f"q_{answer.question_id}"
            question = answer.question
            picked = [str(choice.pk) for choice in answer.choices.all()]
            if question.kind == Question.Kind.MULTIPLE_CHOICE:
                initial[name] = picked
            elif question.kind == Question.Kind.RANKING:
                initial[name] = ranking_initial(registration, question)
            elif question.kind in Question.CHOICE_KINDS:
                initial[name] = picked[0] if picked else ""
            elif question.kind in {Question.Kind.CHECKBOX, Question.Kind.CONSENT}:
                initial[name] = answer.value == "yes"
            else:
                initial[name] = answer.value
        return initial

    def build(self, data=None):
        return RegistrationSubmitForm(
            data, initial=self.initial(), registration=self.registration, **self.registration_form_kwargs()
        )

    def render_form(self, form, status=200):
        context = {"form": form, "registration": self.registration, "event": self.event, "token": self.token}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        if not services.can_edit(self.registration):
            messages.error(request, _("This registration can no longer be changed."))
            return redirect(self.manage_url())
        self.load()
        return self.render_form(self.build())

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.build(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            services.update_registration(registration=self.registration, person=form.person_data())
        except services.EditingClosed as error:
            messages.error(request, error.message)
            return redirect(self.manage_url())
        except services.RegistrationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render_form(form, status=400)
        messages.success(request, _("Your changes have been saved."))
        return redirect(self.manage_url())


class ManageSessionsView(ManageMixin, EventRegistrationMixin, View):
    """ "My schedule": change the chosen sessions until the deadline, by the rules of the form."""

    template_name = "registrations/registration_sessions.html"

    def setup(self, request, *args, **kwargs):
        View.setup(self, request, *args, **kwargs)

    def load(self) -> None:
        self.kwargs["slug"] = self.registration.event.slug
        EventRegistrationMixin.setup(self, self.request, *self.args, **self.kwargs)

    def build(self, data=None) -> SessionChoiceForm:
        chosen = self.registration.seats.values_list("session_id", flat=True)
        return SessionChoiceForm(
            data, registration_form=self.registration_form, slots=self.slots, initial_ids=list(chosen)
        )

    def render_form(self, form, status=200):
        form.show_session_places_left()
        context = {"form": form, "registration": self.registration, "event": self.event, "token": self.token}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        if not services.can_edit(self.registration):
            messages.error(request, _("This registration can no longer be changed."))
            return redirect(self.manage_url())
        self.load()
        return self.render_form(self.build())

    def post(self, request, *args, **kwargs):
        self.load()
        form = self.build(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            services.change_session_choices(
                registration=self.registration, session_ids=form.chosen_session_ids()
            )
        except services.EditingClosed as error:
            messages.error(request, error.message)
            return redirect(self.manage_url())
        except services.RegistrationError as error:
            form.add_error(None, error.message)
            return self.render_form(form, status=400)
        messages.success(request, _("Your session choices have been saved."))
        return redirect(self.manage_url() + "#my-schedule")


class ManageCancelView(ManageMixin, View):
    """GET only asks; cancelling needs a POST with the CSRF token, so link scanners change nothing."""

    def get(self, request, *args, **kwargs):
        context = {
            "registration": self.registration,
            "event": self.registration.event,
            "can_cancel": services.can_cancel(self.registration),
            "token": self.token,
        }
        return render(request, "registrations/registration_cancel.html", context)

    def post(self, request, *args, **kwargs):
        if not services.can_cancel(self.registration):
            messages.error(request, _("This registration can no longer be cancelled."))
            return redirect(self.manage_url())
        registration = services.cancel_registration(registration=self.registration)
        return render(
            request,
            "registrations/registration_cancelled.html",
            {"registration": registration, "event": registration.event},
        )


class ManageCalendarView(ManageMixin, View):
    """The person's own calendar as a feed a phone can subscribe to; it follows every agenda change."""

    allow_inactive = True

    def get(self, request, *args, **kwargs):
        content = registration_calendar(self.registration, feed=True)
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.registration.event.slug}.ics"'
        return response


class OfferAcceptView(ManageMixin, View):
    def post(self, request, *args, **kwargs):
        session = None
        session_id = request.POST.get("session", "")
        if session_id:
            if not session_id.isdigit():
                raise Http404
            session = get_object_or_404(Session, pk=int(session_id), event_id=self.registration.event_id)
        try:
            services.accept_offer(registration=self.registration, session=session)
        except services.OfferNotAvailable as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The place is yours. See you there!"))
        return HttpResponseRedirect(self.manage_url())


class MyRegistrationsView(LoginRequiredMixin, PrivatePageMixin, TemplateView):
    template_name = "registrations/my_registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registrations = selectors.registrations_for_user(user=self.request.user)
        context["rows"] = [(registration, manage_path_for(registration)) for registration in registrations]
        return context
