"""People's pages: editing with history, aliases, unknown perpetrators, merging and an administrator's undo."""

import datetime
import re

import pytest
from django.urls import reverse

from cases.models import CasePerson, ChronologyEntry, Person, PersonMerge, PersonRole
from cases.people import services
from cases.services import case_add_person, person_create
from tests.cases.views.helpers import assert_error_summary, date_parts, new_token, page_text
from tests.factories import CaseFactory, InterventionFactory, OfficerFactory
from tests.second_factor import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def wayne(case, lead_officer):
    person = person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock", address="1 Fosse Road")
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    return person


@pytest.fixture
def second_wayne(lead_officer):
    other = CaseFactory(lead_officer=lead_officer)
    person = person_create(officer=lead_officer, first_name="Wayne", last_name="Rudock")
    case_add_person(case=other, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    InterventionFactory(case=other, person=person)
    return person


@pytest.fixture
def admin_client(lead_agency):
    return verified_client(OfficerFactory(username="sys.admin", agency=lead_agency, is_staff=True, is_superuser=True))


def edit(client, person, **changes):
    data = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "address": person.address,
        "version": person.version,
        "submission_token": new_token(),
    }
    return client.post(reverse("cases:person_edit", args=[person.pk]), data | changes)


def test_edit_saves_and_the_person_page_shows_the_history(lead_officer_client, wayne):
    response = edit(lead_officer_client, wayne, address="2 Fosse Road", telephone="0116 496 0000")

    assert response.status_code == 302
    page = page_text(lead_officer_client.get(reverse("cases:person", args=[wayne.pk])))
    assert "Details changed: address, telephone" in page
    assert "Address: 1 Fosse Road → 2 Fosse Road" in page
    assert "Telephone: (blank) → 0116 496 0000" in page


def test_edit_errors_are_next_to_the_fields(lead_officer_client, wayne):
    response = edit(
        lead_officer_client,
        wayne,
        first_name="",
        email="not an address",
        postcode="XYZ",
        **date_parts("date_of_birth", datetime.date(2999, 1, 1)),
    )

    assert_error_summary(
        response,
        "Enter the first name",
        "Enter an e-mail address in the right format, like name@example.com",
        "Date of birth must be in the past",
    )
    for name in ("first_name", "email", "postcode"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page_text(response)).group(0)
        assert 'aria-invalid="true"' in field, name
    assert Person.objects.get(pk=wayne.pk).version == 1


def test_a_stale_edit_is_refused_with_the_saved_details(lead_officer_client, wayne):
    edit(lead_officer_client, wayne, address="2 Fosse Road")

    response = edit(lead_officer_client, wayne, address="3 Fosse Road")

    page = page_text(response)
    assert "Someone else changed this person&#x27;s details while you were editing them" in page
    assert "2 Fosse Road" in page
    assert Person.objects.get(pk=wayne.pk).address == "2 Fosse Road"


@pytest.mark.parametrize("name", ["cases:person_edit", "cases:alias_add", "cases:person_merge"])
def test_outsider_gets_404_and_partner_403(name, wayne, outsider_client, partner_officer_client):
    url = reverse(name, args=[wayne.pk])

    assert (outsider_client.get(url).status_code, partner_officer_client.get(url).status_code) == (404, 403)


def test_alias_added_and_shown(lead_officer_client, wayne):
    url = reverse("cases:alias_add", args=[wayne.pk])

    empty = lead_officer_client.post(url, {"first_name": "", "last_name": "", "submission_token": new_token()})
    added = lead_officer_client.post(
        url, {"first_name": "Wazza", "last_name": "Smith", "submission_token": new_token()}
    )

    assert_error_summary(empty, "Enter the first name they are known by", "Enter the last name they are known by")
    assert added.status_code == 302
    assert "Wazza Smith" in page_text(lead_officer_client.get(reverse("cases:person", args=[wayne.pk])))


def test_merge_confirmation_shows_both_then_merges(lead_officer_client, wayne, second_wayne):
    url = reverse("cases:person_merge", args=[wayne.pk])

    chooser = page_text(lead_officer_client.get(url))
    confirmation = lead_officer_client.get(url, {"duplicate": second_wayne.pk})
    merged = lead_officer_client.post(url, {"duplicate": second_wayne.pk, "submission_token": new_token()})

    assert f'value="{second_wayne.pk}"' in chooser and "checked" not in chooser
    page = page_text(confirmation)
    assert "Kept: Wayne Ruddock" in page and "Merged into it: Wayne Rudock" in page
    assert merged.status_code == 302
    second_wayne.refresh_from_db()
    assert second_wayne.merged_into_id == wayne.pk
    assert CasePerson.objects.filter(person=second_wayne).count() == 0


