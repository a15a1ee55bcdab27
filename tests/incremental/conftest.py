"""The ladder's tests: a perpetrator on the shared case, the catalogue, and `issue` to record an intervention
through the service with everything a valid one needs (override what a test is about)."""

import datetime

import pytest

from cases.models import PersonRole
from cases.services import case_add_person
from core import clock
from incremental import services
from incremental.models import InterventionKind
from tests.factories import PersonFactory


@pytest.fixture
def kinds(db) -> dict[str, InterventionKind]:
    return {kind.code: kind for kind in InterventionKind.objects.all()}


@pytest.fixture
def perpetrator(case, lead_officer):
    person = PersonFactory(
        first_name="Darren",
        last_name="Whitfield",
        date_of_birth=datetime.date(1994, 8, 30),
        address="16 Narborough Road, Leicester",
        postcode="LE3 0BQ",
        created_by=lead_officer,
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def issue(case, perpetrator, lead_officer, lead_agency, kinds):
    """issue("cpw", justification="...", issued_on=...): the intervention, recorded by the lead officer."""

    def record(code: str, **fields):
        kind = kinds[code]
        values = {
            "officer": lead_officer,
            "case": case,
            "person": perpetrator,
            "kind": kind,
            "issuing_agency": lead_agency,
            "issuing_officer": lead_officer,
            "issued_on": clock.today() - datetime.timedelta(days=1),
        }
        if kind.court_stage:
            values |= {"court": "Leicester Magistrates' Court", "first_hearing_on": clock.today()}
        values |= fields
        return services.intervention_issue(**values)

    return record
