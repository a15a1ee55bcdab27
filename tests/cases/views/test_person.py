"""The person page and adding people: one record per real person, shown only through cases the viewer may see."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases.models import CasePerson, Person, PersonRole
from cases.services import case_add_person, person_create
from core import clock
from core.dates import short_date
from tests.factories import CaseFactory, InterventionFactory, _catalogue

from .helpers import assert_error_summary, date_parts, new_token, page_text

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
    assert (
        f'Complainant / victim on <a class="govuk-link" href="{case.get_absolute_url()}">{case.reference}</a>' in page
    )
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

    assert (one, four, count_one, count_four) == (1, 4, 13, 13)


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

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("cases:people", kwargs={"reference": case.reference}),
    )
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
    assert f'Perpetrator on <a class="govuk-link" href="{own_case.get_absolute_url()}">{own_case.reference}</a>' in page
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


# --- Possible matches from the name alone ------------------------------------------------------------------------


@pytest.fixture
def wayne(lead_officer):
    """Wayne Ruddock, a perpetrator on another case of the lead agency, under a live CPN after a CPW."""
    other = CaseFactory(lead_officer=lead_officer, address="33 Glenmore Road, Leicester")
    person = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock", postcode="LE3 0NF")
    case_add_person(case=other, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    today = clock.today()
    InterventionFactory(
        case=other, person=person, kind=_catalogue("cpw"), issued_on=today - datetime.timedelta(days=60)
    )
    InterventionFactory(
        case=other,
        person=person,
        kind=_catalogue("cpn"),
        issued_on=today - datetime.timedelta(days=10),
        live_until=today + datetime.timedelta(days=365),
    )
    person.other_case = other
    return person


def name_only(first: str, last: str, **more) -> dict:
    return {"role": PersonRole.PERPETRATOR, "first_name": first, "last_name": last, **more}


def test_name_alone_offers_the_known_person_with_cases_and_live_orders(wayne, case, lead_officer_client):
    response = lead_officer_client.post(
        add_url(case), {**name_only("Wayne", "Rudock"), "submission_token": new_token()}
    )

    assert response.status_code == 200
    assert [p.pk for p in response.context["matches"]] == [wayne.pk]
    page = page_text(response)
    assert f">{wayne.other_case.reference}</a>" in page
    assert "Incremental Approach: Tier 4: court stage" in page
    assert f"Community Protection Notice until {short_date(clock.today() + datetime.timedelta(days=365))}" in page
    assert Person.objects.count() == 1


def test_no_match_is_chosen_in_advance(wayne, case, lead_officer_client):
    response = lead_officer_client.post(add_url(case), {**name_only("W", "Ruddock"), "submission_token": new_token()})

    radios = re.findall(r'<input class="govuk-radios__input"[^>]*name="match"[^>]*>', page_text(response))
    assert (len(radios), [r for r in radios if "checked" in r]) == (2, [])


def test_continuing_without_choosing_asks_again_and_adds_no_one(wayne, case, lead_officer_client):
    form = {**name_only("Wayne", "Ruddock"), "matches_for": "Wayne Ruddock", "submission_token": new_token()}

    response = lead_officer_client.post(add_url(case), form)

    assert_error_summary(response, "Select the person this is, or none of these to add a new person")
    assert 'href="#id_match"' in page_text(response)
    assert f'id="id_match" name="match" type="radio" value="{wayne.pk}"' in page_text(response)
    assert (Person.objects.count(), CasePerson.objects.filter(case=case).count()) == (1, 0)


def test_a_changed_name_lists_its_matches_before_asking_for_a_choice(wayne, case, lead_officer_client):
    form = {**name_only("W", "Ruddock"), "matches_for": "Wayne Smith", "submission_token": new_token()}

    response = lead_officer_client.post(add_url(case), form)

    assert (response.status_code, [p.pk for p in response.context["matches"]]) == (200, [wayne.pk])
    assert "There is a problem" not in page_text(response)
    assert 'name="matches_for" value="W Ruddock"' in page_text(response)


def test_choosing_the_known_person_adds_no_one_new(wayne, case, lead_officer_client):
    form = {**name_only("Wayne", "Rudock"), "matches_for": "Wayne Rudock", "match": str(wayne.pk)}

    response = lead_officer_client.post(add_url(case), {**form, "submission_token": new_token()})

    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert list(CasePerson.objects.filter(case=case).values_list("person_id", "role")) == [
        (wayne.pk, PersonRole.PERPETRATOR)
    ]


def test_adding_the_same_new_name_twice_to_a_case_warns(case, lead_officer_client):
    first = lead_officer_client.post(add_url(case), {**name_only("Jordan", "Price"), "submission_token": new_token()})
    again = lead_officer_client.post(add_url(case), {**name_only("Jordan", "Price"), "submission_token": new_token()})

    assert first.status_code == 302
    assert again.status_code == 200
    assert "This person may already be known" in page_text(again)
    assert "Already on this case</strong> as perpetrator" in page_text(again)
    assert Person.objects.filter(search_name="jordan price").count() == 1


def test_none_of_these_adds_a_new_person_on_purpose(wayne, case, lead_officer_client):
    form = {
        **name_only("Wayne", "Ruddock"),
        "matches_for": "Wayne Ruddock",
        "match": "new",
        "submission_token": new_token(),
    }

    response = lead_officer_client.post(add_url(case), form)

    assert response.status_code == 302
    assert Person.objects.filter(search_name="wayne ruddock").count() == 2


def test_matches_with_ladders_are_read_in_the_same_queries_however_many(wayne, case, lead_officer, lead_officer_client):
    def queries() -> tuple[int, int]:
        form = {**name_only("Wayne", "Ruddock"), "submission_token": new_token()}
        with CaptureQueriesContext(connection) as captured:
            response = lead_officer_client.post(add_url(case), form)
        return len(response.context["matches"]), len(captured)

    one, count_one = queries()
    for n in range(3):
        other = CaseFactory(lead_officer=lead_officer)
        namesake = person_create(officer=lead_officer, first_name="W", last_name="Rudock")
        case_add_person(case=other, officer=lead_officer, person=namesake, role=PersonRole.PERPETRATOR)
        InterventionFactory(case=other, person=namesake, kind=_catalogue("cpw"))
        if n:
            case_add_person(case=case, officer=lead_officer, person=namesake, role=PersonRole.WITNESS)
    four, count_four = queries()

    assert (one, four, count_one, count_four) == (1, 4, 14, 14)
