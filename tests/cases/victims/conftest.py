"""A victim on the shared case, and helpers to make their contact plan and assessment."""

import pytest

from cases.models import CasePerson, ContactMethod, PersonRole
from cases.services import case_add_person
from cases.victims import services
from tests.factories import PersonFactory


@pytest.fixture
def victim(case, lead_officer):
    person = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


@pytest.fixture
def victim_link(case, victim):
    return CasePerson.objects.get(case=case, person=victim, role=PersonRole.COMPLAINANT)


@pytest.fixture
def make_plan(case, victim, lead_officer):
    def make(*, spoc=None, frequency_days=None, methods=(ContactMethod.PHONE,), officer=None, **fields):
        from cases.models import VictimContactPlan

        current = VictimContactPlan.objects.filter(case=case, victim=victim).first()
        return services.contact_plan_save(
            case=case,
            victim=victim,
            officer=officer or lead_officer,
            expected_version=current.version if current else 0,
            spoc=spoc or lead_officer,
            frequency_days=frequency_days,
            methods=list(methods),
            **fields,
        )

    return make


NO = {
    "repeat_victim": False,
    "targeted": False,
    "household_vulnerable": False,
    "health_impact": False,
    "children_in_household": False,
    "unsafe_at_home": False,
}


@pytest.fixture
def assess(case, victim, lead_officer):
    def run(**answers):
        band = answers.pop("band", None)
        reason = answers.pop("override_reason", "")
        return services.victim_assess(
            case=case, victim=victim, officer=lead_officer, band=band, override_reason=reason, **(NO | answers)
        )

    return run
