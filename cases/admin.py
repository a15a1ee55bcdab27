from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.shortcuts import redirect

from agencies.models import AuditEvent

from .models import Case, CasePerson, CasePolicy, Category, Person, RiskReviewInterval, SupportService
from .permissions import case_is_visible


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "is_hate_incident", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    """The support services officers refer people to. Retire a service (not active) rather than delete it: its
    referrals keep its name."""

    list_display = ["name", "for_whom", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["for_whom", "is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.referrals.exists()


@admin.register(CasePolicy)
class CasePolicyAdmin(admin.ModelAdmin):
    """The partnership's figures (one row): long-standing cases, the ASB Case Review threshold, victims' contact,
    repeat victims and support follow-ups. Edited, never added to or deleted."""

    fieldsets = [
        ("Long-standing cases", {"fields": ["long_standing_days", "long_standing_window_months"]}),
        (
            "ASB Case Review",
            {
                "fields": [
                    "case_review_incidents",
                    "case_review_window_months",
                    "case_review_report_within_months",
                    "case_review_hate_incidents",
                    "case_review_appeal_working_days",
                    "case_review_second_report_months",
                ]
            },
        ),
        (
            "Victims",
            {
                "fields": [
                    "victim_contact_days_high",
                    "victim_contact_days_medium",
                    "victim_contact_days_standard",
                    "repeat_victim_cases",
                    "repeat_victim_incidents",
                    "repeat_victim_window_months",
                ]
            },
        ),
        ("Support referrals", {"fields": ["support_follow_up_days"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list is the row itself.
        return redirect("admin:cases_casepolicy_change", CasePolicy.current().pk)


@admin.register(RiskReviewInterval)
class RiskReviewIntervalAdmin(admin.ModelAdmin):
    list_display = ["band", "days"]


def audit_description_visible(user) -> models.Expression:
    """Whether the user may read an audit event's description, which can name the people on a case: for an event
    about a case, if they may see the case; about a person, if they may see a case the person is on; otherwise yes.
    Administrators manage the service, not the cases: they read the personal data of a case only as their own
    officer's access allows."""
    about_case = Case.objects.filter(reference=models.OuterRef("case_reference")).filter(
        case_is_visible(user, models.OuterRef("pk"))
    )
    about_person = (
        CasePerson.objects.annotate(person_key=Cast("person_id", models.CharField()))
        .filter(person_key=models.OuterRef("object_id"))
        .filter(case_is_visible(user, models.OuterRef("case_id")))
    )
    return models.Case(
        models.When(~models.Q(case_reference=""), then=models.Exists(about_case)),
        models.When(content_type=ContentType.objects.get_for_model(Person), then=models.Exists(about_person)),
        default=models.Value(True),
        output_field=models.BooleanField(),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read only. Every event shows who, when, from where, what kind of action and the case
    reference; the description only where audit_description_visible allows, and only those are searched."""

    list_display = ["at", "officer", "agency", "action", "case_reference", "shown_description", "ip_address"]
    list_filter = ["action", "agency"]
    list_select_related = ["officer", "agency"]
    date_hierarchy = "at"
    # Searched by get_search_results below: descriptions only where they are shown.
    search_fields = ["case_reference", "officer__username", "description"]
    fields = readonly_fields = (
        "at",
        "officer",
        "agency",
        "action",
        "case_reference",
        "content_type",
        "object_id",
        "shown_description",
        "ip_address",
        "forwarded_for",
        "user_agent",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(description_visible=audit_description_visible(request.user))

    def get_search_results(self, request, queryset, search_term):
        for word in search_term.split():
            queryset = queryset.filter(
                models.Q(case_reference__icontains=word)
                | models.Q(officer__username__icontains=word)
                | models.Q(description_visible=True, description__icontains=word)
            )
        return queryset, False

    @admin.display(description="Description")
    def shown_description(self, event: AuditEvent) -> str:
        if getattr(event, "description_visible", False):
            return event.description
        return "Not shown: it concerns a case you have no access to"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
