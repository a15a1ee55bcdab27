"""The person page and adding people: one record per real person, shown only through cases the viewer may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases.models import CasePerson, Person, PersonRole
from cases.services import case_add_person, person_create
from tests.factories import CaseFactory

from .helpers import assert_error_summary, date_parts, new_token

pytestmark = pytest.mark.django_db

DOB = datetime.date(1970, 5, 1)


@pytest.fixture
def mary(case, lead_officer):
    person = person_create(
        officer=lead_officer, first_name="Mary", last_name="Jones", date_of_birth=DOB, postcode="LE1 6ZG"
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    return person


@pytest.fixture
def outsiders_case_with_mary(mary, outsider_officer):
    """Mary is also the perpetrator in a case only the outsider's agency can see."""
    other = CaseFactory(lead_officer=outsider_officer, summary="Graffiti on the bus shelter.")
    case_add_person(case=other, officer=outsider_officer, person=mary, role=PersonRole.PERPETRATOR)
    return other


def person_cases(response) -> list[tuple[str, str]]:
    return [(link.case.reference, link.role) for link in response.context["page"]]


def test_person_page_lists_only_cases_the_viewer_may_see(
    mary, case, outsiders_case_with_mary, lead_officer_client, outsider_client
):
    lead_view = lead_officer_client.get(mary.get_absolute_url())
    outsider_view = outsider_client.get(mary.get_absolute_url())

    assert person_cases(lead_view) == [(case.reference, PersonRole.COMPLAINANT)]
    assert outsiders_case_with_mary.reference not in lead_view.content.decode()
    assert person_cases(outsider_view) == [(outsiders_case_with_mary.reference, PersonRole.PERPETRATOR)]
    assert case.reference not in outsider_view.content.decode()


def test_person_page_for_someone_in_no_visible_case_is_404(mary, outsider_client, outsider_officer):
    response = outsider_client.get(mary.get_absolute_url())

    assert response.status_code == 404
    assert AuditEvent.objects.filter(officer=outsider_officer, action=AuditAction.VIEW).count() == 0


def test_person_page_view_is_audited(mary, partner_officer_client, partner_officer):
    response = partner_officer_client.get(mary.get_absolute_url())

    assert response.status_code == 200
    assert list(
        AuditEvent.objects.filter(officer=partner_officer, action=AuditAction.VIEW).values_list("object_id", flat=True)
    ) == [str(mary.pk)]


def test_person_page_unknown_person_is_404(lead_officer_client):
    assert lead_officer_client.get(reverse("cases:person", kwargs={"pk": 987654})).status_code == 404


# --- Adding people: possible matches ------------------------------------------------------------------------------


def add_url(case) -> str:
    return reverse("cases:person_add", kwargs={"reference": case.reference})


def test_adding_same_name_and_birth_date_shows_the_match(mary, case, lead_officer_client, person_form_data):
    form = {**person_form_data, "role": PersonRole.WITNESS, "postcode": "", "submission_token": new_token()}

    response = lead_officer_client.post(add_url(case), form)

    assert response.status_code == 200
    assert [p.pk for p in response.context["matches"]] == [mary.pk]
    page = response.content.decode()
    assert "This person may already be known" in page
    assert f'value="{mary.pk}"' in page
    assert f"Complainant / victim on {case.reference}" in page
    assert Person.objects.count() == 1
    assert CasePerson.objects.filter(case=case).count() == 1


def test_possible_matches_are_read_in_the_same_queries_however_many(mary, case, lead_officer, lead_officer_client):
    form = {
        "role": PersonRole.WITNESS,
        "first_name": "Mary",
        "last_name": "Jones",
        **date_parts("date_of_birth", DOB),
        "submission_token": new_token(),
    }

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = lead_officer_client.post(add_url(case), form)
        return len(response.context["matches"]), len(captured)

    one, count_one = queries()
    for _ in range(3):
        other = CaseFactory(lead_officer=lead_officer)
        namesake = person_create(officer=lead_officer, first_name="Mary", last_name="Jones", date_of_birth=DOB)
        case_add_person(case=other, officer=lead_officer, person=namesake, role=PersonRole.WITNESS)
    four, count_four = queries()

    assert (one, four, count_four) == (1, 4, count_one)


