"""What every app's forms share: the GOV.UK layout (crispy-forms-gds), dates and times typed the GOV.UK way, the
once-only token, and a service's errors shown next to the fields they are about. Forms validate; services save."""

import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
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
