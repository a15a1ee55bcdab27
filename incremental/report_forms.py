"""The consistency report's filters: the period (GOV.UK date inputs), the JAG and the issuing agency."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict

from agencies.models import Agency
from core.forms import date_field, gds_helper
from jag.models import Jag

from .report_selectors import default_period


class ConsistencyReportForm(forms.Form):
    date_from = date_field("From", required=False, help_text="For example, 1 4 2025")
    date_to = date_field("To", required=False, help_text="For example, 31 3 2026")
    jag = forms.ModelChoiceField(
        label="JAG", queryset=Jag.objects.order_by("name"), required=False, empty_label="All JAGs"
    )
    agency = forms.ModelChoiceField(
        label="Issuing agency", queryset=Agency.objects.order_by("name"), required=False, empty_label="All agencies"
    )

    def __init__(self, data: QueryDict | None = None, *, today: datetime.date):
        # Bound only when a filter was submitted: a page number alone keeps the defaults.
        bound = data is not None and any(key.startswith(tuple(self.base_fields)) for key in data)
        self.defaults = default_period(today)
        super().__init__(data if bound else None, initial={"date_from": self.defaults[0], "date_to": self.defaults[1]})
        for name in ("jag", "agency"):
            self.fields[name].widget.attrs["class"] = "govuk-select"
            self.fields[name].error_messages["invalid_choice"] = "Choose one of the options listed"
        self.helper = gds_helper(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The end of the period must be the same as or after its start")
        return data

    def filters(self) -> dict:
        """The selector's keyword arguments: the defaults unless the form is bound and valid (check is_valid first)."""
        if not self.is_bound:
            return {"date_from": self.defaults[0], "date_to": self.defaults[1], "jag_id": None, "agency_id": None}
        data = self.cleaned_data
        date_from, date_to = data["date_from"], data["date_to"]
        if date_from is None:
            date_from = default_period(date_to)[0] if date_to else self.defaults[0]
        if date_to is None:
            date_to = max(self.defaults[1], date_from)
        jag, agency = data["jag"], data["agency"]
        return {
            "date_from": date_from,
            "date_to": date_to,
            "jag_id": jag.pk if jag else None,
            "agency_id": agency.pk if agency else None,
        }
