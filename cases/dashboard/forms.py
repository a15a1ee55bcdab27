"""The dashboard's filters: one JAG, one lead agency, or both."""

from django import forms

from agencies.models import Agency
from jag.models import Jag


class DashboardFilterForm(forms.Form):
    jag = forms.ModelChoiceField(
        label="JAG", queryset=Jag.objects.order_by("name"), required=False, empty_label="All JAGs"
    )
    agency = forms.ModelChoiceField(
        label="Lead agency", queryset=Agency.objects.order_by("name"), required=False, empty_label="All agencies"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"
            field.error_messages["invalid_choice"] = "Choose one of the options listed"
