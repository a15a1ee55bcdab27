import datetime
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Model, Q
from django.http import QueryDict

from agencies.models import Agency, Officer
from core import clock
from core.dates import month_end, month_moments
from core.forms import FilterDateField, MonthField, gds_helper
from jag.models import Jag

from .case_reviews.selectors import case_review_threshold_q
from .jag_management.selectors import LONG_STANDING_FOR_CHOICES, long_standing_at_q, long_standing_band_q
from .models import Case, CaseStatus, Category, ExploitationFlag, RiskBand
from .selectors import CaseSearch, case_list, case_search
from .widgets import QuickSelect

YES_NO = [("yes", "Yes"), ("no", "No")]


class MonthFilter(django_filters.Filter):
    """A calendar month, typed as month and year (GOV.UK date input); the dashboard's links write it YYYY-MM."""

    field_class = MonthField


class DateFilter(django_filters.DateFilter):
    """A day, typed as day, month and year (GOV.UK date input); YYYY-MM-DD in a link or bookmark still works."""

    field_class = FilterDateField


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
    opened_after = DateFilter(field_name="opened_at", lookup_expr="date__gte", label="Opened on or after")
    opened_before = DateFilter(field_name="opened_at", lookup_expr="date__lte", label="Opened on or before")

    # The dashboard's figures: each links to the case list with these, so the list shows the cases behind it.
    risk_assessed = django_filters.ChoiceFilter(
        label="Risk assessed", choices=YES_NO, method="filter_risk_assessed", empty_label="Either"
    )
    long_standing = django_filters.ChoiceFilter(
        label="Long standing", choices=YES_NO, method="filter_long_standing", empty_label="Either"
    )
    long_standing_for = django_filters.ChoiceFilter(
        label="Long standing for",
        choices=LONG_STANDING_FOR_CHOICES,
        method="filter_long_standing_for",
        empty_label="Any length of time",
    )
    review_overdue = django_filters.ChoiceFilter(
        label="Review overdue", choices=YES_NO, method="filter_review_overdue", empty_label="Either"
    )
    case_review = django_filters.ChoiceFilter(
        label="ASB Case Review threshold met", choices=YES_NO, method="filter_case_review", empty_label="Either"
    )
    exploitation = django_filters.ChoiceFilter(
        label="Exploitation flagged", choices=YES_NO, method="filter_exploitation", empty_label="Either"
    )
    opened_month = MonthFilter(label="Opened in month", method="filter_opened_month")
    closed_month = MonthFilter(label="Closed in month", method="filter_closed_month")
    long_standing_month = MonthFilter(label="Long standing at the end of month", method="filter_long_standing_month")

    # Shown on the dashboard's links only, not in the everyday search form.
    DASHBOARD_FILTERS = (
        "risk_assessed",
        "long_standing",
        "long_standing_for",
        "review_overdue",
        "case_review",
        "opened_month",
        "closed_month",
        "long_standing_month",
    )

    class Meta:
        model = Case
        fields = ["q", "status", "risk_band", "jag", "lead_agency", "category", "lead_officer"]

    def __init__(self, data=None, *, user: Officer, **kwargs):
        """The user's cases (cases.selectors.case_list), filtered. A valid search finds its candidate cases first
        and, when they are few, checks visibility case by case (see case_search)."""
        super().__init__(data, queryset=case_list(user), **kwargs)
        # Lead officer choices are the officer's own agency: the list stays short and names no outsiders. One who
        # has left may still lead open cases (the dashboard's caseload links to them), so is still accepted.
        agency_officers = Officer.objects.filter(agency=user.agency_id)
        cast(django_filters.ModelChoiceFilter, self.filters["lead_officer"]).queryset = agency_officers
        cast(forms.ModelChoiceField, self.form.fields["lead_officer"]).queryset = agency_officers
        officers = agency_officers.filter(is_active=True)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                field.widget = QuickSelect(attrs={"class": "govuk-select", **widget.attrs}, choices=widget.choices)
            elif isinstance(widget, forms.TextInput) and not isinstance(widget, forms.DateInput):
                widget.attrs.setdefault("class", "govuk-input")
        # The officers' names straight from the table: building hundreds of Officer objects only to print their
        # names cost more than the rest of the form (the field still validates against the queryset).
        names = officers.order_by("last_name", "first_name").values_list("pk", "first_name", "last_name", "username")
        self.form.fields["lead_officer"].widget.choices = [("", "Any officer")] + [
            (pk, f"{first} {last}".strip() or username) for pk, first, last, username in names
        ]
        cast(Any, self.form).helper = gds_helper(self.form)  # read by the error summary
        self._search: CaseSearch | None = None
        query = self.form.cleaned_data.get("q") if self.is_bound and self.form.is_valid() else None
        if query:
            self._search = case_search(query)
            self.queryset = case_list(user, row_by_row=self._search.few)

    def search(self, queryset, name, value):
        assert self._search is not None  # set in __init__ whenever there is a search to filter by
        return queryset.filter(self._search.condition)

    @property
    def searching(self) -> bool:
        return self._search is not None

    def pinned(self) -> set[str]:
        """The names of the filters with a value chosen (call on a valid filter), for cases.selectors.list_order."""
        return {name for name in ("status", "risk_band") if self.form.cleaned_data.get(name)}

    @property
    def dashboard_filters(self) -> list:
        """The dashboard filters in use, to show above the list (as label, value) pairs."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name in self.DASHBOARD_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value:
                field = self.form.fields[name]
                choices = dict(getattr(field, "choices", []))
                text = f"{value:%B %Y}" if isinstance(value, datetime.date) else choices.get(value, value)
                shown.append((field.label, text))
        return shown

    def selected_filters(self, params: QueryDict) -> list[dict]:
        """Each filter in use, as a heading and a tag whose link lists the cases without it (MOJ filter a list)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        selected = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                text = f"{value:%B %Y}" if isinstance(field, MonthField) else f"{value.day} {value:%B %Y}"
            elif isinstance(value, Model):
                text = str(value)
            elif name == "q":
                text = f"“{value}”"
            else:
                text = str(dict(getattr(field, "choices", [])).get(value, value))
            remaining = params.copy()
            for key in [name, *(name + suffix for suffix in getattr(field.widget, "widgets_names", []))]:
                remaining.pop(key, None)
            remaining.pop("page", None)
            for key in [key for key, values in remaining.lists() if not any(values)]:
                del remaining[key]  # the empty fields of a submitted form say nothing
            selected.append({"name": name, "heading": field.label, "text": text, "query": remaining.urlencode()})
        return selected

    def filter_risk_assessed(self, queryset, name, value):
        return queryset.exclude(risk_band="") if value == "yes" else queryset.filter(risk_band="")

    def filter_long_standing(self, queryset, name, value):
        return queryset.filter(long_standing_since__isnull=value != "yes")

    def filter_long_standing_for(self, queryset, name, value):
        return queryset.filter(long_standing_band_q(value, clock.today()))

    def filter_review_overdue(self, queryset, name, value):
        overdue = Q(status=CaseStatus.OPEN, next_review_date__lt=clock.today())
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)

    def filter_case_review(self, queryset, name, value):
        meets = case_review_threshold_q(clock.today())
        return queryset.filter(meets) if value == "yes" else queryset.exclude(meets)

    def filter_exploitation(self, queryset, name, value):
        flagged = Q(
            pk__in=ExploitationFlag.objects.filter(removed_at__isnull=True, case__isnull=False).values("case_id")
        )
        return queryset.filter(flagged) if value == "yes" else queryset.exclude(flagged)

    def filter_opened_month(self, queryset, name, value):
        start, end = month_moments(value)
        return queryset.filter(opened_at__gte=start, opened_at__lt=end)

    def filter_closed_month(self, queryset, name, value):
        start, end = month_moments(value)
        return queryset.filter(closed_at__gte=start, closed_at__lt=end)

    def filter_long_standing_month(self, queryset, name, value):
        end = min(month_end(value), clock.today())
        if end >= clock.today().replace(day=1):
            # This month: the flags as they stand now.
            return queryset.filter(long_standing_since__isnull=False)
        return queryset.filter(long_standing_at_q(end))
