"""Opening a case: the form, what it saves, and what it says when the input is wrong."""

import pytest
from django.urls import reverse

from agencies.models import AuditAction, AuditEvent
from cases.models import Case, CaseStatus, ChronologyEntry, EntryKind

from .helpers import assert_error_summary, input_value, new_token

pytestmark = pytest.mark.django_db

OPEN_URL = reverse("cases:open")


def test_case_open_form_offers_the_officer_as_lead(lead_officer_client, lead_officer, lead_agency):
    response = lead_officer_client.get(OPEN_URL)

    assert response.status_code == 200
    assert response.context["form"].initial["lead_officer"] == lead_officer.pk
    assert response.context["form"].initial["lead_agency"] == lead_agency.pk
    assert input_value(response, "submission_token")


def test_case_open_valid_saves_case_and_goes_to_it(lead_officer_client, lead_officer, case_form_data):
    response = lead_officer_client.post(
        OPEN_URL, {**case_form_data, "postcode": "le3 0bq", "submission_token": new_token()}
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert (case.status, case.postcode, case.lead_officer, case.opened_by) == (
        CaseStatus.OPEN,
        "LE3 0BQ",
        lead_officer,
        lead_officer,
    )
    assert list(ChronologyEntry.objects.filter(case=case).values_list("kind", flat=True)) == [EntryKind.SYSTEM]
    assert AuditEvent.objects.filter(case_reference=case.reference, action=AuditAction.CREATE).count() == 1


def test_case_open_page_after_saving_shows_the_case(lead_officer_client, case_form_data):
    response = lead_officer_client.post(OPEN_URL, {**case_form_data, "submission_token": new_token()}, follow=True)

    case = Case.objects.get()
    assert response.status_code == 200
    assert f"Case {case.reference}" in response.content.decode()
    assert "Case opened" in response.content.decode()


def test_case_open_empty_lists_each_missing_answer(lead_officer_client):
    response = lead_officer_client.post(OPEN_URL, {})

    assert_error_summary(
        response,
        "Enter the address or location",
        "Choose a category",
        "Choose the managing JAG",
        "Choose the lead agency",
        "Choose the lead officer",
        "Enter a summary of the case",
    )
    assert Case.objects.count() == 0


def test_case_open_malformed_postcode_keeps_what_was_typed(lead_officer_client, case_form_data):
    response = lead_officer_client.post(OPEN_URL, {**case_form_data, "postcode": "LE99 <b>"})

    assert_error_summary(response, "Enter a real postcode, like LE1 6ZG")
    assert input_value(response, "postcode") == "LE99 <b>"
    assert input_value(response, "address") == case_form_data["address"]
    assert input_value(response, "summary") == case_form_data["summary"]
    assert Case.objects.count() == 0


def test_case_open_summary_over_5000_characters_refused_and_kept(lead_officer_client, case_form_data):
    summary = "Noise. " * 800  # 5,600 characters

    response = lead_officer_client.post(OPEN_URL, {**case_form_data, "summary": summary})

    assert_error_summary(response, "Ensure this value has at most 5000 characters")
    assert input_value(response, "summary") == summary
    assert Case.objects.count() == 0


def test_case_open_lead_officer_of_another_agency_refused(
    lead_officer_client, case_form_data, partner_officer, lead_agency
):
    response = lead_officer_client.post(OPEN_URL, {**case_form_data, "lead_officer": str(partner_officer.pk)})

    assert_error_summary(response, f"The lead officer must be an officer of {lead_agency}")
    assert Case.objects.count() == 0


def test_case_open_double_submitted_saves_one_case(lead_officer_client, case_form_data):
    form = {**case_form_data, "submission_token": new_token()}

    first = lead_officer_client.post(OPEN_URL, form)
    second = lead_officer_client.post(OPEN_URL, form)

    case = Case.objects.get()
    assert (first.status_code, first["Location"]) == (302, case.get_absolute_url())
    assert (second.status_code, second["Location"]) == (302, case.get_absolute_url())


def test_case_open_same_token_from_another_officer_does_not_reveal_the_case(
    lead_officer_client, outsider_client, outsider_officer, outsider_agency, case_form_data
):
    """A token is the officer's own: someone replaying it does not learn where the first submission went."""
    token = new_token()
    lead_officer_client.post(OPEN_URL, {**case_form_data, "submission_token": token})
    case = Case.objects.get()
    outsiders_form = {
        **case_form_data,
        "lead_agency": str(outsider_agency.pk),
        "lead_officer": str(outsider_officer.pk),
        "submission_token": token,
    }

    response = outsider_client.post(OPEN_URL, outsiders_form, follow=True)

    assert response.status_code == 200
    assert case.get_absolute_url() not in [url for url, _ in response.redirect_chain]
    assert case.reference not in response.content.decode()


def test_case_open_anonymous_sent_to_sign_in(anonymous_client, case_form_data):
    response = anonymous_client.post(OPEN_URL, case_form_data)

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    assert Case.objects.count() == 0
