from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.selectors import event_cities
from organizations.models import Organization, Region

from .models import Event, Series, Topic


def _blank(label):
    return [("", label)]


class EventFilterForm(forms.Form):
    """The event list's GET filters; every field is optional and an invalid value is simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    city = forms.ChoiceField(label=_("City"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organizer"), required=False, queryset=Organization.objects.none(), to_field_name="slug"
    )
    series = forms.ModelChoiceField(
        label=_("Series"), required=False, queryset=Series.objects.none(), to_field_name="slug"
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = _("any")
        self.fields["city"].choices = _blank(anything) + [(city, city) for city in event_cities()]
        self.fields["region"].choices = _blank(anything) + list(Region.choices)
        self.fields["format"].choices = _blank(anything) + list(Event.Format.choices)
        self.fields["language"].choices = _blank(anything) + [
            (code, name) for code, name in settings.LANGUAGES
        ]
        published = Event.objects.published()
        self.fields["organization"].queryset = Organization.objects.filter(
            Q(events__in=published) | Q(partnerships__event__in=published)
        ).distinct()
        self.fields["series"].queryset = Series.objects.filter(events__in=published).distinct()
        self.fields["topic"].queryset = Topic.objects.filter(events__in=published).distinct()
        for name in ("organization", "series", "topic"):
            self.fields[name].empty_label = anything
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["q"].widget.attrs["type"] = "search"

    def filters(self) -> dict:
        """Cleaned values ready for events.selectors.search_events; invalid fields are dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "city": data.get("city") or "",
            "region": data.get("region") or "",
            "event_format": data.get("format") or "",
            "language": data.get("language") or "",
            "organization": data.get("organization"),
            "series": data.get("series"),
            "topic": data.get("topic"),
        }

    def active_count(self) -> int:
        return sum(1 for value in self.filters().values() if value)


class OrganizationFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _blank(_("any")) + list(Region.choices)
        self.fields["kind"].choices = _blank(_("any")) + list(Organization.Kind.choices)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"region": data.get("region") or "", "kind": data.get("kind") or ""}


class DuplicateEventForm(forms.Form):
    """The new first day of a copied event; every session moves by as many days."""

    starts_on = forms.DateField(
        label=_("New first day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Every session moves by the same number of days. The copy is saved as a draft."),
    )


class EventAdminForm(forms.ModelForm):
    """The event's admin form, with its languages as named checkboxes instead of typed codes."""

    languages = forms.MultipleChoiceField(
        label=capfirst(_("languages")),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the event is held in."),
    )

    class Meta:
        model = Event
        fields = ["languages"]  # the admin adds the rest from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["languages"] = self.instance.language_codes

    def clean_languages(self) -> str:
        # Stored as the codes in the portal's order, e.g. "pl,en".
        chosen = set(self.cleaned_data["languages"])
        return ",".join(code for code, _name in settings.LANGUAGES if code in chosen)
