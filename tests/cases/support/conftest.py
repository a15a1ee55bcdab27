"""A victim and a perpetrator on the shared case, the support catalogue, and a referral helper."""

import datetime

import pytest

from cases.models import PersonRole, SupportService
from cases.services import case_add_person
from cases.support import services
from core import clock
from tests.cases.support.helpers import seed_catalogue
from tests.factories import PersonFactory


@pytest.fixture
def catalogue(db):
    """The seeded catalogue, seeded again if a transactional test before this one flushed the database."""
    seed_catalogue()


@pytest.fixture
def victim(case, lead_officer):
    person = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(first_name="Darren", last_name="Whitmore", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


def service(name: str) -> SupportService:
    return SupportService.objects.get(name=name)


def days_ago(n: int) -> datetime.date:
    return clock.today() - datetime.timedelta(days=n)


@pytest.fixture
def refer(case, lead_officer, victim, catalogue):
    """refer(...): a referral of the victim to Victim First with consent, made ten days ago, unless told otherwise."""

    def make(**fields):
        fields.setdefault("case", case)
        fields.setdefault("officer", lead_officer)
        fields.setdefault("person", victim)
        fields.setdefault("service", service("Victim First"))
        fields.setdefault("reason", "Feels unsafe at home after repeated shouting at the door.")
        fields.setdefault("referred_on", days_ago(10))
        fields.setdefault("consent_given", True)
        if fields["consent_given"]:
            fields.setdefault("consent_on", fields["referred_on"])
            fields.setdefault("consent_method", "phone")
        return services.referral_make(**fields)

    return make
