"""A warning letter that can be posted, in Chromium: recording a final warning leads to the letter's details,
prefilled with the person's address; the officer chooses the title, previews the letter, goes back to change the
address, previews it again and files it; the chronology says it was filed and how it was sent, and the PDF carries
the address block and "Dear Mr Ruddock". Every page passes the axe check at 1280 px and 390 px and does not scroll
sideways at 320 px; the letter's first page is kept as a PNG beside the screenshots."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cases.models import Document, PersonRole
from cases.services import case_add_person, person_create
from incremental.models import Intervention, InterventionKind, LetterRecipient
from tests.browser.conftest import SCREENSHOTS
from tests.factories import CaseFactory, InterventionFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 700}


def at_both_widths(page: Page, check_page, name: str) -> None:
    """axe and a screenshot at 1280 px and 390 px, and no sideways scroll of the page at 320 px."""
    check_page(page, f"{name} (1280 px)")
    page.set_viewport_size(PHONE)
    check_page(page, f"{name} (390 px)")
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 320 px"
    page.set_viewport_size(DESKTOP)


def test_letter_journey(transactional_db, sign_in, check_page, lead_officer, jag, category):
    ensure_catalogue()
    case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    wayne = person_create(
        officer=lead_officer,
        first_name="Wayne",
        last_name="Ruddock",
        address="12 Fosse Road North, Newfoundpool, Leicester",
        postcode="LE3 5EA",
    )
    case_add_person(case=case, officer=lead_officer, person=wayne, role=PersonRole.PERPETRATOR)
    warning = InterventionFactory(
        case=case, person=wayne, kind=InterventionKind.objects.get(code="final_warning"), issuing_officer=lead_officer
    )

    page = sign_in(lead_officer)
    page.set_viewport_size(DESKTOP)
    page.goto(warning.get_absolute_url())
    page.get_by_role("button", name="Write the letter").click()

    # --- The details, prefilled from Wayne Ruddock's record ---------------------------------------------------------
    expect(page.get_by_role("heading", name="Who the letter is to", level=1)).to_be_visible()
    expect(page.get_by_label("Address line 1")).to_have_value("12 Fosse Road North")
    expect(page.get_by_label("Address line 2 (optional)")).to_have_value("Newfoundpool")
    expect(page.get_by_label("Town or city")).to_have_value("Leicester")
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("LE3 5EA")
    expect(page.get_by_label("By post")).to_be_checked()
    at_both_widths(page, check_page, "letter details")

    # No title chosen yet: the form says so and keeps what was there.
    page.get_by_role("button", name="Preview the letter").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a title, or no title")
    summary.get_by_role("link", name="Choose a title, or no title").click()
    expect(page.get_by_label("Mr", exact=True)).to_be_focused()
    check_page(page, "letter details with an error")

    page.get_by_label("Mr", exact=True).check()
    page.get_by_role("button", name="Preview the letter").click()

    # --- The preview: the letter as it will be printed; nothing filed yet ------------------------------------------
    expect(page.get_by_role("heading", name="Check the letter before you file it")).to_be_visible()
    letter = page.locator(".app-letter-preview__page")
    expect(letter).to_contain_text("Dear Mr Ruddock")
    expect(letter.locator(".recipient")).to_contain_text("Mr Wayne Ruddock")
    expect(letter.locator(".recipient")).to_contain_text("12 Fosse Road North")
    at_both_widths(page, check_page, "letter preview")
    assert not LetterRecipient.objects.exists()
    assert not Document.objects.filter(case=case).exists()

    # --- Back to change the address: what was typed comes back ------------------------------------------------------
    page.get_by_role("button", name="Change the letter details").click()
    expect(page.get_by_label("Mr", exact=True)).to_be_checked()
    page.get_by_label("Address line 1").fill("Flat 2, 14 Fosse Road North")
    page.get_by_label("Address line 2 (optional)").fill("")
    page.get_by_role("button", name="Preview the letter").click()
    expect(letter.locator(".recipient")).to_contain_text("Flat 2, 14 Fosse Road North")
    expect(letter.locator(".recipient")).not_to_contain_text("Newfoundpool")

    # --- File it: a double click files once -----------------------------------------------------------------------
    page.get_by_role("button", name="File the letter").dblclick()
    # Laying out the PDF takes a few seconds on a busy machine.
    expect(page.get_by_role("heading", name="Final warning letter and home visit for Wayne Ruddock")).to_be_visible(
        timeout=60_000
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Letter filed")
    expect(page.locator("#details")).to_contain_text("By post")
    at_both_widths(page, check_page, "final warning with its letter")
    assert LetterRecipient.objects.count() == 1
    assert Document.objects.filter(case=case).count() == 1

    # --- On the chronology --------------------------------------------------------------------------------------------
    page.goto(f"/cases/{case.reference}/chronology/")
    expect(page.locator("main")).to_contain_text("Letter filed: Final warning letter to Wayne Ruddock")
    expect(page.locator("main")).to_contain_text("sent by post to Flat 2, 14 Fosse Road North, Leicester, LE3 5EA")
    check_page(page, "chronology with the letter")

    # --- The PDF: the address block and the salutation, read back by poppler ---------------------------------------
    page.goto(warning.get_absolute_url())
    with page.expect_download() as download_info:
        page.locator("#details").get_by_role("link", name=re.compile(r"\(PDF\)$")).click()
    kept = SCREENSHOTS / "letter_journey-final-warning.pdf"
    kept.write_bytes(Path(download_info.value.path()).read_bytes())
    assert Intervention.objects.get(pk=warning.pk).letter is not None
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(kept), "-"], capture_output=True, text=True, check=True).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        start = lines.index("Mr Wayne Ruddock")
        assert lines[start : start + 4] == ["Mr Wayne Ruddock", "Flat 2, 14 Fosse Road North", "Leicester", "LE3 5EA"]
        assert "Dear Mr Ruddock" in lines
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(kept), str(kept.with_suffix(""))], check=True)
