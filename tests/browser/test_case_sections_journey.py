"""The case page in sections, walked in Chromium through its sub navigation at 1280 px and at 320 px: every
section passes axe, marks itself as the current one, and never scrolls the page sideways (a table may scroll inside
its own region). Screenshots at 1280 px and 390 px are kept under test-results/screenshots/."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import EntryKind, PersonRole
from core import clock
from tests.browser.conftest import SCREENSHOTS
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser

DESKTOP = 1280
PHONE = 390
NARROWEST = 320
SECTIONS = [
    "Overview",
    "People",
    "Incidents",
    "Chronology",
    "Risk and plan",
    "Documents",
    "Interventions",
    "JAG",
    "Cessation",
]


@pytest.fixture
def busy_case(case, lead_officer, partner_agency, jag, category):
    """A case some weeks in, with a repeat victim, a long police log number and more entries than a page holds."""
    now = clock.now()
    victim = services.person_create(
        officer=lead_officer, first_name="Rita", last_name="Holloway-Featherstonehaugh", postcode="LE3 5GH"
    )
    services.case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    earlier = CaseFactory(lead_officer=lead_officer, lead_agency=lead_officer.agency, jag=jag, category=category)
    services.case_add_person(case=earlier, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    perpetrator = services.person_create(officer=lead_officer, first_name="Wayne", last_name="Ruddock")
    services.case_add_person(case=case, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    for day in range(4):
        services.incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=now - datetime.timedelta(days=30 - day),
            reported_at=now - datetime.timedelta(days=29 - day),
            reported_to=partner_agency,
            description="Loud music and shouting from the flat above until 3am; the complainant could not sleep.",
            hate_incident=day == 0,
            police_log_number="0452 of 03/12/2026",
            crime_number="23000123456789012345",
        )
    for minute in range(55):
        services.chronology_add(
            case=case,
            officer=lead_officer,
            kind=EntryKind.VISIT if minute % 4 else EntryKind.CALL,
            occurred_at=now - datetime.timedelta(days=20, minutes=minute),
            text="Visited the complainant and went through the noise diary; advised on keeping it going.",
        )
    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=True,
        children_involved=False,
    )
    return case


def fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def test_every_section_fits_and_passes_axe_at_1280_and_320(
    transactional_db, sign_in, check_page, busy_case, lead_officer
):
    page = sign_in(lead_officer)
    page.get_by_role("link", name=busy_case.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {busy_case.reference}")
    bar = page.locator(".moj-identity-bar")
    for flag in ("Open", "High", "Repeat victim"):
        expect(bar).to_contain_text(flag)
    expect(bar).to_contain_text(busy_case.address)
    navigation = page.get_by_role("navigation", name=f"Sections of case {busy_case.reference}")

    for width in (DESKTOP, NARROWEST):
        page.set_viewport_size({"width": width, "height": 800})
        for label in SECTIONS:
            navigation.get_by_role("link", name=label, exact=True).click()
            page.wait_for_load_state()
            expect(navigation.locator('[aria-current="page"]')).to_have_text(label)
            expect(page.get_by_role("link", name="Back to my cases")).to_be_visible()
            fits(page, width)
            check_page(page, f"{label} at {width}")
            if width == DESKTOP:
                page.set_viewport_size({"width": PHONE, "height": 844})
                slug = label.lower().replace(" ", "-")
                page.screenshot(path=SCREENSHOTS / f"case-sections-{slug}-390.png", full_page=True)
                fits(page, PHONE)
                page.set_viewport_size({"width": DESKTOP, "height": 800})

    # The incidents table scrolls, if at all, inside its own region; its numbers wrap rather than widen the page.
    navigation.get_by_role("link", name="Incidents", exact=True).click()
    fits(page, NARROWEST)
    region = page.get_by_role("region", name="Incidents")
    expect(region).to_contain_text("Crime number: 23000123456789012345")

    # The chronology: a timeline, a filter that keeps to the chosen type, and pages.
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    navigation.get_by_role("link", name="Chronology", exact=True).click()
    expect(page.locator(".moj-timeline__item")).to_have_count(25)
    page.get_by_label("Type").select_option(label="Telephone call")
    page.get_by_role("button", name="Show entries").click()
    expect(page.locator("#chronology-count")).to_contain_text("of 14 entries")
    expect(page.locator(".moj-timeline__title")).to_have_text(["Telephone call"] * 14)
    check_page(page, "chronology, calls only")
    page.goto(f"/cases/{busy_case.reference}/chronology/")
    page.get_by_role("link", name="Page 2").click()
    expect(page.locator(".moj-timeline__item").first).to_be_visible()
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    check_page(page, "chronology, page 2")


def test_a_form_opened_from_a_section_returns_to_it(transactional_db, sign_in, check_page, busy_case, lead_officer):
    page = sign_in(lead_officer)
    page.goto(f"/cases/{busy_case.reference}/people/")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("link", name="Back to case").click()
    expect(page).to_have_url(re.compile(rf".*/cases/{busy_case.reference}/people/$"))

    page.goto(f"/cases/{busy_case.reference}/chronology/")
    page.get_by_role("button", name="Log an action").click()
    page.get_by_label("Type of action").select_option(label="Note")
    page.get_by_label("What was done").fill("Spoke to the caretaker about the door entry system.")
    page.get_by_role("button", name="Add to chronology").click()
    expect(page).to_have_url(re.compile(rf".*/cases/{busy_case.reference}/chronology/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action logged on the chronology")
    expect(page.locator(".moj-timeline")).to_contain_text("Spoke to the caretaker")
    check_page(page, "chronology after logging")
