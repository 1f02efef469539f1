"""POST data for a Django admin change page as it was rendered: every field of the form and its inlines."""

import datetime as dt

from django.db.models import Model
from django.forms import CheckboxInput, MultiWidget


def _plain(value):
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def bound_values(form) -> dict:
    data = {}
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = _plain(part)
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_plain(item) for item in value]
        else:
            data[bound.html_name] = _plain(value)
    return data


def change_form_data(response) -> dict:
    """The change page's form and inline formsets as a browser would send them untouched."""
    data = bound_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(bound_values(formset.management_form))
        for form in formset.initial_forms:
            data.update(bound_values(form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    return data


def add_row(data: dict, prefix: str, values: dict) -> None:
    """Append a row to the inline formset `prefix`, as "Add another" does in the browser."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
