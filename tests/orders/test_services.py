"""The register's services: what the law requires of a Respect order and its terms, and that every change lands on
the case chronology."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import ChronologyEntry
from core import clock
from incremental import services as incremental_services
from incremental.models import EventType, Intervention
from orders import services
from orders.hooks import NO_RISK_ASSESSMENT
from orders.models import OrderTerm, RespectRiskAssessment, SupervisorUpdate

pytestmark = pytest.mark.django_db


def _latest_entry(case) -> str:
    return ChronologyEntry.objects.filter(case=case).order_by("-recorded_at", "-id").first().text


def test_respect_order_needs_the_risk_assessment_first(case, perpetrator, lead_officer, lead_agency, respect_kind):
    with pytest.raises(ValidationError) as raised:
        incremental_services.intervention_issue(
            officer=lead_officer,
            case=case,
            person=perpetrator,
            kind=respect_kind,
            issuing_agency=lead_agency,
            issuing_officer=lead_officer,
            issued_on=clock.today(),
            court="Leicester County Court",
            first_hearing_on=clock.today(),
            justification="Earlier stages breached.",
        )
    assert NO_RISK_ASSESSMENT in raised.value.messages
    assert not Intervention.objects.filter(person=perpetrator).exists()


def test_risk_assessment_needs_every_part(case, perpetrator, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.record_risk_assessment(
            officer=lead_officer,
            case=case,
            person=perpetrator,
            assessed_on=clock.today(),
            harassment_risk="Threats to neighbours.",
            vulnerabilities=" ",
            alternatives="",
            other_matters="None.",
        )
    assert set(raised.value.message_dict) == {"vulnerabilities", "alternatives"}
    assert not RespectRiskAssessment.objects.exists()


def test_requirement_needs_a_supervisor(respect_order, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.add_term(
            officer=lead_officer, intervention=respect_order, kind="requirement", text="Attend an alcohol course."
        )
    assert "supervisor" in raised.value.message_dict
    assert not OrderTerm.objects.exists()


def test_exclusion_from_home_needs_its_ground(respect_order, lead_officer):
    with pytest.raises(ValidationError) as raised:
        services.add_term(
            officer=lead_officer,
            intervention=respect_order,
            kind="prohibition",
            text="Not to enter 16 Narborough Road.",
            excludes_from_home=True,
        )
    assert "exclusion_ground" in raised.value.message_dict
    term = services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="prohibition",
        text="Not to enter 16 Narborough Road.",
        excludes_from_home=True,
        exclusion_ground="threatened",
    )
    assert term.position == 1
    assert "ground: threatened violence" in _latest_entry(respect_order.case)


def test_an_order_the_british_transport_police_applied_for_excludes_no_one_from_home(respect_order, lead_officer):
    """The British Transport Police may apply for a Respect order, but not to exclude the respondent from their
    home: the rule holds when a term is added and when it is varied."""
    from agencies.models import AgencyKind

    Agency = type(respect_order.issuing_agency)
    Agency.objects.filter(pk=respect_order.issuing_agency_id).update(kind=AgencyKind.BRITISH_TRANSPORT_POLICE)
    with pytest.raises(ValidationError) as raised:
        services.add_term(
            officer=lead_officer,
            intervention=respect_order,
            kind="prohibition",
            text="Not to enter 16 Narborough Road.",
            excludes_from_home=True,
            exclusion_ground="violence",
        )
    assert raised.value.message_dict == {
        "excludes_from_home": [
            "An order the British Transport Police applied for cannot exclude the respondent from their home"
        ]
    }
    term = services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="prohibition",
        text="Not to enter Leicester railway station.",
    )
    with pytest.raises(ValidationError) as raised:
        services.vary_term(
            officer=lead_officer,
            term=term,
            expected_version=term.version,
            varied_on=clock.today(),
            varied_by="Leicester County Court",
            text="Not to enter 16 Narborough Road.",
            excludes_from_home=True,
            exclusion_ground="violence",
        )
    assert "excludes_from_home" in raised.value.message_dict


def test_supervisor_update_moves_the_next_due_date(respect_order, lead_officer):
    term = services.add_term(
        officer=lead_officer,
        intervention=respect_order,
        kind="requirement",
        text="Attend an alcohol course.",
        supervisor="Turning Point, Leicester",
        update_every_days=28,
    )
    assert term.next_update_due == clock.today() + datetime.timedelta(days=28)
    services.record_supervisor_update(
        officer=lead_officer, term=term, reported_on=clock.today(), compliance="complying", text="Attended twice."
    )
    term.refresh_from_db()
    assert term.next_update_due == clock.today() + datetime.timedelta(days=28)
    assert SupervisorUpdate.objects.filter(term=term).count() == 1
    assert "Turning Point, Leicester" in _latest_entry(respect_order.case)
    with pytest.raises(ValidationError) as raised:
        services.record_supervisor_update(
            officer=lead_officer,
            term=term,
            reported_on=clock.today() + datetime.timedelta(days=1),
            compliance="complying",
            text="Future.",
        )
    assert "reported_on" in raised.value.message_dict


def test_breach_action_is_version_checked(respect_order, lead_officer, partner_officer, incident):
    event = incremental_services.intervention_record_event(
        officer=lead_officer,
        intervention=respect_order,
        expected_version=respect_order.version,
        event_type=EventType.BREACH,
        occurred_on=clock.today(),
        details="Shouting at the complainant's door.",
        evidence_incident=incident,
    )
    action = services.record_breach_action(
        officer=lead_officer,
        event=event,
        expected_version=0,
        reported_to_police_on=clock.today(),
        police_reference="LP-2211",
    )
    assert action.version == 1
    assert "reported to police" in _latest_entry(respect_order.case)
    with pytest.raises(services.BreachActionChanged):
        services.record_breach_action(officer=partner_officer, event=event, expected_version=0, outcome="Charged.")
    with pytest.raises(ValidationError) as raised:
        services.record_breach_action(officer=lead_officer, event=event, expected_version=1)
    assert "reported_to_police_on" in raised.value.message_dict


def test_service_is_recorded_with_its_proof(respect_order, lead_officer, statement):
    services.record_service(
        officer=lead_officer,
        intervention=respect_order,
        served_on=clock.today(),
        served_how="personal",
        served_by="PC Amos, Leicestershire Police",
        proof=statement,
    )
    assert "Proof of service: Statement of service" in _latest_entry(respect_order.case)
    with pytest.raises(ValidationError) as raised:
        services.record_service(
            officer=lead_officer,
            intervention=respect_order,
            served_on=respect_order.issued_on - datetime.timedelta(days=1),
            served_how="personal",
            served_by="",
        )
    assert {"served_on", "served_by"} <= set(raised.value.message_dict)
