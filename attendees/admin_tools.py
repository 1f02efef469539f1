"""Attendee tools in the admin: exports, check-in, tags, per-event overview, statistics, attendance lists,
from attendees import checkin
import and privacy requests.

`AttendeeToolsAdminMixin` is mixed into the registration admin; it adds actions and URLs. Every view finds
its event through organizations.access, so another organization's event is a 404, and identifies
registrations by public id, never by their sequential primary key.
"""

import json

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendees import attendance_lists, checkin, exports, importing, needs, privacy, statistics
from attendees.forms import AttendanceListForm, ExportForm, ImportUploadForm, PrivacyForm
from attendees.models import AccessLog, Attendance
from events.models import Event
from organizations import access
from registrations.models import Registration, ScreenedSubmissions, SessionSeat

IMPORT_SESSION_KEY = "attendee_import"


def scoped_event(request, event_id: int, *, editable: bool = False) -> Event:
    """The event if the user's organizations run it (and they may edit, when asked), else 404."""
    events = access.scope_queryset(
        Event.objects.select_related("organization", "venue"), request.user, editable=editable
    )
    return get_object_or_404(events, pk=event_id)


def screened_summary(event: Event) -> str:
    """What the bot check of the public form held back for this event, in one sentence."""
    screened = ScreenedSubmissions.objects.filter(event=event).first() or ScreenedSubmissions()
    return _("%(dropped)d dropped (hidden field filled), %(sent_back)d shown again (sent too fast)") % {
        "dropped": screened.dropped,
        "sent_back": screened.sent_back,
    }


def attendee_tools_link(event: Event) -> str:
    """For the event's change page: the way to its attendee overview and what the bot check held back."""
    if event.pk is None:
        return "—"
    return format_html(
        '<a href="{}">{}</a><br>{}: {}',
        reverse("admin:registrations_registration_event_overview", args=[event.pk]),
        _("Attendees: overview, lists and tools"),
        _("Held back by the bot check"),
        screened_summary(event),
    )


