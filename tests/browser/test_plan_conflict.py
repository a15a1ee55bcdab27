"""Two officers revise the Appendix A plan at once: the first save becomes the new version, the second is refused
with the version that is there now, keeps what its officer typed, and is saved only when sent again."""

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import PlanVersion

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_plan(page: Page, reference: str) -> None:
    page.goto(f"/cases/{reference}/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem-solving plan (Appendix A)")


def test_second_officer_saving_a_stale_plan_is_shown_the_conflict(
    transactional_db, sign_in, check_page, live_server, case, lead_officer, partner_officer
):
    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    services.plan_save(
        case=case,
        officer=lead_officer,
        overview="Noise most nights.",
        who_is_at_risk="The complainant.",
        risk_from="The neighbour.",
        children_involved=False,
        actions="Warning letter.",
    )
    lead, partner = sign_in(lead_officer), sign_in(partner_officer)
    for page in (lead, partner):
        page.set_viewport_size(DESKTOP)
        open_plan(page, case.reference)
    check_page(partner, "plan, version 1 open")

    lead.get_by_label("Overview of the issues").fill("Noise most nights; a dog barking since March.")
    lead.get_by_role("button", name="Save as a new version").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Problem-solving plan saved as a new version")

    partner.get_by_label("Overview of the issues").fill("Noise most nights; the landlord has been told.")
    partner.get_by_role("button", name="Save as a new version").click()
    summary = partner.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Someone else saved a new version of the plan while you were editing it")
    current = partner.locator("#current-plan")
    expect(current).to_contain_text("Noise most nights; a dog barking since March.")
    expect(partner.get_by_text(f"Version 2 was saved by {lead_officer.display_name}")).to_be_visible()
    expect(partner.get_by_label("Overview of the issues")).to_have_value(
        "Noise most nights; the landlord has been told."
    )
    check_page(partner, "plan, conflict")
    partner.set_viewport_size(PHONE)
    check_page(partner, "plan, conflict, phone")
    assert list(PlanVersion.objects.filter(case=case).values_list("number", "overview")) == [
        (2, "Noise most nights; a dog barking since March."),
        (1, "Noise most nights."),
    ]

    # Having seen version 2, the officer saves theirs deliberately: it becomes version 3.
    partner.get_by_role("button", name="Save as a new version").click()
    expect(partner.locator(".govuk-notification-banner")).to_contain_text("Problem-solving plan saved as a new version")
    assert PlanVersion.objects.filter(case=case).values_list("number", "overview").first() == (
        3,
        "Noise most nights; the landlord has been told.",
    )
