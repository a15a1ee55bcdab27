"""ASB Case Review pages of the 2025 guidance: the prompt after a victim's second report, the explanation and its
leaflet, the PCC review, the action plan and the annual figures with their CSV."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.case_reviews import services
from cases.models import CaseReviewAction, CaseReviewDecision, CaseReviewExplanation, ChronologyEntry
from tests.cases.views.helpers import new_token

pytestmark = pytest.mark.django_db

D = datetime.date


def date(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def post_incident(client, case, victim, agency, day):
    return client.post(
        reverse("cases:incident_add", args=[case.reference]),
        {
            **date("occurred_on", day),
            **date("reported_on", day),
            "reported_to": agency.pk,
            "reported_by": victim.pk,
            "description": "Loud music through the wall",
            "submission_token": new_token(),
        },
    )


def test_second_report_within_six_months_leads_to_the_explanation(lead_officer_client, case, victim, lead_agency):
    first = post_incident(lead_officer_client, case, victim, lead_agency, D(2025, 2, 1))
    assert first["Location"] == reverse("cases:incidents", args=[case.reference])

    second = post_incident(lead_officer_client, case, victim, lead_agency, D(2025, 5, 1))
    explain = reverse("case_reviews:explain", args=[case.reference])
    assert second["Location"].startswith(explain + "?incident=")
    page = lead_officer_client.get(second["Location"]).content.decode()
    assert "Vera Victim has reported again within 6 months" in page
    assert "They reported on 1 February 2025 and again on 1 May 2025." in page
    assert reverse("case_reviews:leaflet", args=[case.reference]) + f"?victim={victim.pk}" in page

    people = reverse("cases:people", args=[case.reference])
    assert "reported again within 6 months" in lead_officer_client.get(people).content.decode()

    incident = second["Location"].split("=")[1]
    response = lead_officer_client.post(
        explain,
        {
            "victim": victim.pk,
            **date("explained_on", D(2025, 5, 2)),
            "how": "in_person",
            "notes": "Gave the leaflet too.",
            "incident": incident,
            "submission_token": new_token(),
        },
    )
    assert response["Location"] == people + "#case-review"
    explanation = CaseReviewExplanation.objects.get()
    assert (explanation.victim, explanation.how, explanation.incident_id) == (victim, "in_person", int(incident))
    assert ChronologyEntry.objects.filter(
        case=case,
        text="The ASB Case Review was explained to Vera Victim on 2 May 2025 (in person). Gave the leaflet too.",
    ).exists()
    card = lead_officer_client.get(people).content.decode()
    assert "reported again within 6 months" not in card
    assert "Vera Victim: 2 May 2025, in person" in card


def test_explanation_needs_how_and_a_date_not_before_the_report(lead_officer_client, case, victim, lead_agency):
    post_incident(lead_officer_client, case, victim, lead_agency, D(2025, 2, 1))
    second = post_incident(lead_officer_client, case, victim, lead_agency, D(2025, 5, 1))
    response = lead_officer_client.post(
        reverse("case_reviews:explain", args=[case.reference]),
        {
            "victim": victim.pk,
            **date("explained_on", D(2025, 4, 30)),
            "incident": second["Location"].split("=")[1],
            "submission_token": new_token(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose how the ASB Case Review was explained" in page
    assert not CaseReviewExplanation.objects.exists()
    response = lead_officer_client.post(
        reverse("case_reviews:explain", args=[case.reference]),
        {
            "victim": victim.pk,
            "how": "phone",
            **date("explained_on", D(2025, 4, 30)),
            "incident": second["Location"].split("=")[1],
            "submission_token": new_token(),
        },
    )
    assert "on or after the report it follows (1 May 2025)" in response.content.decode()
    assert not CaseReviewExplanation.objects.exists()


def test_leaflet_pdf_gives_the_threshold_and_the_pcc_route(partner_officer_client, case, victim):
    response = partner_officer_client.get(
        reverse("case_reviews:leaflet", args=[case.reference]) + f"?victim={victim.pk}"
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "The ASB Case Review" in text
    assert "For Vera Victim" in text
    assert "reported 3 or more separate incidents of anti-social behaviour, each within 1 month" in text
    assert "Police and Crime Commissioner" in text
    assert case.reference in text


def test_pcc_review_before_the_decision_is_an_error_next_to_the_field(lead_officer_client, activation):
    response = lead_officer_client.post(
        reverse("case_reviews:pcc_review", args=[activation.case.reference, activation.pk]),
        {"version": 1, **date("pcc_requested_on", D(2025, 3, 5)), "submission_token": new_token()},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="pcc_requested_on-error"' in page or "govuk-error-message" in page
    assert "only once the threshold decision is recorded" in page
    activation.refresh_from_db()
    assert (activation.pcc_requested_on, activation.version) == (None, 1)


def test_pcc_review_recorded_after_a_threshold_not_met(lead_officer_client, activation, lead_officer):
    decided = services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.NOT_MET,
        reason="Two incidents only.",
        decision_date=D(2025, 3, 10),
    )
    url = reverse("case_reviews:pcc_review", args=[activation.case.reference, activation.pk])
    response = lead_officer_client.post(
        url,
        {
            "version": decided.version,
            **date("pcc_requested_on", D(2025, 3, 20)),
            "pcc_outcome": "upheld",
            **date("pcc_outcome_on", D(2025, 4, 20)),
            "submission_token": new_token(),
        },
    )
    assert response.status_code == 302
    detail = lead_officer_client.get(response["Location"]).content.decode()
    assert "Outcome 20 April 2025: Upheld: no change" in detail


def test_action_plan_through_the_pages(lead_officer_client, activation, lead_officer, partner_officer):
    services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=D(2025, 3, 10),
    )
    reference = activation.case.reference
    response = lead_officer_client.post(
        reverse("case_reviews:action_add", args=[reference, activation.pk]),
        {
            "text": "Fit a doorbell camera",
            "owner_agency": partner_officer.agency_id,
            "owner_officer": partner_officer.pk,
            **date("due_on", D(2025, 4, 10)),
            "submission_token": new_token(),
        },
    )
    assert response.status_code == 302
    action = CaseReviewAction.objects.get()
    detail = lead_officer_client.get(reverse("case_reviews:detail", args=[reference, activation.pk])).content.decode()
    assert "Fit a doorbell camera" in detail and "Priya Partner" in detail
    done = reverse("case_reviews:action_done", args=[reference, action.pk])
    response = lead_officer_client.post(
        done, {"version": 1, **date("done_on", D(2025, 4, 9)), "submission_token": new_token()}
    )
    assert response.status_code == 302
    stale = lead_officer_client.post(
        done, {"version": 1, **date("done_on", D(2025, 4, 9)), "submission_token": new_token()}
    )
    assert "Someone else changed this action" in stale.content.decode()
    action.refresh_from_db()
    assert (action.done_on, action.version) == (D(2025, 4, 9), 2)


def test_review_form_shows_the_yes_no_answers_saved(lead_officer_client, activation, lead_officer):
    met = services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=D(2025, 3, 10),
    )
    services.case_review_record_review(
        activation=met,
        officer=lead_officer,
        expected_version=met.version,
        review_meeting_date=D(2025, 3, 20),
        outcome="Done.",
        recommendations="",
        outcome_date=D(2025, 3, 24),
        chair_name="Gareth Lloyd",
        chair_agency="County",
        chair_independent=False,
        victim_consulted=True,
        consulted_on=D(2025, 3, 18),
        consulted_how="phone",
        victim_attendance="declined",
    )
    page = lead_officer_client.get(
        reverse("case_reviews:review", args=[activation.case.reference, activation.pk])
    ).content.decode()
    radios = re.findall(r"<input[^>]*>", page)
    checked = sorted(
        re.search(r'name="(\w+)"', r)[1] + "=" + re.search(r'value="(\w+)"', r)[1] for r in radios if "checked" in r
    )
    assert checked == ["chair_independent=no", "victim_consulted=yes"]


def test_figures_page_and_csv_for_managers_only(manager_client, lead_officer_client, activation):
    url = reverse("case_reviews:figures")
    assert lead_officer_client.get(url).status_code == 403
    assert lead_officer_client.get(reverse("case_reviews:figures_csv")).status_code == 403
    page = manager_client.get(url, {"year": 2024}).content.decode()
    assert "April 2024 to March 2025" in page
    assert 'id="figure-applications">1<' in page
    response = manager_client.get(reverse("case_reviews:figures_csv"), {"year": 2024})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Year,Figure,Number"
    assert "April 2024 to March 2025,Applications received,1" in lines
    assert manager_client.get(url, {"year": "nonsense"}).status_code == 200


def test_figures_link_on_the_dashboard(manager_client):
    page = manager_client.get(reverse("dashboard:index")).content.decode()
    assert reverse("case_reviews:figures") in page
