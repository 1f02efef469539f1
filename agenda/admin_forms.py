"""The agenda table on an event's admin page: one row per session, day and times apart, people as lines."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Session

TITLE_FIELD = f"title_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
# Model fields the row shows under other names; errors the model raises about them go there.
ROW_FIELD_OF = {"starts_at": "start", "ends_at": "end", "title": TITLE_FIELD}


def _clock(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def _span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return f"{_clock(starts_at)}–{_clock(ends_at)}"


class BlockSelect(forms.Select):
    """The "part of" list; each block carries its day and times, for the script to propose them."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        block = getattr(value, "instance", None)
        if block is not None:
            option["attrs"].update(
                {
                    "data-day": timezone.localdate(block.starts_at).isoformat(),
                    "data-start": _clock(block.starts_at),
                    "data-end": _clock(block.ends_at),
                }
            )
        return option


class SessionRowForm(forms.ModelForm):
    """A session as a table row: the day, its start and end times, and its people, one per line.

    A nested item may leave its day and times empty: it then takes its block's.
    """

    day = forms.DateField(
        label=_("day"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("start"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end = forms.TimeField(
        label=_("end"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    people = forms.CharField(
        label=_("people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 24}),
        help_text=_(
            "One person a line: name, then the role in brackets, e.g. “Anna Nowak (moderation, to be "
            "confirmed)”. Without brackets: a talk."
        ),
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            TITLE_FIELD,
            "track",
            "parent",
            "venue",
            "host_organization",
            "capacity",
            "is_selectable",
        ]
        labels = {TITLE_FIELD: _("title")}

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields[TITLE_FIELD].required = True
        # A room and a block are this event's own, picked from short lists: no add, edit or view buttons.
        track = self.fields["track"].widget
        self.fields["track"].widget = getattr(track, "widget", track)
        self.fields["parent"].widget = BlockSelect()
        self.fields["parent"].label_from_instance = lambda block: (
            f"{block.title} ({_span(block.starts_at, block.ends_at)})"
        )
        for name in ("venue", "host_organization"):
            # In the table only "add new" stays beside the list; the venue's own page is elsewhere.
            widget = self.fields[name].widget
            widget.can_change_related = widget.can_delete_related = widget.can_view_related = False
        self.fields["capacity"].widget.attrs.update({"class": "vSmallField", "min": 0})
        session = self.instance
        if session.pk:
            self.initial.setdefault("day", timezone.localdate(session.starts_at))
            self.initial.setdefault("start", timezone.localtime(session.starts_at).time())
            self.initial.setdefault("end", timezone.localtime(session.ends_at).time())
            self.initial.setdefault("people", services.format_roles(session.roles.select_related("person")))
        if event is not None and event.pk:
            self.fields["parent"].queryset = (
                Session.objects.filter(event=event, parent=None).exclude(pk=session.pk).order_by("starts_at")
            )
            self.fields["track"].queryset = event.tracks.all()
        if event is not None and event.starts_at and event.ends_at:
            first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
            self.fields["day"].widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})

    def clean_people(self):
        return services.parse_roles(self.cleaned_data["people"])

    def clean(self):
        cleaned = super().clean()
        block = cleaned.get("parent")
        if block is not None:
            # A nested item without its own day or times happens when its block does.
            if cleaned.get("day") is None and "day" not in self.errors:
                cleaned["day"] = timezone.localdate(block.starts_at)
            if cleaned.get("start") is None and "start" not in self.errors:
                cleaned["start"] = timezone.localtime(block.starts_at).time()
            if cleaned.get("end") is None and "end" not in self.errors:
                cleaned["end"] = timezone.localtime(block.ends_at).time()
        for name in ("day", "start", "end"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day is None or start is None or end is None:
            return cleaned
        event = self.event
        if event is not None and event.starts_at and event.ends_at:
            first, last = timezone.localdate(event.starts_at), timezone.localdate(event.ends_at)
            if not first <= day <= last:
                self.add_error(
                    "day",
                    _("The event runs from %(first)s to %(last)s; pick one of its days.")
                    % {"first": date_format(first, "DATE_FORMAT"), "last": date_format(last, "DATE_FORMAT")},
                )
                return cleaned
        if end <= start:
            self.add_error("end", _("The session must end after it starts."))
            return cleaned
        zone = timezone.get_current_timezone()
        self.instance.starts_at = timezone.make_aware(dt.datetime.combine(day, start), zone)
        self.instance.ends_at = timezone.make_aware(dt.datetime.combine(day, end), zone)
        return cleaned

    def _update_errors(self, errors):
        # The model speaks of starts_at and ends_at; the row shows them as the day and its times.
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {
                    (
                        ROW_FIELD_OF.get(name, name)
                        if ROW_FIELD_OF.get(name, name) in self.fields
                        else NON_FIELD_ERRORS
                    ): messages
                    for name, messages in errors.error_dict.items()
                }
            )
        super()._update_errors(errors)

    def _save_m2m(self):
        super()._save_m2m()
        if "people" in self.changed_data:
            services.set_session_roles(
                session=self.instance,
                lines=self.cleaned_data["people"],
                organization=self.instance.event.organization,
            )


class SessionRowFormSet(BaseInlineFormSet):
    """The agenda of one event; checks across rows what no single row can see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = self.queryset.order_by("-ends_at").first() if self.instance.pk else None
        # Without scripts too, the empty row proposes the last session's day and end as its start, or the
        # event's own start before the first session.
        # Both read what is stored, so a row left empty looks the same when the page comes back.
        if last is not None:
            proposed = last.ends_at
        elif self.instance.pk:
            proposed = (
                type(self.instance).objects.values_list("starts_at", flat=True).get(pk=self.instance.pk)
            )
        else:
            proposed = None
        if proposed is not None:
            self.initial_extra = [
                {"day": timezone.localdate(proposed), "start": timezone.localtime(proposed).time()}
            ] * self.extra

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}

    def _rows(self) -> list[SessionRowForm]:
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and form.is_valid() and form.instance.starts_at
        ]

    def clean(self):
        super().clean()
        rows = self._rows()
        by_pk = {form.instance.pk: form.instance for form in rows if form.instance.pk}
        for form in rows:
            session = form.instance
            block = form.cleaned_data.get("parent")
            if block is not None:
                block = by_pk.get(block.pk, block)
                if session.starts_at < block.starts_at or session.ends_at > block.ends_at:
                    form.add_error(
                        "parent",
                        _(
                            "“%(item)s” (%(item_time)s) does not fit in its block “%(block)s” "
                            "(%(block_time)s): change the times or pick another block."
                        )
                        % {
                            "item": form.cleaned_data.get(TITLE_FIELD),
                            "item_time": _span(session.starts_at, session.ends_at),
                            "block": block.title,
                            "block_time": _span(block.starts_at, block.ends_at),
                        },
                    )
        for index, form in enumerate(rows):
            track = form.cleaned_data.get("track")
            if track is None:
                continue
            session = form.instance
            for other in rows[:index]:
                other_session = other.instance
                related = (
                    session.pk
                    and other.cleaned_data.get("parent")
                    and other.cleaned_data["parent"].pk == session.pk
                )
                related = related or (
                    other_session.pk
                    and form.cleaned_data.get("parent")
                    and form.cleaned_data["parent"].pk == other_session.pk
                )
                if (
                    other.cleaned_data.get("track") == track
                    and session.overlaps(other_session)
                    and not related
                ):
                    form.add_error(
                        "track",
                        _(
                            "“%(other)s” takes place in the same room (%(track)s) at the same time "
                            "(%(time)s); a room holds one session at a time."
                        )
                        % {
                            "other": other.cleaned_data.get(TITLE_FIELD),
                            "track": track.name,
                            "time": _span(other_session.starts_at, other_session.ends_at),
                        },
                    )
                    break
