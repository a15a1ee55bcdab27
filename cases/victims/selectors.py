"""Reads for a victim's side of a case: the victims of a case with their contact and band, one victim's records, and
the dashboard's overdue contacts. Each reads a fixed number of queries however many victims or contacts there are."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.shortcuts import get_object_or_404

from agencies.models import Officer

from ..models import (
    Case,
    CasePerson,
    CaseStatus,
    PersonRole,
    VictimAssessment,
    VictimContactPlan,
)
from ..permissions import visible_case_q
from ..selectors import repeat_victim_ids

# A contact due within this many days is shown as due soon (and put on the single point of contact's My tasks).
DUE_SOON_DAYS = 2


def victim_on_case(case: Case, pk: int) -> CasePerson:
    """The complainant role `pk` on the case, else 404 (another case's, or another role)."""
    return get_object_or_404(CasePerson.objects.select_related("person"), pk=pk, case=case, role=PersonRole.COMPLAINANT)


def contact_status(due: datetime.date | None, as_of: datetime.date) -> str:
    """'overdue', 'due' (within DUE_SOON_DAYS) or '' for a contact due on `due`."""
    if due is None:
        return ""
    if due < as_of:
        return "overdue"
    if due <= as_of + datetime.timedelta(days=DUE_SOON_DAYS):
        return "due"
    return ""


@dataclass
class VictimRow:
    link: CasePerson
    plan: VictimContactPlan | None
    band: str
    repeat: bool
    status: str

    @property
    def person(self):
        return self.link.person


def latest_assessments(case: Case, person_ids: list[int]) -> dict[int, VictimAssessment]:
    """Each victim's latest assessment on the case, by person id (one query)."""
    rows = (
        VictimAssessment.objects.filter(case=case, victim_id__in=person_ids)
        .order_by("victim_id", "-assessed_at", "-id")
        .distinct("victim_id")
    )
    return {row.victim_id: row for row in rows}


def case_victims(case: Case, as_of: datetime.date) -> list[VictimRow]:
    """The case's complainants, each with their contact plan (and single point of contact), latest band, whether
    they are a repeat victim and whether a contact is due or overdue: four queries however many."""
    links = list(
        CasePerson.objects.filter(case=case, role=PersonRole.COMPLAINANT)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    ids = [link.person_id for link in links]
    plans = {
        plan.victim_id: plan
        for plan in VictimContactPlan.objects.filter(case=case, victim_id__in=ids).select_related("spoc__agency")
    }
    bands = latest_assessments(case, ids)
    repeat = repeat_victim_ids(ids)
    rows = []
    for link in links:
        plan = plans.get(link.person_id)
        assessment = bands.get(link.person_id)
        rows.append(
            VictimRow(
                link=link,
                plan=plan,
                band=assessment.band if assessment else "",
                repeat=link.person_id in repeat,
                status=contact_status(plan.next_contact_due if plan else None, as_of),
            )
        )
    return rows


def plan_for(case: Case, link: CasePerson) -> VictimContactPlan | None:
    return (
        VictimContactPlan.objects.filter(case=case, victim_id=link.person_id)
        .select_related("spoc__agency", "updated_by")
        .first()
    )


def overdue_contacts(user: Officer, *, as_of: datetime.date, jag_id: int | None, agency_id: int | None) -> dict:
    """Victim contacts overdue on the open cases the user may see, by JAG and by lead agency (one query, grouped by
    both, rolled up here). It starts from the open cases, so visibility is checked on them alone rather than on
    every contact plan."""
    cases = Case.objects.filter(
        visible_case_q(user), status=CaseStatus.OPEN, victim_contact_plans__next_contact_due__lt=as_of
    )
    if jag_id:
        cases = cases.filter(jag_id=jag_id)
    if agency_id:
        cases = cases.filter(lead_agency_id=agency_id)
    grouped = (
        cases.values("jag_id", "jag__name", "lead_agency_id", "lead_agency__name")
        .annotate(overdue=Count("victim_contact_plans"))
        .order_by()
    )
    cells: list[dict[str, Any]] = [dict(cell) for cell in grouped]

    def roll_up(key: str, name: str) -> list[dict]:
        rows: dict[int, dict] = {}
        for cell in cells:
            row = rows.setdefault(cell[key], {"id": cell[key], "name": cell[name], "overdue": 0})
            row["overdue"] += cell["overdue"]
        return sorted(rows.values(), key=lambda row: (row["name"], row["id"]))

    return {
        "total": sum(cell["overdue"] for cell in cells),
        "by_jag": roll_up("jag_id", "jag__name"),
        "by_agency": roll_up("lead_agency_id", "lead_agency__name"),
    }
