"""The Appendix A form: the printed form's sections 1 to 7, optional fields marked, GOV.UK error messages."""

import datetime
import re

import pytest
from django.urls import reverse

from cases import services
from cases.models import PlanVersion
from core import clock

from .helpers import assert_error_summary, date_parts, new_token, page_text

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


# --- Section 5's actions: owner and due date ----------------------------------------------------------------------


def valid_plan(**changes) -> dict:
    return {
        "overview": "Loud music most nights.",
        "who_is_at_risk": "Mrs Ellison at number 14",
        "risk_from": "The tenant of number 16",
        "children_involved": "no",
        "actions": "Warning letter, mediation, noise monitoring.",
        "version": "0",
        "submission_token": new_token(),
        "action-TOTAL_FORMS": "2",
        "action-INITIAL_FORMS": "0",
    } | changes


def action_row(n: int, description: str, agency, due: datetime.date, officer=None) -> dict:
    return {
        f"action-{n}-description": description,
        f"action-{n}-agency": str(agency.pk),
        f"action-{n}-officer": str(officer.pk) if officer else "",
        **date_parts(f"action-{n}-due_on", due),
    }


def test_the_form_offers_rows_for_actions_with_owner_and_due_date(
    lead_officer_client, medium_risk_case, lead_officer, partner_officer, outsider_officer
):
    page = page_text(lead_officer_client.get(plan_url(medium_risk_case)))

    assert page.index("5. Actions taken") < page.index('name="action-0-description"') < page.index("6. Review")
    assert 'name="action-0-due_on_0"' in page and 'name="action-1-description"' not in page
    agencies = re.search(r'<select name="action-0-agency".*?</select>', page, re.S).group(0)
    assert "Leicester City Council" in agencies and "Leicestershire Police" in agencies
    assert "Rutland County Council" not in agencies
    # Officers are grouped under their agencies; only the case's agencies' officers are offered.
    officers = re.search(r'<select name="action-0-officer".*?</select>', page, re.S).group(0)
    assert re.search(
        r'<optgroup label="Leicester City Council">\s*<option value="\d+"[^>]*>Lena Lead</option>', officers
    )
    assert re.search(
        r'<optgroup label="Leicestershire Police">\s*<option value="\d+"[^>]*>Priya Partner</option>', officers
    )
    assert "Owen Outsider" not in officers


def test_actions_are_saved_with_owners_and_shown_on_the_case_and_plan_pages(
    lead_officer_client, medium_risk_case, lead_agency, partner_agency, partner_officer
):
    due = clock.today() + datetime.timedelta(days=14)
    later = clock.today() + datetime.timedelta(days=40)
    data = valid_plan(
        **action_row(0, "Send the warning letter", lead_agency, due),
        **action_row(1, "Patrol Narborough Road on Friday nights", partner_agency, later, partner_officer),
    )

    response = lead_officer_client.post(plan_url(medium_risk_case), data)

    assert response.status_code == 302
    plan = PlanVersion.objects.get(case=medium_risk_case)
    assert [(a.position, a.description, a.agency, a.officer, a.due_on) for a in plan.planned_actions.all()] == [
        (1, "Send the warning letter", lead_agency, None, due),
        (2, "Patrol Narborough Road on Friday nights", partner_agency, partner_officer, later),
    ]
    risk_and_plan = reverse("cases:risk_and_plan", kwargs={"reference": medium_risk_case.reference})
    case_page = " ".join(page_text(lead_officer_client.get(risk_and_plan)).split())
    assert f"Owner: Leicester City Council · due {due:%-d %B %Y}" in case_page
    assert f"Owner: Priya Partner, Leicestershire Police · due {later:%-d %B %Y}" in case_page
    version_url = reverse("cases:plan_version", kwargs={"reference": medium_risk_case.reference, "number": 1})
    assert "Patrol Narborough Road on Friday nights" in page_text(lead_officer_client.get(version_url))


