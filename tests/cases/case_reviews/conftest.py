"""Fixtures for the ASB Case Review tests: a victim on the shared case and a helper to record incidents."""

import datetime

import pytest
from django.utils import timezone

from cases.models import PersonRole
from cases.services import case_add_person, incident_record
from tests.factories import CaseFactory, PersonFactory

AS_OF = datetime.date(2025, 6, 15)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def victim(case, lead_officer):
    person = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


@pytest.fixture
def record_incident(lead_officer, lead_agency):
    def record(case, occurred: datetime.date, reported: datetime.date | None = None, *, hate: bool = False):
        return incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=at(occurred, 10),
            reported_at=at(reported or occurred, 11),
            reported_to=lead_agency,
            description="Shouting and banging on the door",
            hate_incident=hate,
        )

    return record


@pytest.fixture
def second_case(lead_officer, lead_agency, jag, category):
    return CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)


@pytest.fixture
def activation(case, victim, lead_officer):
    from cases.case_reviews.services import case_review_apply

    return case_review_apply(
        case=case,
        officer=lead_officer,
        victim=victim,
        application_date=datetime.date(2025, 3, 3),
        point_of_contact=lead_officer,
        received_how="phone",
        received_by=lead_officer,
    )