def test_adding_same_name_and_postcode_shows_the_match(mary, case, lead_officer_client):
    form = {
        "role": PersonRole.WITNESS,
        "first_name": "mary",
        "last_name": "JONES",
        "postcode": "le16zg",
        "submission_token": new_token(),
    }

    response = lead_officer_client.post(add_url(case), form)

    assert [p.pk for p in response.context["matches"]] == [mary.pk]


def test_choosing_the_existing_record_reuses_it(mary, case, lead_officer_client, person_form_data):
    token = new_token()
    form = {**person_form_data, "role": PersonRole.WITNESS, "submission_token": token}
    lead_officer_client.post(add_url(case), form)

    response = lead_officer_client.post(add_url(case), {**form, "match": str(mary.pk)})

    assert (response.status_code, response["Location"]) == (302, case.get_absolute_url() + "#people")
    assert Person.objects.count() == 1
    assert sorted(CasePerson.objects.filter(case=case).values_list("person_id", "role")) == [
        (mary.pk, PersonRole.COMPLAINANT),
        (mary.pk, PersonRole.WITNESS),
    ]


def test_choosing_new_person_despite_the_match_creates_one(mary, case, lead_officer_client, person_form_data):
    form = {**person_form_data, "role": PersonRole.WITNESS, "submission_token": new_token()}
    lead_officer_client.post(add_url(case), form)

    response = lead_officer_client.post(add_url(case), {**form, "match": "new"})

    assert response.status_code == 302
    assert Person.objects.filter(search_name="mary jones").count() == 2


def test_match_in_a_case_the_officer_cannot_see_is_not_shown(
    mary, outsiders_case_with_mary, case, outsider_client, outsider_officer
):
    """The outsider adds a Mary Jones to a case of their own: the Mary they can see is offered; nothing else."""
    own_case = outsiders_case_with_mary
    form = {
        "submission_token": new_token(),
        "role": PersonRole.COMPLAINANT,
        "first_name": "Mary",
        "last_name": "Jones",
        **date_parts("date_of_birth", DOB),
    }

    response = outsider_client.post(add_url(own_case), form)

    assert [p.pk for p in response.context["matches"]] == [mary.pk]
    page = response.content.decode()
    assert f"Perpetrator on {own_case.reference}" in page
    assert case.reference not in page


def test_no_match_offered_from_cases_the_officer_cannot_see(mary, outsider_officer, outsider_client):
    own_case = CaseFactory(lead_officer=outsider_officer)
    form = {
        "submission_token": new_token(),
        "role": PersonRole.COMPLAINANT,
        "first_name": "Mary",
        "last_name": "Jones",
        **date_parts("date_of_birth", DOB),
    }

    response = outsider_client.post(add_url(own_case), form)

    # No one they may see: the new person is added at once, and nothing about the other Mary leaks.
    assert response.status_code == 302
    assert Person.objects.filter(search_name="mary jones").count() == 2


def test_adding_the_same_person_twice_in_the_same_role_refused(mary, case, lead_officer_client):
    form = {
        "submission_token": new_token(),
        "role": PersonRole.COMPLAINANT,
        "first_name": "Mary",
        "last_name": "Jones",
        **date_parts("date_of_birth", DOB),
        "match": str(mary.pk),
    }

    response = lead_officer_client.post(add_url(case), form)

    assert_error_summary(response, "Mary Jones is already on this case as complainant / victim")
    assert CasePerson.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("match", ["²", "①", "٣", "１２", "-1", "1.5", " 1", "9" * 21])
def test_match_that_is_not_a_person_number_is_refused_on_the_form(mary, case, lead_officer_client, match):
    """str.isdigit() accepts "²" and "①", which int() refuses: that was a 500."""
    people, links = Person.objects.count(), CasePerson.objects.count()
    form = {**person_form_data_for(mary), "role": PersonRole.WITNESS, "match": match, "submission_token": new_token()}

    response = lead_officer_client.post(add_url(case), form)

    assert_error_summary(response, "Choose one of the people listed, or add a new person")
    assert (Person.objects.count(), CasePerson.objects.count()) == (people, links)


def person_form_data_for(person) -> dict:
    return {"first_name": person.first_name, "last_name": person.last_name}
