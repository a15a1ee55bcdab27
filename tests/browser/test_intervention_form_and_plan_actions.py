"""The intervention form in Chromium: the first step chooses the intervention and the issuing agency, the second asks
only what that kind needs (words of advice, an ABC, a CPW, a CPN, a civil injunction), with the officers of the chosen
agency; and an Appendix A action with its owner and due date, on the case page and in the Appendix A PDF. Every page
passes axe and fits 320 px without scrolling sideways."""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases import services as case_services
from cases.models import PersonRole, PlanVersion
from cases.services import case_add_person, person_create
from core import clock
from incremental.models import Intervention
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_risk_and_plan_forms import at_both_widths
from tests.factories import PASSWORD, OfficerFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

ALL_DETAILS = {
    "issuing_officer": "select[name=issuing_officer]",
    "issued_on": "input[name=issued_on_0]",
    "live_until": "input[name=live_until_0]",
    "notice_hours": "input[name=notice_hours][value='24']",
    "authorised_by": "input[name=authorised_by]",
    "landlord_confirmed": "input[name=landlord_confirmed]",
    "conditions": "textarea[name=conditions]",
    "refused_to_sign": "input[name=refused_to_sign]",
    "court": "input[name=court]",
    "first_hearing_on": "input[name=first_hearing_on_0]",
    "order_made": "textarea[name=order_made]",
    "order_ends_on": "input[name=order_ends_on_0]",
    "made_without_notice": "input[name=made_without_notice]",
    "return_hearing_on": "input[name=return_hearing_on_0]",
    "justification": "textarea[name=justification]",
}
BASIC = {"issuing_officer", "issued_on", "conditions"}
COURT = {"court", "first_hearing_on", "order_made", "order_ends_on"}
WITHOUT_NOTICE = {"made_without_notice", "return_hearing_on"}
# One of each family, as offered to someone with no interventions yet (suggested stage: tier 1).
KINDS = [
    ("Words of advice (verbal or written)", "Words of advice (verbal or written)", BASIC),
    (
        "Acceptable Behaviour Contract or Agreement (ABC)",
        "Acceptable Behaviour Contract or Agreement",
        BASIC | {"live_until", "refused_to_sign", "justification"},
    ),
    ("Community Protection Warning (CPW)", "Community Protection Warning", BASIC | {"live_until", "justification"}),
    (
        "Community Protection Notice (CPN)",
        "Community Protection Notice",
        BASIC | {"live_until", "justification"} | COURT,
    ),
    (
        "Civil injunction (section 1)",
        "Civil injunction (section 1)",
        BASIC | {"live_until", "justification"} | COURT | WITHOUT_NOTICE,
    ),
    (
        "Closure notice then closure order (premises)",
        "Closure notice then closure order (premises)",
        BASIC | {"live_until", "justification", "notice_hours", "authorised_by"} | COURT,
    ),
]


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"input[name={name}_{part}]").fill(str(value))


def test_intervention_form_shows_what_each_kind_needs(
    transactional_db, sign_in, check_page, live_server, case, lead_officer, partner_officer
):
    ensure_catalogue()
    OfficerFactory(first_name="Colin", last_name="Colleague", agency=lead_officer.agency)
    person = person_create(
        officer=lead_officer,
        first_name="Darren",
        last_name="Whitfield",
        date_of_birth=datetime.date(1994, 8, 30),
        address="16 Narborough Road, Leicester",
    )
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    first_step = f"/cases/{case.reference}/people/{person.pk}/interventions/new/"
    page = sign_in(lead_officer)

    for label, name, wanted in KINDS:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(first_step)
        expect(page.locator("input[name=issued_on_0]")).to_have_count(0)
        if label.startswith("Words"):
            at_both_widths(page, check_page, "choose the intervention")
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name=f"Record {name} for Darren Whitfield", level=1)).to_be_visible()
        for detail, selector in ALL_DETAILS.items():
            expect(page.locator(selector), f"{detail} for {name}").to_have_count(1 if detail in wanted else 0)
        at_both_widths(page, check_page, f"details of {name}")

    # The officers offered are those of the chosen agency.
    page.goto(first_step)
    page.get_by_label("Community Protection Warning (CPW)", exact=True).check()
    expect(page.get_by_label("Issuing agency")).to_have_value(str(lead_officer.agency_id))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Issuing officer").locator("option")).to_have_text(
        ["Choose the officer", "Colin Colleague (LCC)", "Lena Lead (LCC)"]
    )
    page.locator("#change-agency").click()
    page.get_by_label("Issuing agency").select_option(label="Leicestershire Police")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Issuing officer").locator("option")).to_have_text(
        ["Choose the officer", "Priya Partner (Police)"]
    )
    page.get_by_label("Issuing officer").select_option(label="Priya Partner (Police)")
    fill_date(page, "issued_on", clock.today())
    page.get_by_label("Severity justification").fill("Threats to the complainant's children.")
    page.get_by_role("button", name="Record intervention").click()
    expect(page.get_by_role("heading", name="Community Protection Warning for Darren Whitfield")).to_be_visible()
    cpw = Intervention.objects.get()
    assert (cpw.issuing_agency, cpw.issuing_officer) == (partner_officer.agency, partner_officer)


