"""The intervention catalogue, edited by administrators: its entries (rungs) and their versions in time. Past
interventions keep the version they were issued under."""

from django import forms
from django.contrib import admin

from agencies.models import AgencyKind
from jag.models import Jag

from .models import InterventionKind, KindVersion


class InterventionKindForm(forms.ModelForm):
    class Meta:
        model = InterventionKind
        # Every field the fieldsets below show.
        fields = [
            "code",
            "name",
            "short_name",
            "tier",
            "court_stage",
            "continues",
            "notes",
            "letter",
            "can_be_refused",
            "sort_order",
            "is_active",
        ]


class KindVersionInline(admin.TabularInline):
    """The entry's versions, read here and edited on their own page (where overlaps are checked)."""

    model = KindVersion
    fields = ("name", "in_force_from", "in_force_until", "localities", "withdrawn")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InterventionKind)
class InterventionKindAdmin(admin.ModelAdmin):
    form = InterventionKindForm
    list_display = ["name", "tier", "continues", "court_stage", "is_active"]
    list_filter = ["tier", "court_stage", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["name", "short_name", "code"]
    inlines = [KindVersionInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "tier", "court_stage", "continues", "notes"]}),
        ("Letters and display", {"fields": ["letter", "can_be_refused", "sort_order", "is_active"]}),
    ]


def locality_choices() -> list[tuple[str, str]]:
    return [(locality, locality) for locality in Jag.objects.order_by("locality").values_list("locality", flat=True)]


class KindVersionForm(forms.ModelForm):
    issuing_agency_kinds = forms.MultipleChoiceField(
        label="Agencies that may issue or apply",
        choices=AgencyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked means any partner",
    )
    localities = forms.MultipleChoiceField(
        label="Areas (JAG localities)",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only in these localities (a pilot); none ticked means everywhere",
    )

    class Meta:
        model = KindVersion
        fields = [
            "kind",
            "name",
            "short_name",
            "legal_basis",
            "legal_source",
            "in_force_from",
            "in_force_until",
            "localities",
            "withdrawn",
            "issuing_agency_kinds",
            "landlord_condition",
            "minimum_age",
            "maximum_age",
            "requires_prior",
            "default_live_months",
            "max_live_months",
            "max_live_hours",
            "notice_hours",
            "senior_notice_hours",
            "adult_min_live_months",
            "under_18_min_live_months",
            "under_18_max_live_months",
            "appeal_days",
            "without_notice",
            "penalty",
            "max_fixed_penalty",
            "conditions_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A locality already named by the version stays a choice even when no JAG has it (yet).
        known = locality_choices()
        named = [(name, name) for name in (self.instance.localities or []) if (name, name) not in known]
        self.fields["localities"].choices = known + named  # type: ignore[attr-defined]


@admin.register(KindVersion)
class KindVersionAdmin(admin.ModelAdmin):
    form = KindVersionForm
    list_display = ["name", "kind", "in_force_from", "in_force_until", "areas", "withdrawn"]
    list_filter = ["kind", "withdrawn"]
    search_fields = ["name", "short_name", "legal_basis", "legal_source"]
    date_hierarchy = "in_force_from"
    filter_horizontal = ["requires_prior"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "legal_basis", "legal_source"]}),
        ("When and where it is in force", {"fields": ["in_force_from", "in_force_until", "localities", "withdrawn"]}),
        (
            "Who may use it",
            {
                "fields": [
                    "issuing_agency_kinds",
                    "landlord_condition",
                    "minimum_age",
                    "maximum_age",
                    "requires_prior",
                ]
            },
        ),
        (
            "Live period and appeal",
            {
                "fields": [
                    "default_live_months",
                    "max_live_months",
                    "max_live_hours",
                    "notice_hours",
                    "senior_notice_hours",
                    "adult_min_live_months",
                    "under_18_min_live_months",
                    "under_18_max_live_months",
                    "appeal_days",
                ]
            },
        ),
        (
            "Court, breach and penalty",
            {"fields": ["without_notice", "penalty", "max_fixed_penalty", "conditions_text"]},
        ),
    ]

    @admin.display(description="Areas")
    def areas(self, version: KindVersion) -> str:
        return ", ".join(version.localities) or "Everywhere"
