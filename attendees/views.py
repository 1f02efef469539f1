"""The optional public list of participants: only those who agreed to it, only if the event shows one."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from attendees.attendance_lists import collation_key, person_key
from events.models import Event
from registrations.models import Registration


def consenting_participants(event: Event) -> list[Registration]:
    registrations = Registration.objects.filter(
        event=event,
        status=Registration.Status.CONFIRMED,
        consents_to_participant_list=True,
        anonymized_at__isnull=True,
    ).select_related("organization")
    return sorted(registrations, key=person_key)


class ParticipantListView(TemplateView):
    template_name = "attendees/participant_list.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event.objects.published(), slug=kwargs["slug"])
        if not event.shows_participant_list:
            raise Http404
        people = consenting_participants(event)
        organizations = sorted(
            {p.organization_display for p in people if p.organization_display}, key=collation_key
        )
        return {
            **super().get_context_data(**kwargs),
            "event": event,
            "people": people,
            "organizations": organizations,
        }