def test_merge_without_choosing_says_so(lead_officer_client, wayne, second_wayne):
    response = lead_officer_client.get(reverse("cases:person_merge", args=[wayne.pk]), {"duplicate": ""})

    assert_error_summary(response, "Select the record that is the same person")


def test_merge_of_someone_the_officer_may_not_see_is_404(lead_officer_client, wayne, outsider_officer):
    hidden = person_create(officer=outsider_officer, first_name="Wayne", last_name="Ruddock")
    case_add_person(
        case=CaseFactory(lead_officer=outsider_officer), officer=outsider_officer, person=hidden, role="perpetrator"
    )
    url = reverse("cases:person_merge", args=[wayne.pk])

    assert lead_officer_client.get(url, {"duplicate": hidden.pk}).status_code == 404
    assert lead_officer_client.post(url, {"duplicate": hidden.pk, "submission_token": new_token()}).status_code == 404
    assert Person.objects.get(pk=hidden.pk).merged_into_id is None


def test_merged_record_page_says_where_it_went(lead_officer_client, lead_officer, wayne, second_wayne):
    services.person_merge(duplicate=second_wayne, kept=wayne, officer=lead_officer)

    page = page_text(lead_officer_client.get(reverse("cases:person", args=[second_wayne.pk])))

    assert "This record was merged into" in page and wayne.get_absolute_url() in page
    assert lead_officer_client.get(reverse("cases:person_edit", args=[second_wayne.pk])).status_code == 404


def test_only_administrators_see_and_undo_a_merge(lead_officer_client, admin_client, lead_officer, wayne, second_wayne):
    merge = services.person_merge(duplicate=second_wayne, kept=wayne, officer=lead_officer)
    url = reverse("cases:merge", args=[merge.pk])

    refused = lead_officer_client.post(url)
    assert (lead_officer_client.get(url).status_code, refused.status_code) == (404, 404)
    assert lead_officer_client.get(reverse("cases:merges")).status_code == 404

    assert admin_client.get(reverse("cases:merges")).status_code == 200
    assert "Undo this merge" in page_text(admin_client.get(url))
    undone = admin_client.post(url)
    again = admin_client.post(url)

    assert undone.status_code == 302
    assert again.status_code == 200 and "This merge was already undone" in page_text(again)
    merge.refresh_from_db()
    second_wayne.refresh_from_db()
    assert merge.undone_at is not None and second_wayne.merged_into_id is None
    assert CasePerson.objects.filter(person=second_wayne).count() == 1


def test_unknown_perpetrator_recorded_then_identified(lead_officer_client, case, wayne):
    add = reverse("cases:unknown_add", args=[case.reference])
    missing = lead_officer_client.post(add, {"description": " ", "submission_token": new_token()})
    recorded = lead_officer_client.post(
        add, {"description": "Unknown male, about 20, red moped", "submission_token": new_token()}
    )
    people_section = page_text(lead_officer_client.get(reverse("cases:people", args=[case.reference])))
    unknown = Person.objects.get(unknown=True)
    identify = reverse("cases:person_identify", args=[unknown.pk])

    listed = lead_officer_client.post(
        identify, {"first_name": "Wayne", "last_name": "Ruddock", "submission_token": new_token()}
    )
    not_chosen = lead_officer_client.post(
        identify,
        {
            "first_name": "Wayne",
            "last_name": "Ruddock",
            "matches_for": "Wayne Ruddock",
            "submission_token": new_token(),
        },
    )
    chosen = lead_officer_client.post(
        identify,
        {"first_name": "Wayne", "last_name": "Ruddock", "match": str(wayne.pk), "submission_token": new_token()},
    )

    assert_error_summary(missing, "Describe the person, so they can be told apart")
    assert recorded.status_code == 302
    assert recorded["Location"] == reverse("cases:people", args=[case.reference])
    assert "Unknown person (Unknown male, about 20, red moped)" in people_section
    assert "Is this one of these people?" in page_text(listed)
    assert_error_summary(not_chosen, "Select the person this is, or none of these to add a new person")
    assert chosen.status_code == 302 and chosen["Location"] == wayne.get_absolute_url()
    merge = PersonMerge.objects.get(duplicate=unknown)
    assert (merge.kept, merge.identification) == (wayne, True)
    assert ChronologyEntry.objects.filter(case=case, text__startswith="Unknown person identified").count() == 1


def test_identify_is_only_for_unknown_people(lead_officer_client, wayne):
    assert lead_officer_client.get(reverse("cases:person_identify", args=[wayne.pk])).status_code == 404
