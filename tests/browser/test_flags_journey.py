"""The exploitation flag, fixed penalties and Immediate Justice in the browser.

An officer flags a cuckooed tenant (the flag shows on the person page, the case's people, the identity bar and the
search results for a partner), flags the case and finds it with the case list's filter, then removes the person's
flag with a reason (kept in the history). A fixed penalty over the limit in force on the day it was issued is
refused next to the amount; one within it is recorded (the issue form sends the officer to the CPN breached) and is
a notice on the person's ladder, then its escalation to prosecution (an outcome without a date refused next to the
date). An Immediate Justice referral is a task in My tasks until the work starts, and a start
more than 48 hours after the referral shows as late. Every page passes the axe-core check and is saved as a
screenshot, also at 390 px wide.
"""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import PersonRole
from cases.services import case_add_person
from core import clock
from incremental.models import InterventionKind
from tests.browser.conftest import SCREENSHOTS
from tests.factories import InterventionFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def phone_shot(page: Page, name: str) -> None:
    size = page.viewport_size
    assert size is not None
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"flags_journey-390px-{name}.png"), full_page=True)
    page.set_viewport_size(size)


def test_exploitation_flag_journey(transactional_db, sign_in, check_page, case, lead_officer, partner_officer):
    tenant = PersonFactory(first_name="Maureen", last_name="Tilley", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=tenant, role=PersonRole.COMPLAINANT)

    page = sign_in(lead_officer)
    page.goto(tenant.get_absolute_url())
    page.get_by_role("link", name="Set an exploitation flag on Maureen Tilley").click()
    check_page(page, "set the flag on a person")
    page.get_by_role("button", name="Set the flag").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the exploitation flag is being set")
    check_page(page, "set the flag: error")
    page.get_by_label("Why is the exploitation flag being set?").fill("Dealers from out of town using her flat.")
    page.get_by_role("button", name="Set the flag").click()
    expect(page.locator("#exploitation")).to_contain_text("Exploitation flag: Dealers from out of town using her flat.")
    check_page(page, "person page with the flag")
    phone_shot(page, "person-flagged")

    partner = sign_in(partner_officer)
    partner.goto(f"/cases/{case.reference}/people/")
    expect(partner.locator("#people")).to_contain_text("Exploitation flag")
    expect(partner.locator(".app-case-identity")).to_contain_text("Exploitation")
    check_page(partner, "case people with the flag")
    partner.goto("/search/?q=Tilley&show=people")
    expect(partner.locator("table")).to_contain_text("Exploitation flag")
    check_page(partner, "search results with the flag")

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name=f"Set an exploitation flag on case {case.reference}").click()
    page.get_by_label("Why is the exploitation flag being set?").fill("The flat on this case is taken over.")
    page.get_by_role("button", name="Set the flag").click()
    expect(page.locator("#exploitation")).to_contain_text("The flat on this case is taken over.")
    check_page(page, "case overview with the flag")
    phone_shot(page, "case-flagged")
    page.goto("/cases/?exploitation=yes")
    expect(page.locator("table")).to_contain_text(case.reference)
    expect(page.locator("table")).to_contain_text("Exploitation flag")
    check_page(page, "case list filtered to flagged cases")

    page.goto(tenant.get_absolute_url())
    page.get_by_role("link", name="Remove the exploitation flag from Maureen Tilley").click()
    page.get_by_label("Why is the exploitation flag being removed?").fill("Rehoused at a safe address.")
    page.get_by_role("button", name="Remove the flag").click()
    expect(page.locator("#exploitation")).to_contain_text("No exploitation flag in force.")
    page.get_by_text("Flags removed (1)").click()
    expect(page.locator("#exploitation")).to_contain_text("Rehoused at a safe address.")
    check_page(page, "person page with the flag removed")
    page.goto(f"/cases/{case.reference}/chronology/")
    expect(page.locator("main")).to_contain_text(
        "Exploitation flag on Maureen Tilley removed: Rehoused at a safe address."
    )


