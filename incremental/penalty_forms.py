"""Forms for fixed penalties and Immediate Justice (validation and GOV.UK layout; the rules are the services')."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import cast

from django import forms
from django.core.exceptions import ValidationError

from agencies.forms import OfficerChoiceField
from agencies.models import Officer
from cases.forms import case_agencies
from cases.models import Case
from core.forms import OnceOnlyForm, TimeField, combine, date_field, gds_helper

POUNDS_RE = re.compile(r"^£?\s*([0-9]{1,7})(\.[0-9]{2})?$")


class PoundsField(forms.CharField):
    """An amount typed in pounds ("150", "£72.50"), cleaned to pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        text = value.strip().replace(",", "")
        if not POUNDS_RE.match(text):
            raise ValidationError("Enter the amount in pounds, like 150 or 72.50", code="invalid")
        try:
            return int(Decimal(text.lstrip("£").strip()) * 100)
        except InvalidOperation:
            raise ValidationError("Enter the amount in pounds, like 150 or 72.50", code="invalid") from None


class FixedPenaltyForm(OnceOnlyForm):
    issuing_officer = OfficerChoiceField(
        queryset=Officer.objects.none(), label="Issuing officer", empty_label="Choose the officer"
    )
    issued_on = date_field("Date issued")
    amount = PoundsField(label="Amount in pounds", help_text="For example, 150 or 72.50")
    due_on = date_field("Pay by", help_text="Usually 14 days after it was issued. For example, 27 3 2026")

    # The service names the amount in pence.
    service_field_names = {"amount_pence": "amount"}

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].error_messages["required"] = "Enter the amount in pounds"
        officer = cast(forms.ModelChoiceField, self.fields["issuing_officer"])
        officer.queryset = (
            Officer.objects.filter(is_active=True, agency__in=case_agencies(case))
            .select_related("agency")
            .order_by("agency__name", "last_name", "first_name")
        )
        officer.help_text = "The officer who gave the notice, of an agency on the case"
        officer.error_messages["required"] = "Choose the issuing officer"
        officer.error_messages["invalid_choice"] = "Choose one of the officers listed"
        self.helper = gds_helper(self)


class FixedPenaltyOutcomeForm(OnceOnlyForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    paid_on = date_field("Date paid", required=False, help_text="Leave blank if not paid. For example, 27 3 2026")
    escalated_on = date_field(
        "Date referred for prosecution",
        required=False,
        help_text="If it was not paid by the due date. For example, 27 3 2026",
    )
    escalation_outcome = forms.CharField(
        label="Outcome of the prosecution",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, convicted and fined £300, or not proceeded with",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self)


class ImmediateJusticeReferralForm(OnceOnlyForm):
    referred_on = date_field("Date referred")
    referred_time = TimeField(label="Time referred", help_text="24-hour clock, like 14:30")
    service_field_names = {"referred_at": "referred_on"}

    work = forms.CharField(
        label="Reparative work",
        required=False,
        max_length=300,
        help_text="For example, cleaning graffiti on the estate with the council's team",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_time"].error_messages["required"] = "Enter the time referred"
        self.helper = gds_helper(self)

    def clean(self):
        data = super().clean() or {}
        data["referred_at"] = combine(data.get("referred_on"), data.get("referred_time"))
        return data


class ImmediateJusticeStartForm(OnceOnlyForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    started_on = date_field("Date the work started")
    started_time = TimeField(label="Time the work started", help_text="24-hour clock, like 09:00")

    service_field_names = {"started_at": "started_on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_time"].error_messages["required"] = "Enter the time the work started"
        self.helper = gds_helper(self)

    def clean(self):
        data = super().clean() or {}
        data["started_at"] = combine(data.get("started_on"), data.get("started_time"))
        return data
