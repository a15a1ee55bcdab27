"""The risk assessment: the answers, then the calculated band shown before the question whether to change it, then
the save; all without JavaScript."""

import html

import pytest
from django.urls import reverse

from cases.models import RiskAssessment

from .helpers import assert_error_summary, input_value, new_token, page_text

pytestmark = pytest.mark.django_db

# Happened before and reported elsewhere: a score of 2, medium risk.
MEDIUM = {
    "happened_before": "yes",
    "reported_elsewhere": "yes",
    "feels_targeted": "no",
    "household_vulnerable": "no",
    "children_involved": "no",
}
OVERRIDE_QUESTION = "Risk band to record"


def risk_url(case) -> str:
    return reverse("cases:risk", kwargs={"reference": case.reference})


def test_first_step_asks_the_questions_only(lead_officer_client, case):
    page = page_text(lead_officer_client.get(risk_url(case)))

    assert "Has this happened before?" in page
    assert OVERRIDE_QUESTION not in page
    assert 'name="override_reason"' not in page
    assert ">Calculate band</button>" in page
    assert "Save assessment" not in page


def test_calculating_shows_the_band_before_the_override_question_and_saves_nothing(lead_officer_client, case):
    response = lead_officer_client.post(
        risk_url(case), {**MEDIUM, "calculate": "first", "submission_token": new_token()}
    )

    page = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" not in page
    assert RiskAssessment.objects.filter(case=case).count() == 0
    band = page.index("Calculated band:")
    assert page.index("Are children involved?") < band < page.index(OVERRIDE_QUESTION)
    assert "Medium</strong>" in page[band : page.index(OVERRIDE_QUESTION)]
    assert ">Medium (calculated)</option>" in page
    assert '<option value="medium">' not in page
    assert input_value(response, "shown_band") == "medium"
    assert "Save assessment</button>" in page


def test_saving_after_the_band_was_shown_records_it(lead_officer_client, case):
    token = new_token()
    shown = lead_officer_client.post(risk_url(case), {**MEDIUM, "calculate": "first", "submission_token": token})

    saved = lead_officer_client.post(
        risk_url(case), {**MEDIUM, "shown_band": input_value(shown, "shown_band"), "submission_token": token}
    )

    assert saved.status_code == 302
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.calculated_band, assessment.band) == ("medium", "medium")


def test_override_after_the_band_was_shown_needs_a_reason(lead_officer_client, case):
    form = {**MEDIUM, "shown_band": "medium", "override_band": "high", "submission_token": new_token()}

    refused = lead_officer_client.post(risk_url(case), form)

    assert_error_summary(refused, "Give the reason for changing the calculated risk band")
    # The band stays in view beside the error.
    assert "Calculated band:" in page_text(refused)
    assert RiskAssessment.objects.filter(case=case).count() == 0

    saved = lead_officer_client.post(risk_url(case), {**form, "override_reason": "Threats of violence."})

    assert saved.status_code == 302
    assessment = RiskAssessment.objects.get(case=case)
    assert (assessment.calculated_band, assessment.band) == ("medium", "high")


def test_saving_without_the_band_shown_shows_it_instead(lead_officer_client, case):
    response = lead_officer_client.post(risk_url(case), {**MEDIUM, "submission_token": new_token()})

    assert response.status_code == 200
    assert "Calculated band:" in page_text(response)
    assert input_value(response, "shown_band") == "medium"
    assert RiskAssessment.objects.filter(case=case).count() == 0


def test_answers_changed_after_the_band_was_shown_are_not_saved_against_it(lead_officer_client, case):
    high = {**MEDIUM, "feels_targeted": "yes", "household_vulnerable": "yes"}

    response = lead_officer_client.post(
        risk_url(case), {**high, "shown_band": "medium", "submission_token": new_token()}
    )

    assert_error_summary(response, "Your answers changed the calculated band from medium to high: check the band below")
    assert input_value(response, "shown_band") == "high"
    assert RiskAssessment.objects.filter(case=case).count() == 0


def test_unanswered_questions_have_gov_uk_errors(lead_officer_client, case):
    response = lead_officer_client.post(
        risk_url(case), {"happened_before": "yes", "calculate": "first", "submission_token": new_token()}
    )

    assert_error_summary(
        response,
        "Select yes if it has been reported to anyone else",
        "Select yes if the victim feels targeted",
        "Select yes if anyone in the household is disabled, ill or otherwise vulnerable",
        "Select yes if children are involved",
    )
    assert html.escape(OVERRIDE_QUESTION) not in page_text(response)
