"""The intervention catalogue, edited by administrators. Past interventions keep what the catalogue said then."""

from django import forms
from django.contrib import admin

from agencies.models import AgencyKind

from .models import InterventionKind


class InterventionKindForm(forms.ModelForm):
    issuing_agency_kinds = forms.MultipleChoiceField(
        label="Agencies that may issue it",
        choices=AgencyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means any partner",
    )

    class Meta:
        model = InterventionKind
        # Every field the fieldsets below show.
        fields = [
            "code",
            "name",
            "short_name",
            "tier",
            "court_stage",
            "legal_basis",
            "notes",
            "issuing_agency_kinds",
            "minimum_age",
            "requires_prior",
            "default_live_months",
            "max_live_months",
            "adult_min_live_months",
            "under_18_min_live_months",
            "under_18_max_live_months",
            "appeal_days",
            "letter",
            "can_be_refused",
            "sort_order",
            "is_active",
        ]


@admin.register(InterventionKind)
class InterventionKindAdmin(admin.ModelAdmin):
    form = InterventionKindForm
    list_display = ["name", "tier", "court_stage", "minimum_age", "default_live_months", "appeal_days", "is_active"]
    list_filter = ["tier", "court_stage", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "short_name", "legal_basis"]
    filter_horizontal = ["requires_prior"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "tier", "court_stage", "legal_basis", "notes"]}),
        ("Who may use it", {"fields": ["issuing_agency_kinds", "minimum_age", "requires_prior"]}),
        (
            "Live period",
            {
                "fields": [
                    "default_live_months",
                    "max_live_months",
                    "adult_min_live_months",
                    "under_18_min_live_months",
                    "under_18_max_live_months",
                    "appeal_days",
                ]
            },
        ),
        ("Letters and display", {"fields": ["letter", "can_be_refused", "sort_order", "is_active"]}),
    ]
