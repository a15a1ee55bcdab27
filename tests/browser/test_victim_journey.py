"""A victim's side of a case in Chromium: the officer sets the single point of contact and the contact plan (a plan
with no way of contact is refused, nothing saved and what was typed kept), assesses the victim as high risk (the
plan's frequency follows the band), logs an update given and finds it on the chronology. Every page passes the axe
check, does not scroll sideways at 320 or 1280 px, and is saved as a screenshot at 1280 and 390 px."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from cases.models import CasePerson, PersonRole, VictimContact, VictimContactPlan
from cases.services import case_add_person, person_create
from core import clock
from incremental.reminders import reminders_generate
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def check(check_page, request):
    """The axe check, sideways scroll and a screenshot at 1280 px; a screenshot at 390 px."""
    prefix = request.node.originalname.removeprefix("test_")

    def checked(page: Page, name: str) -> None:
        page.set_viewport_size(DESKTOP)
        check_page(page, name)
        page.set_viewport_size(PHONE)
        slug = name.replace(" ", "-")
        page.screenshot(path=SCREENSHOTS / f"{prefix}-390px-{slug}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return checked


def answer(page: Page, question: str, yes: bool) -> None:
    page.get_by_role("group", name=question).get_by_label("Yes" if yes else "No", exact=True).check()


def test_officer_keeps_a_victim_informed(
    transactional_db, sign_in, check, case, lead_officer, partner_officer, manager
):
    victim = person_create(officer=lead_officer, first_name="Maureen", last_name="Ashby")
    case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    link = CasePerson.objects.get(case=case, person=victim)

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/people/")
    check(page, "people section")
    page.get_by_role("link", name=re.compile(r"Victim.s page")).click()
    expect(page.get_by_role("heading", name="Maureen Ashby", level=1)).to_be_visible()
    check(page, "victim page empty")

    # The contact plan, first with no way of contact: refused, nothing saved, what was typed kept.
    page.get_by_role("link", name="Make a contact plan").click()
    page.get_by_label("Single point of contact").select_option(str(partner_officer.pk))
    page.get_by_label("Safe times to contact").fill("Weekday evenings after 6pm")
    page.get_by_label("Language").fill("Punjabi")
    page.get_by_role("group", name="Is an interpreter needed?").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save contact plan").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose at least one way to contact the victim")
    expect(page.locator("#methods-error, .govuk-error-message").first).to_contain_text("Choose at least one way")
    expect(page.get_by_label("Safe times to contact")).to_have_value("Weekday evenings after 6pm")
    expect(page.get_by_label("Language")).to_have_value("Punjabi")
    assert VictimContactPlan.objects.count() == 0
    check(page, "contact plan with no method")

    page.get_by_label("Phone").check()
    page.get_by_label("Visit").check()
    page.get_by_role("button", name="Save contact plan").click()
    expect(page.locator("#spoc")).to_contain_text("Priya Partner")
    expect(page.locator("#frequency")).to_contain_text("At least every 28 days (follows the victim's risk band)")
    check(page, "victim page with plan")

    # The victim's own assessment: high risk, and the plan's frequency follows.
    page.get_by_role("link", name="Assess the risk to the victim").click()
    expect(page.locator("#band-rule")).to_contain_text("feels unsafe in their home is high risk")
    check(page, "victim assessment questions")
    answer(page, "Has the victim been a victim of anti-social behaviour before?", True)
    answer(page, "Is the victim targeted (a hate incident, or deliberate targeting)?", False)
    answer(page, "Is anyone in the household vulnerable?", False)
    answer(page, "Is it affecting anyone's physical or mental health?", True)
    answer(page, "Are there children in the household?", False)
    answer(page, "Does the victim feel unsafe in their home?", True)
    page.get_by_role("button", name="Calculate band").click()
    expect(page.locator("#calculated-band")).to_contain_text("Calculated band: High")
    check(page, "victim band calculated")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator("#frequency")).to_contain_text("At least every 7 days")
    expect(page.locator("#assessment")).to_contain_text("High")

    # An update given, on the page and on the chronology.
    page.get_by_role("link", name="Record an update given to Maureen Ashby").click()
    check(page, "record an update")
    page.get_by_label("Phone").check()
    page.get_by_label("What was said").fill("Told Maureen the CPW was issued to the neighbour on Monday.")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("#contacts")).to_contain_text("Told Maureen the CPW was issued")
    assert VictimContact.objects.filter(case=case, victim=victim).count() == 1
    check(page, "victim page with an update")

    page.goto(f"/cases/{case.reference}/victims/")
    expect(page.locator("#table-victims")).to_contain_text("Priya Partner")
    expect(page.locator("#table-victims")).to_contain_text("High")
    check(page, "victims section")
    page.goto(f"/cases/{case.reference}/chronology/")
    expect(page.locator("main")).to_contain_text("Update given to Maureen Ashby (phone)")
    check(page, "chronology with the update")

    # A week and more later with no contact: overdue on the contact's My tasks and on the managers' dashboard.
    VictimContactPlan.objects.update(next_contact_due=clock.today() - datetime.timedelta(days=1))
    reminders_generate(as_of=clock.today())
    contact = sign_in(partner_officer)
    contact.goto("/my-tasks/")
    task = contact.get_by_role("link", name=re.compile("contact Maureen Ashby"))
    expect(task).to_have_attribute("href", f"/cases/{case.reference}/victims/{link.pk}/")
    check(contact, "my tasks with the contact due")
    board = sign_in(manager)
    board.goto("/dashboard/")
    board.get_by_role("navigation", name="Pages of the managers' dashboard").get_by_role("link", name="Victims").click()
    expect(board.get_by_role("heading", name="Managers' dashboard: victims", level=1)).to_be_visible()
    expect(board.locator("#victim-contacts-total")).to_have_text("1")
    expect(board.locator("#table-victim-contacts-by-jag")).to_contain_text(case.jag.name)
    check(board, "dashboard with a victim contact overdue")
