"""The pages of closing a case with its victims: the close page lists the victims and refuses to close before each is
told, each victim's record, the closing letter, the victims' page after closure; who may see and change them."""

import io

import pytest
from pypdf import PdfReader

from cases.models import CaseStatus, Document, VictimClosure
from core import clock
from tests.cases.views.helpers import assert_error_summary, date_parts, input_value, new_token, page_text

pytestmark = pytest.mark.django_db


def status_url(case) -> str:
    return f"/cases/{case.reference}/status/"


def victim_url(case, person) -> str:
    return f"/cases/{case.reference}/closing/victims/{person.pk}/"


def record_post(**overrides) -> dict:
    return {
        "submission_token": new_token(),
        "told_how": "visit",
        **date_parts("told_on", clock.today()),
        "told_what": "The landlord evicted the tenant; the noise has stopped.",
        "not_told_reason": "",
        "not_told_explanation": "",
        "outcome": "stopped",
        "satisfaction": "5",
        "version": "0",
    } | overrides


def test_closing_without_telling_the_victims_shows_the_error_by_them_and_keeps_the_reason(
    lead_officer_client, case, victims
):
    response = lead_officer_client.post(
        status_url(case), {"submission_token": new_token(), "reason": "Resolved by eviction.", "version": case.version}
    )
    message = (
        "Record how each victim was told the case is closing and why, or why they were not told: not yet recorded "
        "for Vera Victim, Walter Witherspoon"
    )
    assert_error_summary(response, message)
    page = page_text(response)
    assert 'href="#victims"' in page
    assert 'class="govuk-form-group govuk-form-group--error" id="victims"' in page
    assert input_value(response, "reason") == "Resolved by eviction."
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_close_journey_record_each_victim_then_close(lead_officer_client, case, victims):
    page = page_text(lead_officer_client.get(status_url(case)))
    assert "Not yet recorded" in page
    for victim in victims:
        response = lead_officer_client.post(victim_url(case, victim), record_post())
        assert response.status_code == 302
        assert response["Location"] == status_url(case)
    page = page_text(lead_officer_client.get(status_url(case)))
    assert "Not yet recorded" not in page
    assert "Visit, " in page
    response = lead_officer_client.post(
        status_url(case), {"submission_token": new_token(), "reason": "Resolved.", "version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    victims_page = page_text(lead_officer_client.get(f"/cases/{case.reference}/closing/"))
    assert victims_page.count("ASB stopped") == 2
    assert victims_page.count("5 out of 5") == 2


def test_victim_form_errors_are_by_the_fields_and_keep_what_was_typed(lead_officer_client, case, victims):
    response = lead_officer_client.post(
        victim_url(case, victims[0]),
        record_post(told_how="not_told", told_what="", outcome="", not_told_explanation="Tried twice"),
    )
    assert_error_summary(response, "Choose why they were not told", "Choose the outcome for the victim")
    assert input_value(response, "not_told_explanation") == "Tried twice"
    assert VictimClosure.objects.count() == 0


def test_not_told_with_a_reason_is_recorded(lead_officer_client, case, victims):
    response = lead_officer_client.post(
        victim_url(case, victims[0]),
        record_post(told_how="not_told", not_told_reason="asked_not", satisfaction="not_given"),
    )
    assert response.status_code == 302
    record = VictimClosure.objects.get()
    assert (record.told_how, record.told_on, record.told_what, record.not_told_reason, record.satisfaction) == (
        "",
        None,
        "",
        "asked_not",
        None,
    )


def test_a_stale_victim_form_is_refused_with_the_current_record(lead_officer_client, case, victims):
    lead_officer_client.post(victim_url(case, victims[0]), record_post())
    response = lead_officer_client.post(victim_url(case, victims[0]), record_post(satisfaction="1"))
    assert_error_summary(response, "Someone else recorded this victim's closing while you were editing it.")
    assert VictimClosure.objects.get().satisfaction == 5
    assert input_value(response, "version") == "1"


def test_closing_letter_generated_and_read_back(lead_officer_client, case, victims):
    url = f"{victim_url(case, victims[0])}letter/"
    form = lead_officer_client.get(url)
    assert input_value(form, "salutation") == "Dear Vera Victim"
    assert input_value(form, "address") == "Vera Victim\n12 Example Street, Leicester\nLE1 6ZG"
    response = lead_officer_client.post(
        url,
        {
            "submission_token": new_token(),
            "address": "Vera Victim\n12 Example Street\nLeicester\nLE1 6ZG",
            "salutation": "Dear Ms Victim",
            "why": "The tenant who played loud music has moved out.",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(case=case, title="Closing letter to Vera Victim")
    download = lead_officer_client.get(f"/cases/{case.reference}/documents/{document.pk}/")
    content = b"".join(download.streaming_content) if download.streaming else download.content
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert "Dear Ms Victim" in text
    assert "The tenant who played loud music has moved out." in text


def test_closing_letter_needs_why(lead_officer_client, case, victims):
    response = lead_officer_client.post(
        f"{victim_url(case, victims[0])}letter/",
        {"submission_token": new_token(), "address": "Vera Victim", "salutation": "Dear Vera", "why": ""},
    )
    assert_error_summary(response, "Enter why the case is closing")
    assert Document.objects.filter(case=case).count() == 0


def test_partner_sees_the_victims_page_but_may_not_record(partner_officer_client, case, victims):
    assert partner_officer_client.get(f"/cases/{case.reference}/closing/").status_code == 200
    assert partner_officer_client.get(victim_url(case, victims[0])).status_code == 403
    assert partner_officer_client.post(victim_url(case, victims[0]), record_post()).status_code == 403


def test_outsider_gets_404(outsider_client, case, victims):
    assert outsider_client.get(f"/cases/{case.reference}/closing/").status_code == 404
    assert outsider_client.get(victim_url(case, victims[0])).status_code == 404
    assert outsider_client.get(f"{victim_url(case, victims[0])}letter/").status_code == 404


def test_someone_not_a_victim_is_404(lead_officer_client, case, victims):
    assert (
        lead_officer_client.get(f"/cases/{case.reference}/closing/victims/{victims[1].pk + 1000}/").status_code == 404
    )


def test_case_overview_shows_the_closing_card_once_recorded(lead_officer_client, case, victims):
    lead_officer_client.post(victim_url(case, victims[0]), record_post())
    page = page_text(lead_officer_client.get(f"/cases/{case.reference}/"))
    assert "1 of 2 victims not yet told the case is closing." in page