def test_intervention_form_works_without_javascript(browser, live_server, case, lead_officer, transactional_db):
    ensure_catalogue()
    person = person_create(officer=lead_officer, first_name="Darren", last_name="Whitfield", address="Leicester")
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(lead_officer.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/cases/{case.reference}/people/{person.pk}/interventions/new/")
        page.get_by_label("First warning letter", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        expect(page.locator("input[name=court]")).to_have_count(0)
        fill_date(page, "issued_on", clock.today())
        page.get_by_role("button", name="Record intervention").click()
        # Recorded; its letter is addressed next, before it is filed.
        expect(page.get_by_role("heading", name="Who the letter is to", level=1)).to_be_visible()
        assert Intervention.objects.get().kind.code == "first_warning"
    finally:
        context.close()


def test_appendix_a_action_with_owner_and_due_date(
    transactional_db, sign_in, check_page, live_server, case, lead_officer, partner_officer
):
    case_services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=False,
        household_vulnerable=False,
        children_involved=False,
    )
    due = clock.today() + datetime.timedelta(days=21)
    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/plan/")
    page.get_by_label("Overview of the issues", exact=True).fill("Noise most nights from the flat above.")
    page.get_by_label("Who is at risk", exact=True).fill("The complainant.")
    page.get_by_label("At risk from what or whom", exact=True).fill("The tenant above.")
    page.get_by_role("group", name="Are children involved?").get_by_label("No", exact=True).check()
    page.get_by_label("What we are going to do or have done", exact=True).fill("Warning letter; patrols.")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("What is to be done").fill("Patrol Narborough Road on Friday nights")
    action.get_by_label("Owner").select_option(label="Leicestershire Police")
    action.get_by_label("Officer (optional)").select_option(label="Lena Lead")  # not of the police: refused
    fill_date(page, "action-0-due_on", due)
    page.get_by_role("button", name="Save as a new version").click()
    summary = page.locator(".govuk-error-summary")
    message = "Choose an officer of Leicestershire Police for action 1, or no particular officer"
    expect(summary).to_contain_text(message)
    summary.get_by_role("link", name=message).click()
    expect(page.get_by_label("Officer (optional)").first).to_be_focused()
    at_both_widths(page, check_page, "plan action error")

    page.get_by_role("group", name="Action 1").get_by_label("Officer (optional)").select_option(label="Priya Partner")
    page.get_by_role("button", name="Add another action").click()
    expect(page.get_by_role("group", name="Action 2")).to_be_visible()
    assert PlanVersion.objects.count() == 0
    second = page.get_by_role("group", name="Action 2")
    second.get_by_label("What is to be done").fill("Send the first warning letter")
    second.get_by_label("Owner").select_option(label="Leicester City Council")
    fill_date(page, "action-1-due_on", clock.today() + datetime.timedelta(days=7))
    at_both_widths(page, check_page, "plan form with two actions")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Problem-solving plan saved as a new version")

    plan_card = page.locator("#plan")
    expect(plan_card).to_contain_text("Patrol Narborough Road on Friday nights")
    expect(plan_card).to_contain_text(f"Owner: Priya Partner, Leicestershire Police · due {due:%-d %B %Y}")
    expect(plan_card).to_contain_text("Owner: Leicester City Council")
    # The rest of the case page is laid out elsewhere: here the plan's own content must fit its card at 320 px.
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        plan_card.screenshot(path=SCREENSHOTS / f"plan-actions-on-the-case-page-{width}.png")
        assert plan_card.evaluate(
            """card => card.scrollWidth <= card.clientWidth && [...card.querySelectorAll('*')].every(
                   e => e.getBoundingClientRect().right <= card.getBoundingClientRect().right + 0.5)"""
        ), f"the plan's actions overflow their card at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/cases/{case.reference}/plan/versions/1/")
    at_both_widths(page, check_page, "plan version with actions")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download Appendix A")).click()
    pdf = Path(download.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Actions, owners and due dates" in text
    assert "Patrol Narborough Road on Friday nights" in text
    assert "Priya Partner, Leicestershire Police" in text
    assert f"{due:%-d %B %Y}" in text
    saved = SCREENSHOTS / "appendix-a-with-actions.pdf"
    shutil.copy(pdf, saved)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(saved), str(saved.with_suffix(""))], check=True)