def test_a_revision_starts_from_the_actions_and_a_cleared_row_removes_one(
    lead_officer_client, medium_risk_case, lead_agency, partner_agency
):
    due = clock.today() + datetime.timedelta(days=7)
    lead_officer_client.post(
        plan_url(medium_risk_case),
        valid_plan(**action_row(0, "First", lead_agency, due), **action_row(1, "Second", partner_agency, due)),
    )

    form = page_text(lead_officer_client.get(plan_url(medium_risk_case)))
    assert re.search(r'name="action-1-description"[^>]*>\s*Second</textarea>', form)
    assert 'name="action-2-description"' in form  # one spare row
    cleared = {"action-0-description": "", "action-0-agency": "", "action-0-due_on_0": "", "action-0-due_on_1": ""}
    cleared["action-0-due_on_2"] = ""
    lead_officer_client.post(
        plan_url(medium_risk_case),
        valid_plan(
            version="1",
            **cleared,
            **action_row(1, "Second", partner_agency, due),
        ),
    )

    second = PlanVersion.objects.get(case=medium_risk_case, number=2)
    assert [a.description for a in second.planned_actions.all()] == ["Second"]
    first = PlanVersion.objects.get(case=medium_risk_case, number=1)
    assert [a.description for a in first.planned_actions.all()] == ["First", "Second"]


def test_add_another_action_gives_a_row_and_saves_nothing(lead_officer_client, medium_risk_case, lead_agency):
    data = valid_plan(**action_row(0, "First", lead_agency, clock.today()), add_action="1")
    data["action-TOTAL_FORMS"] = "1"

    response = lead_officer_client.post(plan_url(medium_risk_case), data)

    page = page_text(response)
    assert response.status_code == 200
    assert 'name="action-1-description"' in page
    assert "There is a problem" not in page
    assert PlanVersion.objects.count() == 0


ROW_PROBLEMS = {
    "no description": ({"action-0-description": ""}, "action-0-description", "Enter what is to be done for action 1"),
    "no owner": ({"action-0-agency": ""}, "action-0-agency", "Choose the agency that owns action 1"),
    "no due date": (
        {"action-0-due_on_0": "", "action-0-due_on_1": "", "action-0-due_on_2": ""},
        "action-0-due_on",
        "Enter the due date of action 1",
    ),
    "impossible due date": ({"action-0-due_on_0": "31", "action-0-due_on_1": "2"}, "action-0-due_on", None),
}


@pytest.mark.parametrize("problem", list(ROW_PROBLEMS))
def test_a_bad_action_row_is_shown_next_to_its_field_and_nothing_saved(
    problem, lead_officer_client, medium_risk_case, lead_agency
):
    changes, field, message = ROW_PROBLEMS[problem]
    data = valid_plan(**action_row(0, "Send the letter", lead_agency, clock.today())) | changes

    response = lead_officer_client.post(plan_url(medium_risk_case), data)

    page = page_text(response)
    assert "There is a problem" in page
    assert re.search(rf'id="id_{field}_\d+_error" class="govuk-error-message"', page) or re.search(
        rf'id="id_{field}_error" class="govuk-error-message"', page
    )
    if message:
        assert_error_summary(response, message)
    assert PlanVersion.objects.count() == 0


def test_an_officer_of_another_agency_is_refused_next_to_the_field(
    lead_officer_client, medium_risk_case, lead_agency, partner_officer
):
    data = valid_plan(**action_row(0, "Send the letter", lead_agency, clock.today(), partner_officer))

    response = lead_officer_client.post(plan_url(medium_risk_case), data)

    message = "Choose an officer of Leicester City Council for action 1, or no particular officer"
    assert_error_summary(response, message)
    assert re.search(
        r'id="id_action-0-officer_\d+_error" class="govuk-error-message">\s*<span[^>]*>Error:</span>\s*'
        + re.escape(message),
        page_text(response),
    )
    assert PlanVersion.objects.count() == 0


def test_an_agency_not_on_the_case_cannot_own_an_action(lead_officer_client, medium_risk_case, outsider_agency):
    data = valid_plan(**action_row(0, "Send the letter", outsider_agency, clock.today()))

    response = lead_officer_client.post(plan_url(medium_risk_case), data)

    assert_error_summary(response, "Choose an agency on the case to own action 1")
    assert PlanVersion.objects.count() == 0
