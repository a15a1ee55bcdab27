"""Explaining the ASB Case Review to a victim at their second report within six months (2025 statutory guidance).

When a complainant or victim who reports an incident (Incident.reported_by) reported another, on any case, within
the previous `case_review_second_report_months` calendar months, the officer is asked to explain the ASB Case Review
to them, whether or not its threshold is met, and records when and how it was explained. An explanation given since
the first of the two reports answers the prompt; a later second report (six months on) asks again.

The prompt is read in SQL, one query per page: for each reporter, the latest report on the case, the earliest
report of theirs in the months before it (any case) and whether an explanation has been recorded since that one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import AuditAction, Officer
from core import clock
from core.dates import long_date, short_date

from ..models import (
    Case,
    CasePerson,
    CasePolicy,
    CaseReviewExplanation,
    ExplainedHow,
    Incident,
    Person,
    PersonRole,
)
from ..record import audit_case, write_entry


@dataclass(frozen=True)
class SecondReport:
    """A victim's report that follows another of theirs within the months the policy sets, not yet explained."""

    person_id: int
    incident_id: int
    reported_at: datetime.datetime
    previous_at: datetime.datetime


_SQL = """
SELECT latest.reported_by_id, latest.id, latest.reported_at, previous.reported_at
FROM (SELECT DISTINCT ON (i.reported_by_id) i.id, i.reported_by_id, i.reported_at
      FROM cases_incident i
      WHERE {where} AND i.reported_by_id IS NOT NULL
      ORDER BY i.reported_by_id, i.reported_at DESC, i.id DESC) latest
CROSS JOIN LATERAL (
      SELECT p.reported_at FROM cases_incident p
      WHERE p.reported_by_id = latest.reported_by_id AND p.id <> latest.id
        AND p.reported_at <= latest.reported_at
        AND p.reported_at >= latest.reported_at - make_interval(months => %(months)s)
      ORDER BY p.reported_at LIMIT 1) previous
WHERE NOT EXISTS (
      SELECT 1 FROM cases_casereviewexplanation e
      WHERE e.victim_id = latest.reported_by_id
        AND e.explained_on >= (previous.reported_at AT TIME ZONE %(zone)s)::date)
ORDER BY latest.reported_at, latest.id
"""


def _second_reports(where: str, params: dict) -> list[SecondReport]:
    months = CasePolicy.current().case_review_second_report_months
    with connection.cursor() as cursor:
        cursor.execute(_SQL.format(where=where), params | {"months": months, "zone": settings.TIME_ZONE})
        return [SecondReport(*row) for row in cursor.fetchall()]


def second_report_for(incident: Incident) -> SecondReport | None:
    """The prompt the newly recorded incident raises, if any (it must be its reporter's latest on the case)."""
    if incident.reported_by_id is None:
        return None
    found = _second_reports(
        "i.case_id = %(case)s AND i.reported_by_id = %(person)s",
        {"case": incident.case_id, "person": incident.reported_by_id},
    )
    return found[0] if found and found[0].incident_id == incident.pk else None


def pending_explanations(case: Case) -> list[dict]:
    """Each victim of the case still to be told about the ASB Case Review after a second report: person and the
    report that asks for it."""
    found = _second_reports("i.case_id = %(case)s", {"case": case.pk})
    if not found:
        return []
    people = Person.objects.in_bulk([row.person_id for row in found])
    return [{"person": people[row.person_id], "report": row} for row in found if row.person_id in people]


def explanation_victims(case: Case):
    return Person.objects.filter(case_roles__case=case, case_roles__role=PersonRole.COMPLAINANT).order_by(
        "last_name", "first_name", "pk"
    )


@transaction.atomic
def case_review_explain(
    *,
    case: Case,
    officer: Officer,
    victim: Person,
    explained_on: datetime.date,
    how: str,
    notes: str = "",
    incident: Incident | None = None,
) -> CaseReviewExplanation:
    """Record that, when and how the ASB Case Review was explained to a victim of the case, on its chronology."""
    Case.objects.select_for_update().get(pk=case.pk)
    errors: dict[str, str] = {}
    if not CasePerson.objects.filter(case=case, person=victim, role=PersonRole.COMPLAINANT).exists():
        errors["victim"] = f"{victim} is not a complainant or victim on this case"
    if how not in ExplainedHow.values:
        errors["how"] = "Choose how the ASB Case Review was explained"
    if explained_on > clock.today():
        errors["explained_on"] = "The date it was explained must be today or in the past"
    if incident is not None:
        if incident.case_id != case.pk:
            incident = None
        elif explained_on < timezone.localtime(incident.reported_at).date():
            errors["explained_on"] = (
                f"The date it was explained must be on or after the report it follows "
                f"({long_date(timezone.localtime(incident.reported_at))})"
            )
    if errors:
        raise ValidationError(errors)
    explanation = CaseReviewExplanation(
        case=case,
        victim=victim,
        incident=incident,
        explained_on=explained_on,
        how=how,
        notes=notes.strip(),
        recorded_by=officer,
    )
    explanation.full_clean()
    explanation.save()
    said = f" {explanation.notes}" if explanation.notes else ""
    write_entry(
        case=case,
        officer=officer,
        text=f"The ASB Case Review was explained to {victim} on {short_date(explained_on)} "
        f"({ExplainedHow(how).label.lower()}).{said}",
    )
    audit_case(
        officer,
        AuditAction.CREATE,
        f"Recorded that the ASB Case Review was explained to {victim}",
        case,
        obj=explanation,
    )
    return explanation


def leaflet_context(case: Case, officer: Officer, victim: Person | None) -> dict:
    """What the leaflet says: the threshold in the policy's figures and who to contact."""
    policy = CasePolicy.current()
    return {
        "case": case,
        "victim": victim,
        "officer": officer,
        "agency": officer.agency,
        "policy": policy,
        "produced_at": clock.now(),
        "today": clock.today(),
    }


def prompt_url(incident: Incident) -> str | None:
    """Where the officer goes after recording the incident, when it is its victim's second report: the explanation."""
    if second_report_for(incident) is None:
        return None
    return reverse("case_reviews:explain", kwargs={"reference": incident.case.reference}) + f"?incident={incident.pk}"
