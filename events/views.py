from django.views.generic import DetailView, ListView

from .models import Event


class HomeView(ListView):
    template_name = "events/home.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.published().upcoming().select_related("organization", "venue")[:20]


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published().select_related("organization", "venue", "series")
