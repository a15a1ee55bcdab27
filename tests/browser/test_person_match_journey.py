"""Adding a known person by name alone, in Chromium: an officer adds "Wayne Rudock" to a case, is shown the Wayne
Ruddock they may see, with his case and his live CPN, has to choose, picks him, and no second record is made.
Every page passes an axe-core check and is saved as a screenshot (the matches at 1280 and 390 px wide)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import CasePerson, Person, PersonRole
from cases.services import case_add_person, person_create
from core import clock
from core.dates import short_date
from tests.browser.conftest import SCREENSHOTS
from tests.factories import CaseFactory, InterventionFactory, _catalogue
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def fits(page: Page, width: int) -> bool:
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    fitted = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size(size)
    return fitted


def test_person_match_journey(transactional_db, sign_in, check_page, case, lead_officer):
    ensure_catalogue()  # an earlier test that committed may have flushed what the migration seeded
    today = clock.today()
    glenmore = CaseFactory(lead_officer=lead_officer, address="33 Glenmore Road, Leicester", postcode="LE3 0NF")
    wayne = person_create(
        officer=lead_officer,
        first_name="Wayne",
        last_name="Ruddock",
        date_of_birth=datetime.date(1978, 12, 22),
        address="33 Glenmore Road, Leicester",
        postcode="LE3 0NF",
    )
    case_add_person(case=glenmore, officer=lead_officer, person=wayne, role=PersonRole.PERPETRATOR)
    InterventionFactory(
        case=glenmore, person=wayne, kind=_catalogue("cpw"), issued_on=today - datetime.timedelta(days=90)
    )
    cpn_until = today + datetime.timedelta(days=300)
    InterventionFactory(
        case=glenmore,
        person=wayne,
        kind=_catalogue("cpn"),
        issued_on=today - datetime.timedelta(days=20),
        live_until=cpn_until,
    )

    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)
    page.goto(case.get_absolute_url())
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", name="Add a person to the case", level=1)).to_be_visible()
    check_page(page, "add a person")
    page.get_by_label("Perpetrator").check()
    page.get_by_label("First name").fill("Wayne")
    page.get_by_label("Last name").fill("Rudock")
    page.get_by_role("button", name="Add person").click()

    # The known Wayne Ruddock, with his case and his live CPN; nothing chosen for the officer.
    expect(page.get_by_role("heading", name="Is this one of these people?")).to_be_visible()
    known = page.get_by_role("radio", name="Wayne Ruddock")
    expect(known).not_to_be_checked()
    expect(page.get_by_role("radio", name="None of these: add a new person with the details below")).not_to_be_checked()
    hint = page.locator(f"#match-{wayne.pk}-hint")
    expect(hint).to_contain_text(f"Perpetrator on {glenmore.reference}")
    expect(hint).to_contain_text("Incremental Approach: Tier 4: court stage")
    expect(hint).to_contain_text(f"Live Community Protection Notice until {short_date(cpn_until)}")
    check_page(page, "possible matches at 1280 px")
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "person_match_journey-390px-possible-matches.png", full_page=True)
    assert (fits(page, 390), fits(page, 320)) == (True, True)
    page.set_viewport_size(DESKTOP)

    # Continuing without a choice asks for one; the error summary's link moves focus to the first person.
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the person this is, or none of these to add a new person")
    check_page(page, "possible matches, nothing chosen")
    summary.get_by_role("link").click()
    expect(page.get_by_role("radio", name="Wayne Ruddock")).to_be_focused()

    page.get_by_role("radio", name="Wayne Ruddock").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/cases/{case.reference}/people/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Wayne Ruddock added to the case")
    check_page(page, "case with wayne ruddock")

    assert list(Person.objects.filter(last_name__in=["Ruddock", "Rudock"]).values_list("pk", flat=True)) == [wayne.pk]
    assert list(CasePerson.objects.filter(case=case).values_list("person_id", "role")) == [
        (wayne.pk, PersonRole.PERPETRATOR)
    ]
