"""The small forms of the organizer tools: export columns, tags, attendance lists, import, privacy search."""

from django import forms
from django.utils.translation import gettext_lazy

from agenda.models import Session
from attendees import exports
from events.models import Event


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
