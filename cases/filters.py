import django_filters
from django import forms

from agencies.models import Agency, Officer
from jag.models import Jag

from .models import Case, CaseStatus, Category, RiskBand
from .selectors import case_search


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(attrs={"class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Case reference, person's name or postcode"
    )
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, empty_label="Any status")
    risk_band = django_filters.ChoiceFilter(label="Risk", choices=RiskBand.choices, empty_label="Any risk")
    jag = django_filters.ModelChoiceFilter(label="JAG", queryset=Jag.objects.all(), empty_label="Any JAG")
    lead_agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), empty_label="Any agency")
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), empty_label="Any category")
    lead_officer = django_filters.ModelChoiceFilter(queryset=Officer.objects.none(), empty_label="Any officer")
    opened_after = django_filters.DateFilter(
        field_name="opened_at", lookup_expr="date__gte", label="Opened on or after", widget=DateInput()
    )
    opened_before = django_filters.DateFilter(
        field_name="opened_at", lookup_expr="date__lte", label="Opened on or before", widget=DateInput()
    )

    class Meta:
        model = Case
        fields = ["q", "status", "risk_band", "jag", "lead_agency", "category", "lead_officer"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Lead officer choices are the officer's own agency: the list stays short and names no outsiders.
        officers = Officer.objects.filter(agency_id=getattr(user, "agency_id", None), is_active=True)
        self.filters["lead_officer"].queryset = officers
        self.form.fields["lead_officer"].queryset = officers
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "govuk-select")
            elif isinstance(widget, forms.TextInput) and not isinstance(widget, forms.DateInput):
                widget.attrs.setdefault("class", "govuk-input")

    def search(self, queryset, name, value):
        return case_search(queryset, value)
