"""A court varies and discharges single terms of a Respect order, in Chromium: the officer records a new supervisor
for a positive requirement (refused without one) and the discharge of a prohibition (refused without the reason);
the order's page shows the earlier wording and the discharged term, and the register stops counting it. Every page
passes an axe-core check and is saved as a screenshot."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.models import PersonRole
from cases.services import case_add_person, person_create
from core import clock
from core.dates import long_date
from orders import services
from orders.models import OrderTerm
from tests.browser.test_incremental_journey import fill_date, submit
from tests.factories import CaseFactory, InterventionFactory
from tests.incremental.helpers import ensure_catalogue
from tests.orders.helpers import respect_kind

pytestmark = pytest.mark.browser

COURT = "Leicester County Court"


def test_order_terms_journey(transactional_db, sign_in, check_page, live_server, lead_officer, jag, category):
    today = clock.today()
    ensure_catalogue()
    kind = respect_kind(jag.locality)
    case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    person = person_create(
        officer=lead_officer, first_name="Darren", last_name="Whitfield", date_of_birth=datetime.date(1990, 1, 5)
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    services.record_risk_assessment(
        officer=lead_officer,
        case=case,
        person=person,
        assessed_on=today - datetime.timedelta(days=10),
        harassment_risk="Threats to neighbours at night.",
        vulnerabilities="Alcohol dependency.",
        alternatives="CPW and ABC both breached.",
        other_matters="None.",
    )
    order = InterventionFactory(case=case, person=person, kind=kind, court=COURT)
    requirement = services.add_term(
        officer=lead_officer,
        intervention=order,
        kind="requirement",
        text="Attend an alcohol awareness course.",
        supervisor="Turning Point, Leicester",
        update_every_days=28,
    )
    prohibition = services.add_term(
        officer=lead_officer, intervention=order, kind="prohibition", text="Not to enter Narborough Road, Leicester."
    )

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/orders/{order.pk}/")
    check_page(page, "order with two terms")

    # --- The court varies the requirement: a new supervisor, who must be named -------------------------------------
    page.get_by_role("link", name="Vary positive requirement 1").click()
    expect(page.get_by_role("heading", name="Vary positive requirement 1", level=1)).to_be_visible()
    expect(page.get_by_label("Court or hearing that varied it")).to_have_value(COURT)
    page.get_by_label("Supervising person or organisation").fill("")
    submit(page, "Record variation")
    expect(page.locator(".govuk-form-group--error .govuk-error-message").first).to_contain_text(
        "Enter the person or organisation who supervises"
    )
    check_page(page, "variation without supervisor (error)")
    page.get_by_label("Court or hearing that varied it").fill(f"{COURT}, review hearing")
    page.get_by_label("Supervising person or organisation").fill("Leicester Recovery Partnership")
    page.get_by_label("Supervisor reports every (days)").fill("14")
    check_page(page, "variation form")
    submit(page, "Record variation")
    card = page.locator(f"#term-{requirement.pk}")
    expect(card).to_contain_text("Supervised by Leicester Recovery Partnership, reporting every 14 days.")
    expect(card).to_contain_text(
        f"Varied on {long_date(today)} by {COURT}, review hearing: was “Attend an alcohol awareness course.”, "
        "supervised by Turning Point, Leicester, reporting every 28 days."
    )
    expect(card.locator(".govuk-tag")).to_have_text("Varied")
    check_page(page, "order with a varied requirement")

    # --- The court discharges the prohibition: the reason is needed ------------------------------------------------
    page.get_by_role("link", name="Discharge prohibition 2").click()
    expect(page.get_by_label("Court or hearing that discharged it")).to_have_value(COURT)
    fill_date(page, "discharged_on", today)
    submit(page, "Record discharge")
    expect(page.locator(".govuk-form-group--error .govuk-error-message").first).to_contain_text(
        "Enter why the court discharged the term"
    )
    check_page(page, "discharge without reason (error)")
    page.get_by_label("Why the court discharged it").fill("He has moved to Loughborough.")
    check_page(page, "discharge form")
    submit(page, "Record discharge")
    card = page.locator(f"#term-{prohibition.pk}")
    expect(card.locator(".govuk-tag")).to_have_text("Discharged")
    expect(card).to_contain_text(f"Discharged on {long_date(today)} by {COURT}: He has moved to Loughborough.")
    expect(card.get_by_role("link", name=re.compile("Vary|Discharge"))).to_have_count(0)
    check_page(page, "order with a discharged prohibition")
    assert OrderTerm.objects.get(pk=prohibition.pk).discharged_on == today

    # --- The register no longer counts the discharged prohibition --------------------------------------------------
    page.get_by_role("link", name="Orders and notices", exact=True).first.click()
    register = page.locator("#register")
    expect(register).to_contain_text("0 prohibitions, 1 requirement")
    check_page(page, "register after the discharge")
