import pytest

from cases.models import PersonRole
from cases.services import case_add_person
from tests.cessation.conftest import (  # noqa: F401  (a ceased case's fixtures, for the cessation letter's telling)
    ceasable_case,
    cessation_jag,
    complainant,
    meeting,
    perpetrator,
    plan,
)
from tests.factories import PersonFactory


@pytest.fixture
def add_victim(case, lead_officer):
    def add(first_name: str, last_name: str, **kwargs):
        person = PersonFactory(first_name=first_name, last_name=last_name, created_by=lead_officer, **kwargs)
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
        return person

    return add


@pytest.fixture
def victims(add_victim):
    return [add_victim("Vera", "Victim"), add_victim("Walter", "Witherspoon")]
