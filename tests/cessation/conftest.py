"""A case ready for cessation: long standing, medium risk, an Appendix A plan, a complainant and a perpetrator
with a warning, and a JAG meeting (today, with the lead and partner agencies present) that has it on the agenda.
Officers: the lead officer (proposes), the chair (decides, signs), a peer reviewer (another locality's JAG chair),
a reviewer from the case's own JAG (refused), the LPU commander and the LA community safety manager."""

import datetime

import pytest

from cases.models import Case, PersonRole
from cases.services import case_add_person, chronology_add, plan_save
from core import clock
from incremental.models import InterventionKind
from incremental.services import intervention_issue
from tests.cessation.helpers import assess_medium_risk, meeting_today
from tests.conftest import _signed_in
from tests.factories import AgencyFactory, JagFactory, OfficerFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue


@pytest.fixture
def cessation_jag(jag, chair, lead_agency, partner_agency):
    jag.member_agencies.add(lead_agency, partner_agency)
    return jag


@pytest.fixture
def complainant(case, lead_officer):
    person = PersonFactory(
        first_name="Margaret",
        last_name="Ellison",
        address="14 Narborough Road, Leicester",
        postcode="LE3 0BQ",
        created_by=lead_officer,
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(
        first_name="Darren",
        last_name="Whitfield",
        date_of_birth=datetime.date(1994, 8, 30),
        address="16 Narborough Road, Leicester",
        created_by=lead_officer,
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def plan(case, lead_officer):
    assess_medium_risk(case, lead_officer)
    return plan_save(
        case=case,
        officer=lead_officer,
        overview="Loud music and shouting from number 16, most nights since March.",
        who_is_at_risk="Mrs Ellison at number 14",
        risk_from="The tenant of number 16",
        children_involved=False,
        safeguarding_considered=False,
        support_options="Mediation offered; GP referral for sleep problems.",
        powers_available="Community protection warning and notice; tenancy enforcement.",
        actions="Warning letter, mediation, noise monitoring.",
    )


@pytest.fixture
def ceasable_case(cessation_jag, case, lead_officer, lead_agency, complainant, perpetrator, plan) -> Case:
    """Long standing, with a plan, a warning to the perpetrator and a few chronology entries."""
    ensure_catalogue()  # a test that really commits (a browser journey) may have flushed what the migration seeded
    chronology_add(
        case=case,
        officer=lead_officer,
        kind="visit",
        occurred_at=clock.now() - datetime.timedelta(days=30),
        text="Home visit to Mrs Ellison; mediation offered and declined.",
    )
    intervention_issue(
        officer=lead_officer,
        case=case,
        person=perpetrator,
        kind=InterventionKind.objects.get(code="first_warning"),
        issuing_agency=lead_agency,
        issuing_officer=lead_officer,
        issued_on=clock.today() - datetime.timedelta(days=60),
    )
    Case.objects.filter(pk=case.pk).update(long_standing_since=clock.today() - datetime.timedelta(days=10))
    case.refresh_from_db()
    return case


@pytest.fixture
def meeting(ceasable_case, cessation_jag, chair, lead_agency, partner_agency):
    """Today's meeting of the case's JAG, both member agencies present (the case goes on its agenda when the
    proposal is made: `proposal` below)."""
    return meeting_today(cessation_jag, chair, [lead_agency, partner_agency])


@pytest.fixture
def other_jag(db):
    return JagFactory(name="Charnwood JAG", locality="Charnwood")


@pytest.fixture
def peer_reviewer(other_jag):
    officer = OfficerFactory(
        username="peer.reviewer",
        first_name="Rhiannon",
        last_name="Reviewer",
        agency=AgencyFactory(name="Charnwood Borough Council", short_name="CBC"),
        roles=["officer", "jag_chair"],
    )
    other_jag.chair = officer
    other_jag.save()
    return officer


@pytest.fixture
def same_jag_member(cessation_jag, partner_officer):
    cessation_jag.members.add(partner_officer)
    return partner_officer


@pytest.fixture
def lpu_commander(partner_agency):
    return OfficerFactory(
        username="lpu.commander",
        first_name="Leon",
        last_name="Commander",
        agency=partner_agency,
        roles=["officer", "lpu_commander"],
    )


@pytest.fixture
def community_safety_manager(lead_agency):
    return OfficerFactory(
        username="cs.manager",
        first_name="Carys",
        last_name="Manager",
        agency=lead_agency,
        roles=["officer", "la_community_safety_manager"],
    )


@pytest.fixture
def peer_reviewer_client(peer_reviewer):
    return _signed_in(peer_reviewer)


@pytest.fixture
def lpu_commander_client(lpu_commander):
    return _signed_in(lpu_commander)


@pytest.fixture
def community_safety_manager_client(community_safety_manager):
    return _signed_in(community_safety_manager)
