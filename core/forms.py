"""What every app's forms share: the GOV.UK layout (crispy-forms-gds), dates and times typed the GOV.UK way, the
once-only token, and a service's errors shown next to the fields they are about. Forms validate; services save."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from .once import ONCE_ONLY_FIELD, new_submission_token

TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
YES_NO = [("yes", "Yes"), ("no", "No")]


class OnceOnlyForm(forms.Form):
    """Carries a token per rendered form so the view can save a double submission once (see core.once).

    A form posted without its token (or with one that is not a token) could not be told from its own double
    submission, so it is refused: the form comes back with what was typed and a new token, and is saved when sent
    again.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    WITHOUT_TOKEN = "This form was not saved because it arrived incomplete. Check your answers below and send it again."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(ONCE_ONLY_FIELD, new_submission_token())

    def full_clean(self):
        # Here rather than in clean(): forms that override clean() need not remember to call this one.
        super().full_clean()
        if not self.is_bound or self.cleaned_data.get(ONCE_ONLY_FIELD) is not None:
            return
        self.errors.pop(ONCE_ONLY_FIELD, None)
        self.add_error(None, self.WITHOUT_TOKEN)
        token = new_submission_token()
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[ONCE_ONLY_FIELD] = token
            self.data = data
        else:
            self.data = {**self.data, ONCE_ONLY_FIELD: token}


def gds_helper(form: forms.Form) -> FormHelper:
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> carries the token
    return helper


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        aliases = getattr(form, "service_field_names", {})
        for field, messages in error.message_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class TimeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        match = TIME_RE.match(value.strip())
        if not match:
            raise ValidationError("Enter a time in the 24-hour clock, like 14:30", code="invalid")
        return datetime.time(int(match.group(1)), int(match.group(2)))


class RealDateField(DateInputField):
    """GOV.UK date input that answers any impossible date (31 2 2024, a 30-digit year) with one plain message.

    The library's compress() lets an OverflowError escape (a 500) and shows Python's own ValueError text.
    """

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(f"{self.label} must be a real date", code="invalid") from None


def date_field(label: str, *, required: bool = True, help_text: str = "For example, 27 3 2026") -> DateInputField:
    field = RealDateField(label=label, required=required, help_text=help_text, require_all_fields=False)
    field.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"
    return field


def combine(day: datetime.date | None, time: datetime.time | None) -> datetime.datetime | None:
    """The local moment of a date and a time typed separately (midnight when no time is given)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))


def yes_no(label: str) -> forms.TypedChoiceField:
    field = forms.TypedChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, coerce=lambda v: v == "yes", empty_value=None
    )
    field.error_messages["required"] = f"Answer: {label}"
    return field


ISO_DATE_RE = re.compile(r"^([0-9]{1,4})-([0-9]{1,2})-([0-9]{1,2})$")
ISO_MONTH_RE = re.compile(r"^([0-9]{1,4})-([0-9]{1,2})$")


def _parts_from_one_value(data, name: str, parts: int, pattern: re.Pattern) -> list[str] | None:
    """A date written as one value (`opened_month=2026-03`, `opened_after=2026-03-01`), as links and bookmarks
    write it, split into the inputs' parts (day first); None when the parts themselves were sent."""
    whole = data.get(name)
    if whole is None or any(f"{name}_{index}" in data for index in range(parts)):
        return None
    match = pattern.match(whole.strip())
    if match is None:
        # Kept for the person to correct: the first input shows it, and the field explains.
        return [whole] + [""] * (parts - 1)
    # Shown as a person would type them: 3, not 03.
    return [str(int(part)) for part in reversed(match.groups())]


class FilterDateWidget(DateInputWidget):
    """The GOV.UK date input, which also reads a date written YYYY-MM-DD."""

    def value_from_datadict(self, data, files, name):
        parts = _parts_from_one_value(data, name, 3, ISO_DATE_RE)
        return parts if parts is not None else super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class FilterDateField(RealDateField):
    """An optional date in a list's filters: typed as day, month and year, or given as YYYY-MM-DD in a link."""

    widget = FilterDateWidget

    def __init__(self, *, label: str, help_text: str = "For example, 27 3 2026", **kwargs):
        kwargs.pop("required", None)
        super().__init__(label=label, help_text=help_text, required=False, require_all_fields=False, **kwargs)


class MonthInputWidget(forms.MultiWidget):
    """The GOV.UK date input with a month and a year only, which also reads a month written YYYY-MM."""

    template_name = "gds/widgets/date.html"

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(
                attrs={"class": "govuk-input govuk-date-input__input govuk-input--width-2", "label": "Month"}
            ),
            forms.TextInput(
                attrs={"class": "govuk-input govuk-date-input__input govuk-input--width-4", "label": "Year"}
            ),
        ]
        for widget in widgets:
            widget.attrs["inputmode"] = "numeric"
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.month, value.year] if value else [None, None]

    def value_from_datadict(self, data, files, name):
        parts = _parts_from_one_value(data, name, 2, ISO_MONTH_RE)
        return parts if parts is not None else super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)


class MonthField(forms.MultiValueField):
    """A calendar month (the date of its first day), typed as month and year the GOV.UK way.

    Each message names the part to correct, and is kept on that part's field too, where crispy-forms-gds looks for
    it to mark that input and to link to it from the error summary.
    """

    widget = MonthInputWidget

    def __init__(self, *, label: str, help_text: str = "For example, 3 2026", **kwargs):
        kwargs.pop("required", None)
        parts = (forms.CharField(label="Month", required=False), forms.CharField(label="Year", required=False))
        super().__init__(
            fields=parts, label=label, help_text=help_text, required=False, require_all_fields=False, **kwargs
        )

    def _wrong(self, part: int, message: str) -> ValidationError:
        self.fields[part].widget.errors = [message]
        return ValidationError(message, code="invalid")

    def clean(self, value):
        for field in self.fields:
            field.widget.errors = []
        month, year = (str(part if part is not None else "").strip() for part in (list(value or []) + ["", ""])[:2])
        if not month and not year:
            return None
        label = self.label
        if not month:
            raise self._wrong(0, f"{label} must include a month")
        if not re.fullmatch(r"[0-9]{1,2}", month) or not 1 <= int(month) <= 12:
            raise self._wrong(0, f"{label} must be a real month")
        if not year:
            raise self._wrong(1, f"{label} must include a year")
        if not re.fullmatch(r"[0-9]{4}", year) or int(year) < 1:
            raise self._wrong(1, f"{label} must include a year of 4 numbers")
        return datetime.date(int(year), int(month), 1)
