"""The register's objects on the access matrix's case file, and a valid submission of each of its forms."""

import datetime

from cases.models import Case, Person
from core import clock
from incremental.models import EventType, InterventionEvent, InterventionKind, KindVersion
from orders import services
from orders.rules import RESPECT_ORDER_CODE
from tests.factories import InterventionFactory


def respect_kind(locality: str | None = None) -> InterventionKind:
    """The catalogue's Respect order; with `locality`, piloted there too since a year before today (a journey about
    the register, not about commencement)."""
    kind, _ = InterventionKind.objects.get_or_create(
        code=RESPECT_ORDER_CODE,
        defaults={"name": "Respect order", "short_name": "Respect order", "tier": 4, "court_stage": True},
    )
    if locality:
        KindVersion.objects.create(
            kind=kind,
            name="Respect order",
            short_name="Respect order",
            legal_basis="Crime and Policing Act 2026",
            legal_source="A pilot in the journey's area",
            in_force_from=clock.today() - datetime.timedelta(days=365),
            localities=[locality],
            minimum_age=18,
        )
    return kind


def order_objects(case: Case, officer, perpetrator: Person) -> dict:
    """A Respect order applied for (after its risk assessment) with a supervised requirement (the term varied), a
    prohibition (the term discharged) and a breach."""
    services.record_risk_assessment(
        officer=officer,
        case=case,
        person=perpetrator,
        assessed_on=clock.today() - datetime.timedelta(days=10),
        harassment_risk="Threats to neighbours.",
        vulnerabilities="None known.",
        alternatives="CPW breached.",
        other_matters="None.",
    )
    order = InterventionFactory(case=case, person=perpetrator, kind=respect_kind(), court="Leicester County Court")
    term = services.add_term(
        officer=officer, intervention=order, kind="requirement", text="Attend a course.", supervisor="YOS"
    )
    prohibition = services.add_term(
        officer=officer, intervention=order, kind="prohibition", text="Not to enter Narborough Road."
    )
    breach = InterventionEvent.objects.create(
        intervention=order,
        event_type=EventType.BREACH,
        occurred_on=clock.today() - datetime.timedelta(days=1),
        details="Shouting at the door.",
        recorded_by=officer,
    )
    return {"order": order, "order_term": term, "order_prohibition": prohibition, "order_breach": breach}


def order_posts(case_file) -> dict[str, dict]:
    today = clock.today()

    def date(name: str, day: datetime.date) -> dict:
        return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}

    return {
        "orders:service_new": {**date("served_on", today), "served_how": "personal", "served_by": "PC Amos"},
        "orders:term_new": {"kind": "requirement", "text": "Attend a course.", "supervisor": "Turning Point"},
        "orders:supervisor_update_new": {**date("reported_on", today), "compliance": "complying", "text": "Fine."},
        "orders:term_vary": {
            **date("varied_on", today),
            "varied_by": "Leicester County Court",
            "text": "Attend a course at the Dawn Centre.",
            "supervisor": "Turning Point",
            "version": case_file["order_term"].version,
        },
        "orders:term_discharge": {
            **date("discharged_on", today),
            "discharged_by": "Leicester County Court",
            "reason": "He has moved away from Narborough Road.",
        },
        "orders:breach_action": {"version": 0, **date("reported_to_police_on", today), "outcome": "Charged."},
        "orders:risk_assessment_new": {
            **date("assessed_on", today),
            "harassment_risk": "Threats.",
            "vulnerabilities": "None known.",
            "alternatives": "CPW breached.",
            "other_matters": "None.",
        },
    }
