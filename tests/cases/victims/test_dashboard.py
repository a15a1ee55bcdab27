"""The victim contacts overdue on the managers' dashboard's Victims page: counted in SQL over the open cases the
manager may see, by JAG and by lead agency, in the same number of queries however many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CaseStatus, PersonRole, VictimContactPlan
from cases.services import case_add_person, person_create
from cases.victims import services
from cases.victims.selectors import overdue_contacts
from core import clock
from tests.factories import AgencyFactory, CaseFactory, JagFactory, OfficerFactory

pytestmark = pytest.mark.django_db

VICTIMS_PAGE = reverse("dashboard:victims")


@pytest.fixture
def planned(lead_officer, category):
    """planned(case, due_in_days): a victim with a contact plan on the case, next contact due as asked."""

    def make(case, due_in_days: int):
        person = person_create(officer=lead_officer, first_name="Val", last_name="Victim")
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
        plan = services.contact_plan_save(
            case=case,
            victim=person,
            officer=case.lead_officer,
            expected_version=0,
            spoc=case.lead_officer,
            frequency_days=None,
            methods=["phone"],
        )
        VictimContactPlan.objects.filter(pk=plan.pk).update(
            next_contact_due=clock.today() + datetime.timedelta(days=due_in_days)
        )
        return plan

    return make


def case_for(officer, jag=None, **more):
    return CaseFactory(lead_officer=officer, lead_agency=officer.agency, jag=jag or JagFactory(), **more)


def test_overdue_contacts_by_jag_and_lead_agency(manager, lead_officer, outsider_officer, planned):
    west, east = JagFactory(name="West JAG"), JagFactory(name="East JAG")
    planned(case_for(lead_officer, west), -1)
    planned(case_for(lead_officer, west), -10)
    planned(case_for(lead_officer, east), -3)
    planned(case_for(lead_officer, east), 0)  # due today: not overdue
    closed = case_for(lead_officer, east)
    planned(closed, -5)
    closed.status = CaseStatus.CLOSED
    closed.save()
    planned(case_for(outsider_officer, west), -2)  # a case the manager may not see

    board = overdue_contacts(manager, as_of=clock.today(), jag_id=None, agency_id=None)

    assert board["total"] == 3
    assert [(row["name"], row["overdue"]) for row in board["by_jag"]] == [("East JAG", 1), ("West JAG", 2)]
    assert [(row["name"], row["overdue"]) for row in board["by_agency"]] == [(lead_officer.agency.name, 3)]
    only_west = overdue_contacts(manager, as_of=clock.today(), jag_id=west.pk, agency_id=None)
    assert only_west["total"] == 2


def test_the_victims_page_shows_them_in_constant_queries(manager_client, lead_officer, planned):
    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(VICTIMS_PAGE)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    planned(case_for(lead_officer), -1)
    one, page = count()
    for n in range(6):
        officer = OfficerFactory(agency=AgencyFactory()) if n % 2 else lead_officer
        planned(case_for(officer), -n - 1)
    several, page_after = count()

    assert one == several
    assert 'id="victim-contacts-total">1<' in page
    assert 'id="table-victim-contacts-by-jag"' in page_after
