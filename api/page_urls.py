"""Addresses beside the public pages (inside the language prefixes): schedules, embeds and feeds."""

from django.urls import path

from . import page_views

app_name = "syndication"

urlpatterns = [
    path("events/<slug:slug>/schedule.xml", page_views.schedule_xml_view, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", page_views.schedule_json_view, name="schedule_json"),
]
