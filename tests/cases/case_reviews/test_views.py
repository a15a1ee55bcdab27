"""ASB Case Review pages: the card on the case, the application and each step, errors, and stale forms."""

import datetime

import pytest
from django.urls import reverse

from cases.models import CaseReviewActivation, CaseReviewDecision, ChronologyEntry
from core import clock
from tests.cases.views.helpers import new_token

pytestmark = pytest.mark.django_db


def date(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_case_page_shows_the_threshold_met_for_a_victim(lead_officer_client, case, victim, record_incident):
    record_incident(case, clock.today() - datetime.timedelta(days=5), hate=True)
    page = lead_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference})).content.decode()
    assert 'id="case-review"' in page
    assert "The ASB Case Review threshold is met for Vera Victim." in page
    assert reverse("case_reviews:create", args=[case.reference]) in page


def test_case_page_card_without_victims(partner_officer_client, case):
    page = partner_officer_client.get(reverse("cases:people", kwargs={"reference": case.reference})).content.decode()
    assert "No complainant or victim is recorded on this case" in page


def test_record_application_then_decision_then_review(lead_officer_client, lead_officer, case, victim):
    today = clock.today()
    response = lead_officer_client.post(
        reverse("case_reviews:create", args=[case.reference]),
        {
            "victim": victim.pk,
            "point_of_contact": lead_officer.pk,
            "received_how": "phone",
            "received_by": lead_officer.pk,
            **date("application_date", today),
            "submission_token": new_token(),
        },
    )
    activation = CaseReviewActivation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("case_reviews:detail", args=[case.reference, activation.pk])

    decision = reverse("case_reviews:decision", args=[case.reference, activation.pk])
    response = lead_officer_client.post(
        decision,
        {
            "threshold_decision": "rejected",
            "version": 1,
            **date("decision_date", today),
            "submission_token": new_token(),
        },
    )
    assert response.status_code == 200
    assert "Give the reason for the decision" in response.content.decode()

    response = lead_officer_client.post(
        decision,
        {
            "threshold_decision": "rejected",
            "threshold_reason": "Malicious: the applicant is the perpetrator.",
            "version": 1,
            "submission_token": new_token(),
            **date("decision_date", today),
        },
    )
    assert response.status_code == 302
    activation.refresh_from_db()
    assert (activation.threshold_decision, activation.version) == (CaseReviewDecision.REJECTED, 2)

    detail = lead_officer_client.get(response["Location"]).content.decode()
    assert "Appeal deadline:" in detail
    assert "Rejected as malicious or vexatious" in detail
    assert ChronologyEntry.objects.filter(case=case, text__startswith="ASB Case Review decision").count() == 1


def test_stale_form_is_refused_with_the_current_record_shown(lead_officer_client, activation, lead_officer):
    from cases.case_reviews.services import case_review_decide

    today = clock.today()
    case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=today,
    )
    response = lead_officer_client.post(
        reverse("case_reviews:decision", args=[activation.case.reference, activation.pk]),
        {
            "threshold_decision": "not_met",
            "threshold_reason": "Two incidents only.",
            "version": 1,
            "submission_token": new_token(),
            **date("decision_date", today),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else recorded a step on this ASB Case Review" in page
    assert 'name="version" value="2"' in page
    assert "Threshold met: review to go ahead" in page  # the current record, shown beside the form
    activation.refresh_from_db()
    assert activation.threshold_decision == CaseReviewDecision.MET


def test_bad_dates_are_errors_not_500(lead_officer_client, activation):
    response = lead_officer_client.post(
        reverse("case_reviews:decision", args=[activation.case.reference, activation.pk]),
        {
            "threshold_decision": "met",
            "version": 1,
            "decision_date_0": "31",
            "decision_date_1": "2",
            "decision_date_2": "2025",
        },
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()


def test_review_page_refuses_before_the_threshold_is_met(lead_officer_client, activation):
    response = lead_officer_client.post(
        reverse("case_reviews:review", args=[activation.case.reference, activation.pk]),
        {"version": 1, **date("review_meeting_date", clock.today()), "submission_token": new_token()},
    )
    assert response.status_code == 200
    assert "Record a decision that the threshold is met" in response.content.decode()


def test_activation_of_another_case_is_404(lead_officer_client, activation, second_case):
    url = reverse("case_reviews:detail", args=[second_case.reference, activation.pk])
    assert lead_officer_client.get(url).status_code == 404
