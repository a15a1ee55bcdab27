"""The case page, in sections: Overview, People, Incidents, Chronology, Risk and plan, Documents, Interventions, JAG
and Cessation, each its own page under the case's address, with the case's identity bar and the sub navigation.

Every section fetches the case through the permission helper first (404 for anyone who may not know it exists) and
reads a fixed number of queries however much the case holds: the long lists are paged. The sections of the apps
above (interventions, cessation) and of this app's rooms (JAG, ASB Case Review) are filled by the cards they
register for them (cases.cards), so this module never imports them.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from agencies.models import AuditAction
from agencies.web import audit
from core import clock
from core.http import AuthenticatedHttpRequest

from .back import back_link, carried_back
from .case_reviews.selectors import victim_threshold_status
from .exploitation.selectors import case_exploitation, flag_panel, flagged_person_ids
from .meetings.selectors import case_open_actions
from .models import Case, CaseStatus, EntryKind, PersonRole
from .permissions import can_change, can_contribute, get_case_for
from .selectors import case_chronology, case_repeat_victims, repeat_victim_ids
from .victims.selectors import case_victims

CASE_DETAIL_RELATED = ("category", "jag", "lead_agency", "lead_officer", "opened_by")
INCIDENT_PAGE_SIZE = 25
DOCUMENT_PAGE_SIZE = 25
# A timeline entry takes more height than a table row did: pages of 25 keep the page short.
CHRONOLOGY_PAGE_SIZE = 25


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    view_name: str


SECTIONS = (
    Section("overview", "Overview", "cases:detail"),
    Section("people", "People", "cases:people"),
    Section("victims", "Victims", "cases:victims"),
    Section("incidents", "Incidents", "cases:incidents"),
    Section("chronology", "Chronology", "cases:chronology"),
    Section("risk", "Risk and plan", "cases:risk_and_plan"),
    Section("documents", "Documents", "cases:documents"),
    Section("interventions", "Interventions", "cases:interventions"),
    Section("jag", "JAG", "cases:jag"),
    Section("cessation", "Cessation", "cases:cessation"),
)
_BY_KEY = {section.key: section for section in SECTIONS}


def section_url(case: Case, key: str) -> str:
    """The address of one section of the case page, e.g. section_url(case, "people"): where a form posted from
    that section returns to."""
    return reverse(_BY_KEY[key].view_name, kwargs={"reference": case.reference})


def _section_page(request: AuthenticatedHttpRequest, reference: str, key: str) -> tuple[Case, dict]:
    """The case (if the user may see it) and the context every section shares: the identity bar's facts, the sub
    navigation with the current section marked, and the back link, carried from section to section."""
    case = get_case_for(request.user, reference, queryset=Case.objects.select_related(*CASE_DETAIL_RELATED))
    section = _BY_KEY[key]
    viewed = f"Viewed case {case.reference}" if key == "overview" else f"Viewed case {case.reference}: {section.label}"
    audit(request, AuditAction.VIEW, viewed, obj=case, case_reference=case.reference)
    back = back_link(request)
    carry = carried_back(back)
    nav = [
        {
            "label": s.label,
            "url": reverse(s.view_name, kwargs={"reference": case.reference}) + carry,
            "current": s is section,
        }
        for s in SECTIONS
    ]
    return case, {
        "case": case,
        "section": section,
        "sections": nav,
        "back": back,
        "can_change": can_change(case),
        "can_contribute": can_contribute(case),
        "repeat_victims": case_repeat_victims(request.user, case),
        "exploitation_flags": case_exploitation(case),
    }


def _page(request: AuthenticatedHttpRequest, queryset, size: int):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _query_without_page(request: AuthenticatedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _next_actions(
    case: Case, contribute: bool, people_total: int, has_plan: bool, open_jag_actions: int, threshold_met: list[str]
) -> list:
    """What most needs doing on the case, most pressing first: each a sentence and where to do it."""
    actions: list[dict[str, str]] = []
    if case.status != CaseStatus.OPEN:
        return actions
    if threshold_met:
        actions.append(
            {
                "text": f"The ASB Case Review threshold is met for {', '.join(threshold_met)}",
                "detail": "",
                "url": section_url(case, "people") + "#case-review",
                "link": "See the ASB Case Review",
            }
        )
    if case.review_overdue:
        actions.append(
            {
                "text": "The risk assessment's review is overdue",
                "detail": f"It was due on {case.next_review_date:%-d %B %Y}.",
                "url": reverse("cases:risk", kwargs={"reference": case.reference}) if contribute else "",
                "link": "Review the risk assessment",
            }
        )
    elif not case.risk_band:
        actions.append(
            {
                "text": "The risk has not been assessed",
                "detail": "",
                "url": reverse("cases:risk", kwargs={"reference": case.reference}) if contribute else "",
                "link": "Assess the risk",
            }
        )
    if case.needs_plan and not has_plan:
        actions.append(
            {
                "text": f"This {case.get_risk_band_display().lower()} risk case needs a problem-solving plan",
                "detail": "",
                "url": reverse("cases:plan", kwargs={"reference": case.reference}) if contribute else "",
                "link": "Start the plan",
            }
        )
    if not people_total:
        actions.append(
            {
                "text": "No people are recorded on the case",
                "detail": "",
                "url": reverse("cases:person_add", kwargs={"reference": case.reference}) if contribute else "",
                "link": "Add a person",
            }
        )
    if open_jag_actions:
        actions.append(
            {
                "text": f"{open_jag_actions} JAG action{'s' if open_jag_actions != 1 else ''} still open",
                "detail": "",
                "url": section_url(case, "jag") + "#open-jag-actions",
                "link": "See the JAG actions",
            }
        )
    return actions


@login_required
def overview(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "overview")
    people_total = case.case_people.count()
    has_plan = case.needs_plan and case.plan_versions.exists()
    open_jag_actions = case_open_actions(case).count()
    threshold_met = [row["person"].full_name for row in victim_threshold_status(case, clock.today()) if row["met"]]
    context |= {
        "agencies": case.agency_links.select_related("agency").order_by("agency__name"),
        "next_actions": _next_actions(
            case, context["can_contribute"], people_total, has_plan, open_jag_actions, threshold_met
        ),
        "exploitation": flag_panel(case=case, may_flag=context["can_contribute"]),
    }
    return render(request, "cases/sections/overview.html", context)


@login_required
def people(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "people")
    people = list(case.case_people.select_related("person").order_by("role", "person__last_name", "person__first_name"))
    context["people"] = people
    context["repeat_victim_ids"] = repeat_victim_ids(
        link.person_id for link in people if link.role == PersonRole.COMPLAINANT
    )
    context["exploited_ids"] = flagged_person_ids(link.person_id for link in people)
    return render(request, "cases/sections/people.html", context)


@login_required
def victims(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "victims")
    context["victims"] = case_victims(case, clock.today())
    return render(request, "cases/sections/victims.html", context)


@login_required
def incidents(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "incidents")
    context |= {
        "page": _page(request, case.incidents.select_related("reported_to"), INCIDENT_PAGE_SIZE),
        "query": _query_without_page(request),
    }
    return render(request, "cases/sections/incidents.html", context)


class ChronologyFilter(forms.Form):
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *EntryKind.choices],
        error_messages={"invalid_choice": "Select a type from the list"},
    )


@login_required
def chronology(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "chronology")
    entries = case_chronology(case)
    chosen = ChronologyFilter(request.GET)
    if chosen.is_valid() and chosen.cleaned_data["kind"]:
        entries = entries.filter(kind=chosen.cleaned_data["kind"])
    context |= {
        "filter": chosen,
        "page": _page(request, entries, CHRONOLOGY_PAGE_SIZE),
        "query": _query_without_page(request),
    }
    return render(request, "cases/sections/chronology.html", context)


@login_required
def risk_and_plan(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "risk")
    context |= {
        "risk": case.risk_assessments.select_related("assessed_by").first(),
        "plan": case.plan_versions.select_related("completed_by").first(),
    }
    return render(request, "cases/sections/risk_and_plan.html", context)


@login_required
def documents(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "documents")
    context |= {
        "page": _page(request, case.documents.select_related("uploaded_by", "case"), DOCUMENT_PAGE_SIZE),
        "query": _query_without_page(request),
    }
    return render(request, "cases/sections/documents.html", context)


@login_required
def interventions(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "interventions")
    # The ladders' card reads the perpetrators from the page's people (cases.cards.CASE_INTERVENTIONS).
    context["people"] = list(
        case.case_people.filter(role=PersonRole.PERPETRATOR)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    return render(request, "cases/sections/interventions.html", context)


@login_required
def jag(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "jag")
    return render(request, "cases/sections/jag.html", context)


@login_required
def cessation(request: AuthenticatedHttpRequest, reference):
    case, context = _section_page(request, reference, "cessation")
    return render(request, "cases/sections/cessation.html", context)
