"""The Appendix A form: the printed form's sections 1 to 7, optional fields marked, GOV.UK error messages."""

import re

import pytest
from django.urls import reverse

from cases import services
from cases.models import PlanVersion

from .helpers import assert_error_summary, new_token, page_text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "1. Case details",
    "2. Information and intelligence (what we know)",
    "3. Vulnerability / threat of harm",
    "4. Options of support, powers and policies",
    "5. Actions taken",
    "6. Review",
    "7. Revise",
]


@pytest.fixture
def medium_risk_case(case, lead_officer):
    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=False,
        household_vulnerable=False,
        children_involved=False,
    )
    return case


def plan_url(case) -> str:
    return reverse("cases:plan", kwargs={"reference": case.reference})


def test_form_has_the_printed_forms_sections_in_order(lead_officer_client, medium_risk_case):
    page = page_text(lead_officer_client.get(plan_url(medium_risk_case)))

    headings = re.findall(r'<h2 class="govuk-heading-m[^"]*">([^<]+)</h2>', page)
    assert [h for h in headings if h[0].isdigit()] == SECTIONS
    # Each field sits under its own section.
    assert page.index("5. Actions taken") < page.index('name="actions"') < page.index("6. Review")


def test_optional_fields_are_marked_and_required_ones_are_not(lead_officer_client, medium_risk_case):
    page = page_text(lead_officer_client.get(plan_url(medium_risk_case)))

    labels = dict(re.findall(r'<label for="id_(\w+)" class="govuk-label">\s*(.*?)\s*</label>', page, re.S))
    assert labels["partner_reports"] == "What partners and residents report (optional)"
    assert labels["further_actions"] == "Further courses of action to consider (optional)"
    assert labels["overview"] == "Overview of the issues"
    optional = {name for name, label in labels.items() if label.endswith("(optional)")}
    assert optional == {
        "partner_reports",
        "likely_outcome",
        "safeguarding_notes",
        "support_options",
        "powers_available",
        "rationale",
        "review_outcome",
        "risk_alleviated",
        "new_information",
        "further_actions",
    }


def test_empty_form_errors_read_as_gov_uk_errors(lead_officer_client, medium_risk_case):
    response = lead_officer_client.post(plan_url(medium_risk_case), {"version": "0", "submission_token": new_token()})

    assert_error_summary(
        response,
        "Enter an overview of the issues",
        "Enter who is at risk",
        "Enter what or whom they are at risk from",
        "Select yes if children are involved",
        "Enter what you are going to do or have done",
    )
    assert "Enter:" not in page_text(response)
    assert PlanVersion.objects.filter(case=medium_risk_case).count() == 0


def test_too_long_text_is_named_with_its_limit(lead_officer_client, medium_risk_case):
    form = {
        "overview": "O" * 10_001,
        "who_is_at_risk": "W.",
        "risk_from": "R.",
        "children_involved": "no",
        "actions": "A.",
        "version": "0",
        "submission_token": new_token(),
    }

    response = lead_officer_client.post(plan_url(medium_risk_case), form)

    assert_error_summary(response, "Overview of the issues must be 10,000 characters or fewer")
