"""The small forms of the organizer tools: export columns, tags, attendance lists, import, privacy search."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from agenda.models import Session
from attendees import exports
from events.models import Event
from organizations.models import Organization
from registrations.forms.questions import validate_single_line
from registrations.forms.registration import session_label
from registrations.models import Language
from registrations.selectors import selectable_sessions
from registrations.services import PersonData


class ExportForm(forms.Form):
    FORMATS = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]

    format = forms.ChoiceField(
        label=gettext_lazy("format"), choices=FORMATS, initial="csv", widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(label=gettext_lazy("columns"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, columns: list[exports.Column], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(column.key, column.label) for column in columns]
        self.fields["columns"].initial = [
            column.key
            for column in columns
            if column.key in exports.DEFAULT_COLUMN_KEYS or column.key.startswith("q")
        ]


class TagForm(forms.Form):
    tag = forms.CharField(label=gettext_lazy("tag"), max_length=50)


class AttendanceListForm(forms.Form):
    session = forms.ModelChoiceField(
        label=gettext_lazy("session or study visit"), queryset=Session.objects.none(), required=False
    )
    day = forms.DateField(
        label=gettext_lazy("day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    blank_rows = forms.IntegerField(
        label=gettext_lazy("blank rows"), min_value=0, max_value=100, initial=0, required=False
    )
    present = forms.BooleanField(label=gettext_lazy("show who checked in"), required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(event=event).exclude(
            kind__in=Session.QUIET_KINDS
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (Google Forms or Sheets: File → Download → CSV)"))


class PrivacyForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("e-mail of the person"))
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that erasure cannot be undone"), required=False
    )


class WalkInForm(forms.Form):
    """Few fields, big targets: what a door needs to know about someone who did not register."""

    first_name = forms.CharField(
        label=gettext_lazy("First name"),
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(),
    )
    last_name = forms.CharField(
        label=gettext_lazy("Last name"), max_length=100, validators=[validate_single_line]
    )
    organization = forms.CharField(
        label=gettext_lazy("Organization"), max_length=200, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail (optional)"),
        required=False,
        help_text=gettext_lazy("With an address the person gets the confirmation and their link."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    sessions = forms.MultipleChoiceField(
        label=gettext_lazy("Sessions of the day"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=gettext_lazy(
            "The person has read the privacy notice here and agrees to their data being processed."
        ),
    )

    def __init__(self, *args, event: Event, day: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        sessions = [
            session
            for session in selectable_sessions(event=event)
            if timezone.localdate(session.starts_at) == day
        ]
        self.fields["sessions"].choices = [(str(session.pk), session_label(session)) for session in sessions]
        if not sessions:
            del self.fields["sessions"]
        for name in ("first_name", "last_name", "organization"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        organization_name = " ".join(data["organization"].split())
        organization = (
            Organization.objects.filter(name__iexact=organization_name).first() if organization_name else None
        )
        return PersonData(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            email=data["email"],
            organization=organization,
            organization_name=organization_name,
            language=language if (language := (get_language() or "")[:2]) in Language.values else Language.PL,
            session_ids=[int(pk) for pk in data.get("sessions", [])],
        )