def test_fixed_penalty_journey(transactional_db, sign_in, check_page, case, lead_officer):
    ensure_catalogue()  # an earlier test that committed may have flushed what the migration seeded
    perpetrator = PersonFactory(first_name="Wayne", last_name="Ruddock", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    cpn = InterventionFactory(
        case=case,
        person=perpetrator,
        kind=InterventionKind.objects.get(code="cpn"),
        issued_on=datetime.date(2026, 6, 1),
    )
    before = datetime.date(2026, 6, 28)

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/people/{perpetrator.pk}/interventions/new/")
    inset = page.locator("#fixed-penalty-elsewhere")
    expect(inset).to_contain_text("record it from the CPN or PSPO breached")
    expect(page.get_by_role("radio", name="Fixed penalty for breach of a CPN or PSPO (FPN)")).to_have_count(0)
    check_page(page, "issue form sends a fixed penalty to the CPN")
    inset.get_by_role("link", name="Record a fixed penalty for breaching the Community Protection Notice").click()
    check_page(page, "fixed penalty form")
    expect(page.get_by_label("Issuing officer")).to_have_value(str(lead_officer.pk))
    fill_date(page, "issued_on", before)
    page.get_by_label("Amount in pounds").fill("150")
    fill_date(page, "due_on", before + datetime.timedelta(days=14))
    page.get_by_role("button", name="Record the fixed penalty").click()
    error = "A fixed penalty issued on 28 June 2026 must be no more than £100, the limit in force from 20 October 2014"
    expect(page.locator("#div_id_amount .govuk-error-message")).to_contain_text(error)
    check_page(page, "fixed penalty over the limit")
    phone_shot(page, "fixed-penalty-error")
    page.get_by_label("Amount in pounds").fill("100")
    page.get_by_role("button", name="Record the fixed penalty").click()
    card = page.locator("#fixed-penalties")
    expect(card).to_contain_text("£100")
    expect(card).to_contain_text("Not paid by 12 July 2026")
    check_page(page, "CPN with its fixed penalty")

    card.get_by_role("link", name=re.compile(r"^28 June 2026\s*: the fixed penalty notice$")).click()
    notice = page.locator("#fixed-penalty")
    expect(notice).to_contain_text("Community Protection Notice issued 1 June 2026")
    expect(notice).to_contain_text("£100")
    check_page(page, "the fixed penalty notice")
    phone_shot(page, "fixed-penalty-notice")
    page.goto(f"/cases/{case.reference}/interventions/")
    expect(page.locator("main")).to_contain_text("Fixed penalty for breach of a CPN or PSPO")
    check_page(page, "ladder with the fixed penalty")

    page.goto(cpn.get_absolute_url())
    card = page.locator("#fixed-penalties")
    card.get_by_role("link", name="Record payment or prosecution").click()
    page.get_by_label("Outcome of the prosecution").fill("Convicted, fined £300.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date it was referred for prosecution")
    check_page(page, "escalation without a date")
    fill_date(page, "escalated_on", datetime.date(2026, 7, 20))
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#fixed-penalties")).to_contain_text("Referred 20 July 2026: Convicted, fined £300.")
    check_page(page, "fixed penalty escalated")


def test_immediate_justice_journey(transactional_db, sign_in, check_page, case, lead_officer):
    perpetrator = PersonFactory(first_name="Kyle", last_name="Dempsey", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    ensure_catalogue()  # the journey's database was emptied by the one before: the catalogue and its versions again
    kind = InterventionKind.objects.get(code="immediate_justice")
    intervention = InterventionFactory(case=case, person=perpetrator, kind=kind, issued_on=clock.today())
    referred = clock.localtime() - datetime.timedelta(hours=60)

    page = sign_in(lead_officer)
    page.goto(intervention.get_absolute_url())
    page.get_by_role("link", name="Record the referral").click()
    check_page(page, "immediate justice referral form")
    fill_date(page, "referred_on", referred.date())
    page.get_by_label("Time referred").fill(f"{referred:%H:%M}")
    page.get_by_label("Reparative work").fill("Cleaning graffiti on the estate.")
    page.get_by_role("button", name="Record the referral").click()
    card = page.locator("#immediate-justice")
    expect(card).to_contain_text("the 48 hours have passed")
    check_page(page, "immediate justice awaiting its start")

    page.goto("/my-tasks/")
    expect(page.locator("main")).to_contain_text(
        "Immediate Justice for Kyle Dempsey: the work must start within 48 hours"
    )
    check_page(page, "my tasks with the immediate justice start")
    page.get_by_role("link", name="Immediate Justice for Kyle Dempsey", exact=False).first.click()
    page.locator("#immediate-justice").get_by_role("link", name="Record the start of the work").click()
    check_page(page, "immediate justice start form")
    phone_shot(page, "immediate-justice-start")
    now = clock.localtime()
    fill_date(page, "started_on", now.date())
    page.get_by_label("Time the work started").fill(f"{now:%H:%M}")
    page.get_by_role("button", name="Record the start").click()
    expect(page.locator("#immediate-justice-start")).to_contain_text("Late")
    expect(page.locator("#immediate-justice-start")).to_contain_text("more than 48 hours after the referral")
    check_page(page, "immediate justice started late")
    page.goto("/my-tasks/")
    expect(page.locator("main")).not_to_contain_text("Immediate Justice for Kyle Dempsey")
