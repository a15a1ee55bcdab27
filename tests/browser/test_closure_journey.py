"""An officer closes a case after telling each victim why: closing first without telling them is refused next to the
victims (the reason kept), then each victim's telling, outcome and satisfaction are recorded, a closing letter is
generated and read back, and the case closes; the manager sees the outcomes on the dashboard's Victims page.

Chromium against the live server; every page passes the axe-core check, is measured for sideways scrolling and is
saved as a screenshot (and the key pages at 390 and 1280 px, and the letter's first page as a PNG)."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Case, CaseStatus, ChronologyEntry, PersonRole, VictimClosure
from cases.services import case_add_person
from core import clock
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def widths(page: Page, name: str) -> None:
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"closure_journey-{name}-{width}.png", full_page=True)
    if size:
        page.set_viewport_size(size)


def download_text(page: Page, link, keep_as: str) -> str:
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    kept = SCREENSHOTS / f"closure_journey-{keep_as}.pdf"
    kept.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(kept), str(kept.with_suffix(""))], check=True
        )
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(kept).pages)


def test_closure_journey(transactional_db, sign_in, check_page, case, lead_officer, manager):
    vera = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    walter = PersonFactory(first_name="Walter", last_name="Witherspoon", created_by=lead_officer, address="")
    for person in (vera, walter):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.COMPLAINANT)
    today = clock.today()

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Close the case").click()
    expect(page.get_by_role("heading", name="Close the case", level=1)).to_be_visible()
    expect(page.locator("#victims")).to_contain_text("Not yet recorded")
    check_page(page, "close the case with the victims not yet told")

    # Closing before the victims are told: refused by the victims, the reason kept, nothing saved.
    page.get_by_label("Reason").fill("The tenant has been evicted and the noise has stopped.")
    submit(page, "Close case")
    message = "not yet recorded for Vera Victim, Walter Witherspoon"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator("#victims .govuk-error-message")).to_contain_text(message)
    expect(page.get_by_label("Reason")).to_have_value("The tenant has been evicted and the noise has stopped.")
    check_page(page, "closing refused: victims not told")
    widths(page, "closing-refused")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    page.locator(".govuk-error-summary a[href='#victims']").click()

    # Vera: told on a visit, ASB stopped, satisfied.
    page.get_by_role("link", name="Record how Vera Victim was told").click()
    expect(page.get_by_role("heading", name="Closing the case: Vera Victim")).to_be_visible()
    check_page(page, "record how Vera was told")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose how they were told, or that they were not told"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the outcome for the victim")
    check_page(page, "victim form with errors")
    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "told_on", today)
    page.get_by_label("What they were told").fill("The tenant was evicted; the case is closing as the noise stopped.")
    page.get_by_label("ASB stopped").check()
    page.get_by_label("5: very satisfied").check()
    widths(page, "victim-form")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closing recorded for Vera Victim")

    # Walter: could not be contacted; the outcome as the officer found it; satisfaction not given.
    page.get_by_role("link", name="Record how Walter Witherspoon was told").click()
    page.get_by_label("They were not told").check()
    page.get_by_label("Could not be contacted after attempts").check()
    page.get_by_label("Explanation").fill("Three calls and two visits in March, no answer.")
    page.get_by_label("ASB reduced").check()
    page.get_by_label("Not given").check()
    submit(page, "Save")

    # Vera's closing letter, addressed from her record, read back.
    page.get_by_role("link", name="Closing letter to Vera Victim").click()
    expect(page.get_by_label("Name and address")).to_have_value("Vera Victim\n12 Example Street, Leicester\nLE1 6ZG")
    check_page(page, "closing letter form")
    submit(page, "Generate letter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closing letter to Vera Victim generated")
    text = download_text(page, page.get_by_role("link", name="Download letter to Vera Victim"), "letter")
    assert "Dear Vera Victim" in text
    assert "The tenant was evicted; the case is closing as the noise stopped." in text
    assert case.reference in text

    check_page(page, "close the case with the victims told")
    widths(page, "close-the-case")
    expect(page.get_by_label("Reason")).to_have_value("")
    page.get_by_label("Reason").fill("The tenant has been evicted and the noise has stopped.")
    submit(page, "Close case")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case closed")
    check_page(page, "case closed")
    page.get_by_role("link", name="See the victims' closing records").click()
    expect(page.locator("main")).to_contain_text("5 out of 5")
    check_page(page, "victims told and outcomes")
    widths(page, "victims")

    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert sorted(VictimClosure.objects.values_list("outcome", "satisfaction")) == [("reduced", None), ("stopped", 5)]
    assert ChronologyEntry.objects.filter(case=case, text__startswith="Closing the case").count() == 2

    # The manager sees the outcomes on the dashboard's Victims page.
    board = sign_in(manager)
    board.goto("/dashboard/")
    board.get_by_role("navigation", name="Pages of the managers' dashboard").get_by_role("link", name="Victims").click()
    expect(board.get_by_role("heading", name="Managers' dashboard: victims", level=1)).to_be_visible()
    block = board.locator("#table-outcomes-by-jag")
    expect(block).to_contain_text("Leicester West JAG")
    expect(block.locator("[data-figure=outcome_stopped]")).to_have_text("1")
    expect(block.locator("[data-figure=outcome_reduced]")).to_have_text("1")
    expect(block.locator("[data-figure=satisfaction_average]")).to_have_text("5.0")
    expect(board.locator("main")).to_contain_text("2 victims in all; average satisfaction 5.0 from 1.")
    check_page(board, "dashboard with the outcomes for victims")
    board.locator("#victim-outcomes").scroll_into_view_if_needed()
    widths(board, "dashboard")