class AttendeeToolsAdminMixin:
    """Adds the per-event tools (overview, statistics, export, lists, import, check-in, privacy) to a
    Registration ModelAdmin."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"

        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path(
                "event/<int:event_id>/overview/",
                wrap(self.event_overview_view),
                name=f"{prefix}_event_overview",
            ),
            path("event/<int:event_id>/statistics/", wrap(self.statistics_view), name=f"{prefix}_statistics"),
            path(
                "event/<int:event_id>/needs.<str:fmt>",
                wrap(self.needs_download_view),
                name=f"{prefix}_needs_download",
            ),
            path("event/<int:event_id>/export/", wrap(self.event_export_view), name=f"{prefix}_event_export"),
            path(
                "event/<int:event_id>/attendance-list/",
                wrap(self.attendance_list_view),
                name=f"{prefix}_attendance_list",
            ),
            path("event/<int:event_id>/import/", wrap(self.import_view), name=f"{prefix}_import"),
            path("event/<int:event_id>/checkin/", wrap(self.checkin_view), name=f"{prefix}_checkin"),
            path("event/<int:event_id>/checkin/walk-in/", wrap(self.walk_in_view), name=f"{prefix}_walk_in"),
            path("privacy/", wrap(self.privacy_view), name=f"{prefix}_privacy"),
            *super().get_urls(),
        ]

    def _context(self, request, event: Event | None, title: str, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "title": title,
            **extra,
        }

    def event_overview_view(self, request, event_id: int):
        event = scoped_event(request, event_id)
        registrations = Registration.objects.filter(event=event)
        counts = dict(registrations.order_by().values_list("status").annotate(n=Count("pk")))
        waitlist = (
            registrations.filter(status=Registration.Status.WAITLISTED)
            .select_related("organization")
            .order_by("waitlist_position", "created_at")
        )
        session_waitlists = (
            SessionSeat.objects.filter(session__event=event, status=SessionSeat.Status.WAITLISTED)
            .select_related("session", "registration")
            .order_by("session__starts_at", "session_id", "position", "created_at")
        )
        table = needs.needs_table(event=event)
        names = access.can_view_sensitive_data(request.user, event)
        if names and table.has_needs:
            privacy.record_access(user=request.user, event=event, action="view_needs_sensitive")
        context = self._context(
            request,
            event,
            _("Attendees of %(event)s") % {"event": event.title},
            needs=table,
            needs_rows=[(row, row.interpretation_cells(table.languages)) for row in table.rows],
            needs_names=names,
            statuses=[(label, counts.get(value, 0)) for value, label in Registration.Status.choices],
            total=sum(counts.values()),
            capacity=event.capacity,
            sessions=statistics.session_fill(event),
            waitlist=waitlist,
            session_waitlists=session_waitlists,
            came=Attendance.objects.filter(registration__event=event)
            .values("registration")
            .distinct()
            .count(),
            may_edit=access.can_edit(request.user, event),
            walk_ins=registrations.filter(channel=Registration.Channel.ON_SITE).count(),
            walk_ins_came=Attendance.objects.filter(
                registration__event=event, registration__channel=Registration.Channel.ON_SITE
            )
            .values("registration")
            .distinct()
            .count(),
            screened=screened_summary(event),
            changelist_url=reverse("admin:registrations_registration_changelist")
            + f"?event__id__exact={event.pk}",
        )
        return TemplateResponse(request, "admin/registrations/event_overview.html", context)

    def needs_download_view(self, request, event_id: int, fmt: str):
        """The needs table as CSV or XLSX: names only for members allowed to see sensitive data."""
        event = scoped_event(request, event_id)
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        names = access.can_view_sensitive_data(request.user, event)
        privacy.record_access(
            user=request.user, event=event, action=f"export_needs_{fmt}" + ("_sensitive" if names else "")
        )
        rows = needs.export_rows(needs.needs_table(event=event), names=names)
        filename = f"{slugify(event.slug)[:50] or 'event'}-needs"
        if fmt == "xlsx":
            return exports.xlsx_response(rows, filename)
        return exports.csv_response(rows, filename)

    def statistics_view(self, request, event_id: int):
        event = scoped_event(request, event_id)
        sensitive = access.can_view_sensitive_data(request.user, event)
        if sensitive:
            privacy.record_access(user=request.user, event=event, action="view_statistics_sensitive")
        context = self._context(
            request,
            event,
            _("Statistics: %(event)s") % {"event": event.title},
            stats=statistics.event_statistics(event=event, sensitive=sensitive),
            bar_width=statistics.BAR_WIDTH,
        )
        return TemplateResponse(request, "admin/registrations/statistics.html", context)

    def event_export_view(self, request, event_id: int):
        event = scoped_event(request, event_id)
        registrations = Registration.objects.filter(event=event)
        status = request.POST.get("status") or request.GET.get("status")
        if status in Registration.Status.values:
            registrations = registrations.filter(status=status)
        columns = exports.choose_columns(request.user, registrations)
        form = ExportForm(request.POST or None, columns=columns)
        if request.method == "POST" and form.is_valid():
            return exports.export_response(
                user=request.user,
                registrations=registrations,
                keys=form.cleaned_data["columns"],
                fmt=form.cleaned_data["format"],
                filename=slugify(event.slug)[:60] or "registrations",
            )
        context = self._context(
            request,
            event,
            _("Export: %(event)s") % {"event": event.title},
            form=form,
            count=registrations.count(),
        )
        return TemplateResponse(request, "admin/registrations/export_form.html", context)

    def attendance_list_view(self, request, event_id: int):
        event = scoped_event(request, event_id)
        form = AttendanceListForm(request.GET or None, event=event)
        if request.GET and form.is_valid():
            data = form.cleaned_data
            if data["day"] and data["day"] not in checkin.event_days(event):
                form.add_error("day", _("The event does not take place on this day."))
            else:
                pdf = attendance_lists.attendance_list_pdf(
                    event=event,
                    session=data["session"],
                    day=data["day"],
                    blank_rows=data["blank_rows"] or 0,
                    show_attendance=data["present"],
                )
                AccessLog.objects.create(user=request.user, event=event, action="attendance_list")
                response = HttpResponse(pdf, content_type="application/pdf")
                name = slugify(event.slug)[:60]
                response["Content-Disposition"] = f'inline; filename="lista-obecnosci-{name}.pdf"'
                response["Cache-Control"] = "no-store"
                return response
        context = self._context(
            request,
            event,
            _("Attendance list: %(event)s") % {"event": event.title},
            form=form,
            # One click to the usual lists: each day of the event and each session it counts people for.
            days=checkin.event_days(event),
            sessions=form.fields["session"].queryset.order_by("starts_at", "pk"),
        )
        return TemplateResponse(request, "admin/registrations/attendance_list_form.html", context)

    def import_view(self, request, event_id: int):
        event = scoped_event(request, event_id, editable=True)
        stored = request.session.get(IMPORT_SESSION_KEY)
        parsed = None
        if stored and stored.get("event") == event.pk:
            parsed = importing.ParsedFile(headers=stored["headers"], rows=stored["rows"])
        upload = ImportUploadForm()
        result = None
        mapping = importing.suggest_mapping(event, parsed.headers) if parsed else []
        if request.method == "POST" and "upload" in request.POST:
            upload = ImportUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    parsed = importing.parse_csv(upload.cleaned_data["file"].read())
                except importing.ImportFileError as error:
                    upload.add_error("file", str(error))
                    parsed = None
                else:
                    request.session[IMPORT_SESSION_KEY] = {
                        "event": event.pk,
                        "headers": parsed.headers,
                        "rows": parsed.rows,
                    }
                    mapping = importing.suggest_mapping(event, parsed.headers)
        elif request.method == "POST" and parsed and ("dry_run" in request.POST or "import" in request.POST):
            mapping = [request.POST.get(f"column_{index}", "") for index in range(len(parsed.headers))]
            result = importing.import_registrations(
                event=event,
                parsed=parsed,
                mapping=mapping,
                dry_run="import" not in request.POST,
                notify="without_emails" not in request.POST,
                over_capacity="over_capacity" in request.POST,
            )
            if result.ok and not result.dry_run:
                # The uploaded rows hold personal data; they leave the session as soon as they are saved.
                request.session.pop(IMPORT_SESSION_KEY, None)
                summary = importing.summary(
                    result,
                    notify="without_emails" not in request.POST,
                    over_capacity="over_capacity" in request.POST,
                )
                # The event's history keeps how the import was done (e-mails, capacity).
                LogEntry.objects.log_actions(
                    request.user.pk, [event], CHANGE, change_message=summary, single_object=True
                )
                messages.success(request, summary)
                return redirect(reverse("admin:registrations_registration_event_overview", args=[event.pk]))
        elif request.method == "POST" and "discard" in request.POST:
            request.session.pop(IMPORT_SESSION_KEY, None)
            return redirect(request.path)
        choices = importing.target_choices(event)
        columns = []
        if parsed:
            for index, header in enumerate(parsed.headers):
                columns.append(
                    {
                        "index": index,
                        "header": header,
                        "selected": mapping[index] if index < len(mapping) else "",
                    }
                )
        context = self._context(
            request,
            event,
            _("Import registrations: %(event)s") % {"event": event.title},
            upload=upload,
            parsed=parsed,
            preview=parsed.rows[:5] if parsed else [],
            columns=columns,
            choices=choices,
            result=result,
            without_emails="without_emails" in request.POST,
            over_capacity="over_capacity" in request.POST,
        )
        return TemplateResponse(request, "admin/registrations/import.html", context)

    def privacy_view(self, request):
        if not (
            access.is_administrator(request.user) or access.organization_ids(request.user, editable=True)
        ):
            raise PermissionDenied
        form = PrivacyForm(request.POST or None)
        found = None
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if "export" in request.POST:
                data = privacy.export_person(email=email, user=request.user)
                response = HttpResponse(
                    json.dumps(data, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
                response["Cache-Control"] = "no-store"
                return response
            if "erase" in request.POST:
                if not form.cleaned_data["confirm"]:
                    form.add_error("confirm", _("Tick the box to confirm the erasure."))
                else:
                    count = privacy.erase_person(email=email, user=request.user)
                    messages.success(
                        request,
                        ngettext("%(n)d registration anonymized.", "%(n)d registrations anonymized.", count)
                        % {"n": count},
                    )
                    return redirect(request.path)
            found = (
                privacy.person_registrations(email=email, user=request.user)
                .select_related("event")
                .order_by("created_at")
            )
        context = self._context(request, None, _("Personal data requests"), form=form, found=found)
        return TemplateResponse(request, "admin/registrations/privacy.html", context)
