"""The pages behind a person's manage link: registration, schedule, edits, cancelling, calendar, offers."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from agenda.models import Session
from common.media import stored_file_response
from registrations import ratelimit, selectors, services, tokens
from registrations.calendars import registration_calendar
from registrations.forms.registration import RegistrationSubmitForm, SessionChoiceForm
from registrations.models import Question, Registration
from registrations.tokens import (
    manage_path_for,
    registration_for_token,
)
from registrations.views.register import (
    TOKEN_PATTERN,
    EventRegistrationMixin,
    PrivatePageMixin,
    calendar_links,
    mark_private,
    too_many_requests,
)
from workgroups.rankings import ranking_initial
from workgroups.services import group_of


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
            context["checkin_qr"] = mark_safe(tokens.checkin_qr_svg(registration))  # noqa: S308
            context["checkin_code"] = tokens.checkin_code(registration)
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


class ManageDownloadView(ManageMixin, View):
    """A registrants-only file, for the manage link of a confirmed registration and nobody else."""

    def get(self, request, *args, **kwargs):
        downloads = selectors.registrant_downloads(registration=self.registration).exclude(file="")
        attachment = get_object_or_404(downloads, pk=kwargs["pk"])
        return stored_file_response(
            attachment.file.name, private=True, download_name=attachment.download_name
        )


class ManageFormView(ManageMixin, EventRegistrationMixin, View):
    """A change of one's own registration through a form, allowed until registration closes.

    Subclasses build the form and call their service in `save()`; a refusal of the service is shown on the
    form with everything typed kept.
    """

    success_message = ""
    success_anchor = ""

    def setup(self, request, *args, **kwargs):
        View.setup(self, request, *args, **kwargs)

    def load(self) -> None:
        self.kwargs["slug"] = self.registration.event.slug
        EventRegistrationMixin.setup(self, self.request, *self.args, **self.kwargs)

    def build(self, data=None):
        raise NotImplementedError

    def save(self, form) -> None:
        raise NotImplementedError

    def error_field(self, form, error) -> str | None:
        return error.field if error.field in form.fields else None

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
            self.save(form)
        except services.EditingClosed as error:
            messages.error(request, error.message)
            return redirect(self.manage_url())
        except services.RegistrationError as error:
            form.add_error(self.error_field(form, error), error.message)
            return self.render_form(form, status=400)
        messages.success(request, self.success_message)
        return redirect(self.manage_url() + self.success_anchor)


class ManageEditView(ManageFormView):
    template_name = "registrations/registration_edit.html"
    success_message = gettext_lazy("Your changes have been saved.")

    def load(self) -> None:
        super().load()
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

    def save(self, form) -> None:
        services.update_registration(registration=self.registration, person=form.person_data())


class ManageSessionsView(ManageFormView):
    """ "My schedule": change the chosen sessions until the deadline, by the rules of the form."""

    template_name = "registrations/registration_sessions.html"
    success_message = gettext_lazy("Your session choices have been saved.")
    success_anchor = "#my-schedule"

    def build(self, data=None) -> SessionChoiceForm:
        chosen = self.registration.seats.values_list("session_id", flat=True)
        return SessionChoiceForm(
            data, registration_form=self.registration_form, slots=self.slots, initial_ids=list(chosen)
        )

    def save(self, form) -> None:
        services.change_session_choices(registration=self.registration, session_ids=form.chosen_session_ids())

    def error_field(self, form, error) -> None:
        return None  # the form has one field per time slot; the refusal concerns the whole choice


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
