"""Recording an incident with the police log number and crime number, and where those numbers are shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.models import ChronologyEntry, EntryKind, Incident, PersonRole
from core import clock

from .helpers import assert_error_summary, input_value, new_token, page_text

pytestmark = pytest.mark.django_db


def incident_url(case) -> str:
    return reverse("cases:incident_add", kwargs={"reference": case.reference})


def test_form_asks_for_the_numbers_as_optional_with_hints(lead_officer_client, case):
    page = page_text(lead_officer_client.get(incident_url(case)))

    assert "Police log number (optional)" in page
    assert "Crime number (optional)" in page
    assert "for example 0452 of 03/12/2026" in page
    assert "for example 23000123456" in page


def test_incident_saved_with_its_numbers_shown_on_the_case_and_the_chronology(
    lead_officer_client, partner_officer_client, case, incident_form_data
):
    form = {
        **incident_form_data,
        "police_log_number": "  0452 of   03/12/2026 ",
        "crime_number": "23000123456",
        "submission_token": new_token(),
    }

    response = lead_officer_client.post(incident_url(case), form)

    assert response.status_code == 302
    incident = Incident.objects.get(case=case)
    assert (incident.police_log_number, incident.crime_number) == ("0452 of 03/12/2026", "23000123456")
    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.SYSTEM).order_by("-pk").first()
    assert "Police log 0452 of 03/12/2026. Crime number 23000123456." in entry.text
    # Shown on the case page to every agency on the case, not just the one that recorded it.
    for client in (lead_officer_client, partner_officer_client):
        page = page_text(client.get(reverse("cases:incidents", kwargs={"reference": case.reference})))
        assert "Police log: 0452 of 03/12/2026" in page
        assert "Crime number: 23000123456" in page


def test_incident_without_numbers_is_saved_and_shows_none(lead_officer_client, case, incident_form_data):
    response = lead_officer_client.post(incident_url(case), {**incident_form_data, "submission_token": new_token()})

    assert response.status_code == 302
    incident = Incident.objects.get(case=case)
    assert (incident.police_log_number, incident.crime_number) == ("", "")
    page = page_text(lead_officer_client.get(reverse("cases:incidents", kwargs={"reference": case.reference})))
    assert "Police log:" not in page
    assert "Crime number:" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("police_log_number", "see notes", "The police log number must include a number"),
        ("police_log_number", "1" * 31, "The police log number must be 30 characters or fewer"),
        ("crime_number", "CR#12345", "The crime number must include a number, and only letters, numbers"),
        ("crime_number", "٣٢١", "The crime number must include a number"),
        ("crime_number", "-12345", "The crime number must include a number"),
        ("crime_number", "12345 " + "x" * 100_000, "The crime number must be 30 characters or fewer"),
    ],
)
def test_bad_number_is_refused_with_the_value_kept(
    lead_officer_client, case, incident_form_data, field, value, message
):
    form = {**incident_form_data, field: value, "submission_token": new_token()}

    response = lead_officer_client.post(incident_url(case), form)

    assert_error_summary(response, message)
    assert input_value(response, field) == value
    assert input_value(response, "description") == incident_form_data["description"]
    assert Incident.objects.filter(case=case).count() == 0


def test_service_refuses_a_bad_number_given_directly(case, lead_officer, lead_agency):
    now = clock.now()

    with pytest.raises(ValidationError) as refused:
        services.incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=now - datetime.timedelta(hours=3),
            reported_at=now - datetime.timedelta(hours=2),
            reported_to=lead_agency,
            description="Shouting.",
            hate_incident=False,
            crime_number="<script>",
        )

    assert list(refused.value.message_dict) == ["crime_number"]
    assert Incident.objects.filter(case=case).count() == 0


def _on_case(case, officer, first_name, role):
    person = services.person_create(officer=officer, first_name=first_name, last_name="Okafor")
    services.case_add_person(case=case, officer=officer, person=person, role=role)
    return person


def test_the_reporting_victim_is_chosen_among_the_cases_complainants(
    lead_officer_client, lead_officer, case, incident_form_data
):
    victim = _on_case(case, lead_officer, "Grace", PersonRole.COMPLAINANT)
    _on_case(case, lead_officer, "Dean", PersonRole.PERPETRATOR)
    form = page_text(lead_officer_client.get(incident_url(case)))
    assert "Who reported it (optional)" in form
    assert "Grace Okafor" in form
    assert "Dean Okafor" not in form

    response = lead_officer_client.post(
        incident_url(case), {**incident_form_data, "reported_by": victim.pk, "submission_token": new_token()}
    )

    assert response.status_code == 302
    assert Incident.objects.get(case=case).reported_by == victim
    entry = ChronologyEntry.objects.filter(case=case, kind=EntryKind.SYSTEM).order_by("-pk").first()
    assert " by Grace Okafor." in entry.text


def test_a_reporter_who_is_not_a_complainant_of_the_case_is_refused(
    lead_officer_client, lead_officer, case, incident_form_data
):
    perpetrator = _on_case(case, lead_officer, "Dean", PersonRole.PERPETRATOR)

    response = lead_officer_client.post(
        incident_url(case), {**incident_form_data, "reported_by": perpetrator.pk, "submission_token": new_token()}
    )

    assert_error_summary(response, "Choose a complainant or victim of this case")
    assert input_value(response, "description") == incident_form_data["description"]
    assert not Incident.objects.filter(case=case).exists()
    with pytest.raises(ValidationError) as refused:
        services.incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=clock.now() - datetime.timedelta(hours=3),
            reported_at=clock.now() - datetime.timedelta(hours=2),
            reported_to=lead_officer.agency,
            description="Shouting.",
            hate_incident=False,
            reported_by=perpetrator,
        )
    assert list(refused.value.message_dict) == ["reported_by"]
