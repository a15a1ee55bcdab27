"""The Respect order application bundle: one tagged PDF for the court and the partnership's legal advisers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cases.models import CasePerson, ChronologyEntry, Incident, PersonRole
from core import clock
from core.pdf import render_pdf
from incremental.forms import EVIDENCE_KINDS_EXCLUDED
from incremental.models import Intervention

from .models import OrderTerm, RespectRiskAssessment
from .rules import complainant_labels


@dataclass(frozen=True)
class BundlePerson:
    role: str
    name: str
    named: bool


def people_involved(intervention: Intervention, consenting: Iterable[int]) -> list[BundlePerson]:
    """The respondent by name; complainants and witnesses by name only where the officer marked them as
    consenting witnesses, otherwise as Complainant A, Witness A and so on, in the order they joined the case."""
    consenting = set(consenting)
    rows = (
        CasePerson.objects.filter(case_id=intervention.case_id)
        .exclude(person_id=intervention.person_id)
        .filter(role__in=[PersonRole.COMPLAINANT, PersonRole.WITNESS])
        .select_related("person")
        .order_by("role", "id")
    )
    people = [BundlePerson("Respondent", intervention.person.full_name, True)]
    by_role: dict[str, list[CasePerson]] = {}
    for row in rows:
        by_role.setdefault(row.role, []).append(row)
    for role, title in ((PersonRole.COMPLAINANT, "Complainant"), (PersonRole.WITNESS, "Witness")):
        members = by_role.get(role, [])
        for label, row in zip(complainant_labels(len(members)), members, strict=True):
            if row.person_id in consenting:
                people.append(BundlePerson(f"{title} (consenting witness)", row.person.full_name, True))
            else:
                people.append(BundlePerson(title, f"{title} {label}", False))
    return people


def render_bundle_pdf(
    intervention: Intervention,
    assessment: RespectRiskAssessment | None,
    *,
    entry_ids: Iterable[int],
    incident_ids: Iterable[int],
    consenting: Iterable[int],
) -> bytes:
    case = intervention.case
    entries = (
        ChronologyEntry.objects.filter(case=case, pk__in=list(entry_ids))
        .exclude(kind__in=EVIDENCE_KINDS_EXCLUDED)
        .select_related("agency", "officer")
        .order_by("occurred_at", "id")
    )
    incidents = Incident.objects.filter(case=case, pk__in=list(incident_ids)).select_related("reported_to")
    return render_pdf(
        "pdf/orders/bundle.html",
        {
            "case": case,
            "intervention": intervention,
            "assessment": assessment,
            "terms": OrderTerm.objects.filter(intervention=intervention, discharged_on__isnull=True),
            "entries": entries,
            "incidents": incidents.order_by("occurred_at", "id"),
            "people": people_involved(intervention, consenting),
            "produced_at": clock.localtime(),
        },
    )
