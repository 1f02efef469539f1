"""At the door: the check-in page (by code, by name, per day or per session) and registering walk-ins.

Mixed into the registration admin beside AttendeeToolsAdminMixin, whose URLs route here.
"""

import datetime as dt
import uuid

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agenda.models import Session
from attendees import checkin, walkins
from attendees.admin_tools import scoped_event
from attendees.forms import WalkInForm
from attendees.models import Attendance
from events.models import Event
from registrations import services
from registrations.models import Registration
from registrations.selectors import confirmed_on_day
from registrations.services.capacity import event_seats_left


def _checkin_point(event: Event, value: str) -> tuple[dt.date | None, Session | None]:
    """Parse "day:YYYY-MM-DD" or "session:<id>" (the session must belong to the event)."""
    kind, _sep, rest = (value or "").partition(":")
    if kind == "session":
        try:
            return None, Session.objects.get(event=event, pk=int(rest))
        except (ValueError, Session.DoesNotExist) as error:
            raise Http404 from error
    if kind == "day":
        try:
            day = dt.date.fromisoformat(rest)
        except ValueError as error:
            raise Http404 from error
        if day not in checkin.event_days(event):
            raise Http404
        return day, None
    return checkin.default_day(event), None


def _checkin_points(event: Event) -> list[tuple[str, str]]:
    """Where a door can be: each day of the event, and each session people choose or that has a limit."""
    points = [
        (f"day:{each.isoformat()}", date_format(each, "SHORT_DATE_FORMAT"))
        for each in checkin.event_days(event)
    ]
    points += [
        (f"session:{each.pk}", str(each))
        for each in Session.objects.filter(event=event)
        .exclude(kind__in=Session.QUIET_KINDS)
        .filter(Q(is_selectable=True) | Q(kind=Session.Kind.STUDY_VISIT) | Q(capacity__isnull=False))
    ]
    return points


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class DoorToolsAdminMixin:
    """The check-in and walk-in views of a Registration ModelAdmin."""

    def checkin_view(self, request, event_id: int):
        event = scoped_event(request, event_id, editable=True)
        point_value = request.POST.get("point") or request.GET.get("point") or ""
        day, session = _checkin_point(event, point_value)
        outcome = None
        if request.method == "POST":
            registration = None
            if request.POST.get("registration"):
                registration = (
                    Registration.objects.filter(
                        event=event, public_id=_uuid_or_none(request.POST["registration"])
                    )
                    .select_related("event", "organization")
                    .first()
                )
            elif request.POST.get("code"):
                registration = checkin.find_by_code(event=event, code=request.POST["code"])
            if registration is None:
                outcome = {"level": "danger", "text": _("No registration with this code for this event.")}
            elif request.POST.get("undo"):
                undone = checkin.undo_check_in(registration=registration, day=day, session=session)
                text = _("Check-in of %(name)s undone.") if undone else _("%(name)s was not checked in.")
                outcome = {"level": "secondary", "text": text % {"name": registration.full_name}}
            else:
                try:
                    result = checkin.check_in(
                        registration=registration,
                        by=request.user,
                        day=day,
                        session=session,
                        outside_choice=bool(request.POST.get("outside_choice")),
                    )
                except checkin.CheckInRefused as error:
                    outcome = {"level": "danger", "text": str(error), "registration": registration}
                except checkin.SessionNotChosen as error:
                    outcome = {
                        "level": "warning",
                        "text": str(error),
                        "registration": registration,
                        "confirm": True,
                    }
                else:
                    at = timezone.localtime(result.attendance.checked_in_at)
                    if result.created:
                        text = _("Checked in: %(name)s") % {"name": registration.full_name}
                        outcome = {
                            "level": "success",
                            "text": text,
                            "registration": registration,
                            "undo": True,
                        }
                    else:
                        text = _("Already checked in at %(time)s: %(name)s") % {
                            "time": f"{at:%H:%M}",
                            "name": registration.full_name,
                        }
                        outcome = {
                            "level": "warning",
                            "text": text,
                            "registration": registration,
                            "undo": True,
                        }
        query = request.GET.get("q", "").strip()
        found = checkin.search_by_name(event=event, text=query) if query else []
        present_filter = Q(session=session) if session else Q(session=None, day=day)
        present_ids = set(
            Attendance.objects.filter(present_filter, registration__event=event).values_list(
                "registration_id", flat=True
            )
        )
        points = _checkin_points(event)
        current = f"session:{session.pk}" if session else f"day:{day.isoformat()}"
        context = {
            "event": event,
            "outcome": outcome,
            "query": query,
            "found": [(registration, registration.pk in present_ids) for registration in found],
            "points": points,
            "current_point": current,
            "present_count": len(present_ids),
            "confirmed_count": (
                Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
                if session
                else confirmed_on_day(event=event, day=day)
            ).count(),
        }
        response = TemplateResponse(request, "attendees/checkin/checkin.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def walk_in_view(self, request, event_id: int):
        """Register someone who came without registering, and check them in where the door is."""
        event = scoped_event(request, event_id, editable=True)
        point_value = request.POST.get("point") or request.GET.get("point") or ""
        day, session = _checkin_point(event, point_value)
        day = timezone.localdate(session.starts_at) if session else day
        current = f"session:{session.pk}" if session else f"day:{day.isoformat()}"
        checkin_url = reverse("admin:registrations_registration_checkin", args=[event.pk])
        back = f"{checkin_url}?{urlencode({'point': current})}"
        form = WalkInForm(request.POST or None, event=event, day=day)
        if request.method == "POST" and form.is_valid():
            try:
                result = walkins.register_walk_in(
                    event=event, person=form.person_data(), by=request.user, day=day, session=session
                )
            except services.RegistrationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                registration = result.registration
                name = {"name": registration.full_name}
                if not result.created:
                    messages.warning(
                        request,
                        _("%(name)s is registered already with this e-mail: check them in below.") % name,
                    )
                    return redirect(f"{back}&{urlencode({'q': registration.last_name})}")
                if not result.checked_in:
                    messages.warning(
                        request,
                        _("Registered on site, but not checked in: %(name)s (%(status)s).")
                        % {**name, "status": registration.get_status_display()},
                    )
                else:
                    messages.success(request, _("Registered on site and checked in: %(name)s") % name)
                return redirect(back)
        points = dict(_checkin_points(event))
        context = {
            "event": event,
            "form": form,
            "current_point": current,
            "point_label": points.get(current, current),
            "checkin_url": back,
            "seats_left": event_seats_left(event),
        }
        response = TemplateResponse(request, "attendees/checkin/walk_in.html", context)
        response["Cache-Control"] = "no-store"
        return response
