"""Printing a case page: the print stylesheet leaves out the service's menus, buttons, forms and footer, keeps
the record and its "Official sensitive" marking, and takes fewer sheets of paper than the screen layout."""

import datetime
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases import services
from cases.models import EntryKind, PersonRole
from core import clock
from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PRINT_CSS = re.compile(r".*/css/print\.css(\?.*)?$")


@pytest.fixture
def busy_case(case, lead_officer, partner_agency):
    """A case as it looks some weeks in: people, incidents, logged actions, a risk assessment and a plan."""
    now = clock.now()
    for number, role in enumerate([PersonRole.COMPLAINANT, PersonRole.PERPETRATOR, PersonRole.WITNESS]):
        person = services.person_create(
            officer=lead_officer, first_name=f"Person{number}", last_name="Holloway", postcode="LE3 5GH"
        )
        services.case_add_person(case=case, officer=lead_officer, person=person, role=role)
    for day in range(6):
        services.incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=now - datetime.timedelta(days=30 - day),
            reported_at=now - datetime.timedelta(days=29 - day),
            reported_to=partner_agency,
            description="Loud music and shouting from the flat above until 3am; the complainant could not sleep.",
            hate_incident=False,
        )
    for day in range(10):
        services.chronology_add(
            case=case,
            officer=lead_officer,
            kind=EntryKind.VISIT,
            occurred_at=now - datetime.timedelta(days=20 - day),
            text="Visited the complainant and went through the noise diary; advised on keeping it going.",
        )
    services.risk_assess(
        case=case,
        officer=lead_officer,
        happened_before=True,
        reported_elsewhere=True,
        feels_targeted=True,
        household_vulnerable=False,
        children_involved=False,
    )
    services.plan_save(
        case=case,
        officer=lead_officer,
        overview="Noise most nights from the flat above.",
        who_is_at_risk="The complainant.",
        risk_from="The neighbour.",
        children_involved=False,
        actions="Warning letter; noise monitoring.",
    )
    return case


def printed_pages(page: Page, name: str) -> int:
    """The page printed on A4 as Chromium prints it (kept beside the screenshots to look at): its sheet count."""
    pdf = page.pdf(format="A4")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"print-{name}.pdf").write_bytes(pdf)
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_printed_case_page_has_no_menus_or_buttons_and_fewer_sheets(
    transactional_db, sign_in, check_page, busy_case, lead_officer
):
    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)
    chronology = f"/cases/{busy_case.reference}/chronology/"

    # The screen layout on paper, as it printed before the print stylesheet.
    page.route(PRINT_CSS, lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    page.goto(chronology)
    screen_layout_pages = printed_pages(page, "case-page-screen-layout")
    page.unroute(PRINT_CSS)

    page.goto(chronology)
    check_page(page, "case page")
    page.emulate_media(media="print")
    page.screenshot(path=SCREENSHOTS / "print-case-page.png", full_page=True)
    for hidden in [
        page.get_by_role("navigation", name="Menu"),
        page.locator(".moj-sub-navigation"),
        page.locator(".govuk-header"),
        page.locator(".govuk-back-link"),
        page.locator(".govuk-footer"),
        page.locator(".govuk-skip-link"),
    ]:
        expect(hidden).to_be_hidden()
    for button in page.locator("button, .govuk-button, input[type=submit]").all():
        expect(button).to_be_hidden()
    for form in page.locator("main form").all():
        expect(form).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {busy_case.reference}")
    expect(page.locator(".moj-identity-bar")).to_contain_text(busy_case.address)
    expect(page.locator(".govuk-phase-banner")).to_contain_text("Official sensitive")
    expect(page.locator(".moj-timeline__item").first).to_be_visible()

    print_layout_pages = printed_pages(page, "case-page")
    print(
        f"case page (chronology) printed on A4: {screen_layout_pages} pages before, {print_layout_pages} with print.css"
    )
    assert print_layout_pages < screen_layout_pages

    # Every section prints on its own.
    page.goto(f"/cases/{busy_case.reference}/incidents/")
    page.emulate_media(media="print")
    expect(page.locator("#incidents")).to_contain_text("Loud music and shouting")
    page.goto(f"/cases/{busy_case.reference}/people/")
    page.emulate_media(media="print")
    expect(page.locator("#people")).to_contain_text("Person1 Holloway")
