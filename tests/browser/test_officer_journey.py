"""An officer's journey through a case, in Chromium against the live server, seen from three agencies.

The lead officer opens a case and builds its record; an officer of the agency brought in sees all of it; an
officer of a third agency finds no trace of it anywhere. Every page passes an axe-core check (no serious or
critical violations) and is saved as a full-page screenshot under test-results/screenshots/.
"""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from agencies.models import AuditAction, AuditEvent
from cases.models import Case, ChronologyEntry, Document, EntryKind
from core import clock

pytestmark = pytest.mark.browser

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
POSTCODE = "LE3 0BQ"
PERPETRATOR = ("Darren", "Whitfield")


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_officer_journey_across_three_agencies(
    transactional_db,  # the live server's thread must see what this test writes, so nothing is rolled back
    sign_in,
    check_page,
    live_server,
    lead_officer,
    partner_officer,
    partner_agency,
    outsider_officer,
    jag,
    category,
):
    today = clock.today()

    # --- The lead officer opens the case and builds its record -------------------------------------------------
    page = sign_in(lead_officer)
    check_page(page, "my cases (lead, empty)")

    page.get_by_role("link", name="Open a case").first.click()
    expect(page.get_by_role("heading", name="Open a case", level=1)).to_be_visible()
    check_page(page, "open a case")

    # Wrong answers first: the error summary, then the values typed are still there.
    page.get_by_label("Address or location").fill("14 Narborough Road, Leicester")
    page.get_by_label("Postcode", exact=True).fill("LE3 XXX")
    submit(page, "Open case")
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real postcode, like LE1 6ZG")
    expect(page.get_by_label("Address or location")).to_have_value("14 Narborough Road, Leicester")
    check_page(page, "open a case (errors)")

    page.get_by_label("Postcode", exact=True).fill(POSTCODE)
    page.get_by_label("Ward").fill("Westcotes")
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Managing JAG").select_option(label=str(jag))
    page.get_by_label("Summary").fill(
        "Loud music from the flat above most nights after midnight; the family cannot sleep."
    )
    submit(page, "Open case")

    case = Case.objects.get()
    reference = case.reference
    expect(page.get_by_role("heading", name=f"Case {reference}", level=1)).to_be_visible()
    check_page(page, "case opened")
    case_url = page.url.split("#")[0]

    people = [
        ("Complainant / victim", "Margaret", "Okafor", datetime.date(1958, 2, 11)),
        ("Perpetrator", *PERPETRATOR, datetime.date(1994, 8, 30)),
    ]
    for role, first, last, born in people:
        page.goto(case_url)
        page.get_by_role("button", name="Add a person").click()
        check_page(page, f"add a person ({role})")
        page.get_by_label(role, exact=True).check()
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill(last)
        fill_date(page, "date_of_birth", born)
        page.get_by_label("Address", exact=True).fill("16 Narborough Road, Leicester")
        page.get_by_label("Postcode", exact=True).fill(POSTCODE)
        submit(page, "Add person")
        expect(page.locator("#people")).to_contain_text(f"{first} {last}")
    check_page(page, "case with people")

    page.goto(case_url)
    page.get_by_role("button", name="Record an incident").click()
    check_page(page, "record an incident")
    fill_date(page, "occurred_on", today - datetime.timedelta(days=3))
    page.get_by_label("Time it happened").fill("23:40")
    fill_date(page, "reported_on", today - datetime.timedelta(days=2))
    page.get_by_label("Time it was reported").fill("09:05")
    page.get_by_label("Description").fill("Bass-heavy music and shouting from 23:40 until about 3am.")
    submit(page, "Record incident")
    expect(page.locator("#incidents")).to_contain_text("Bass-heavy music")

    page.goto(case_url)
    page.get_by_role("button", name="Log an action").click()
    check_page(page, "log an action")
    page.get_by_label("Type of action").select_option(label="Telephone call")
    fill_date(page, "occurred_on", today - datetime.timedelta(days=1))
    page.get_by_label("Time of the action").fill("10:15")
    page.get_by_label("What was done").fill("Called the perpetrator about the noise on Tuesday night.")
    submit(page, "Add to chronology")
    check_page(page, "case after logging an action")

    call = ChronologyEntry.objects.get(case=case, kind=EntryKind.CALL)
    page.locator(f"#entry-{call.pk}").get_by_role("link", name=re.compile("^Correct")).click()
    check_page(page, "correct an entry")
    page.get_by_label("Correction").fill("The call was about Monday night, not Tuesday.")
    submit(page, "Add correction")
    expect(page.locator(".app-chronology")).to_contain_text("The call was about Monday night, not Tuesday.")

    page.goto(case_url)
    page.get_by_role("button", name="Upload a document").click()
    check_page(page, "upload a document")
    page.get_by_label("Title").fill("Noise diary, week 1")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "noise-diary.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    submit(page, "Upload document")
    expect(page.locator("#documents")).to_contain_text("Noise diary, week 1")
    document = Document.objects.get(case=case)

    page.goto(case_url)
    page.locator("#agencies").get_by_role("link", name=re.compile("^Manage")).click()
    check_page(page, "agencies involved")
    page.get_by_label("Agency to bring in").select_option(label=partner_agency.name)
    submit(page, "Bring in agency")
    expect(page.locator("table")).to_contain_text(partner_agency.name)
    check_page(page, "agency brought in")

    page.goto(case_url)
    check_page(page, "case, complete (lead)")
    page.goto(f"{case_url}chronology/")
    check_page(page, "chronology (lead)")
    page.goto("/my-cases/")
    expect(page.locator("table")).to_contain_text(reference)
    check_page(page, "my cases (lead)")
    page.goto("/cases/")
    check_page(page, "case list (lead)")

    page.goto(f"{case_url}people/")
    person_urls = [
        page.locator("#people").get_by_role("link", name=f"{first} {last}", exact=True).get_attribute("href")
        for _, first, last, _ in people
    ]

    # --- An officer of the agency brought in sees all of it ----------------------------------------------------
    partner = sign_in(partner_officer)
    partner.get_by_role("link", name="My agency's cases").click()
    expect(partner.locator("table")).to_contain_text(reference)
    check_page(partner, "my cases (partner)")
    partner.get_by_role("link", name=reference).click()
    expect(partner.get_by_role("heading", name=f"Case {reference}", level=1)).to_be_visible()
    # Involved, not leading: no edit or share links.
    expect(partner.locator("#details").get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    expect(partner.locator("#agencies").get_by_role("link", name=re.compile("^Manage"))).to_have_count(0)
    check_page(partner, "case (partner)")
    sections = partner.get_by_role("navigation", name=f"Sections of case {reference}")
    sections.get_by_role("link", name="People").click()
    for _, first, last, _ in people:
        expect(partner.locator("#people")).to_contain_text(f"{first} {last}")
    sections.get_by_role("link", name="Incidents").click()
    expect(partner.locator("#incidents")).to_contain_text("Bass-heavy music")
    sections.get_by_role("link", name="Documents").click()
    expect(partner.locator("#documents")).to_contain_text("Noise diary, week 1")

    with partner.expect_download() as download_info:
        partner.locator("#documents").get_by_role("link", name="Noise diary, week 1").click()
    download = download_info.value
    assert download.suggested_filename == "noise-diary.pdf"
    assert Path(download.path()).read_bytes() == PDF_BYTES
    assert (
        AuditEvent.objects.filter(
            officer=partner_officer, action=AuditAction.DOWNLOAD, object_id=str(document.pk)
        ).count()
        == 1
    )

    sections.get_by_role("link", name="Chronology").click()
    chronology = partner.locator(".app-chronology")
    expect(chronology).to_contain_text("Called the perpetrator about the noise on Tuesday night.")
    expect(chronology).to_contain_text("The call was about Monday night, not Tuesday.")
    expect(chronology.locator(".moj-timeline__title", has_text="Correction")).to_have_count(1)
    check_page(partner, "chronology (partner)")

    partner.goto(person_urls[1])
    expect(partner.get_by_role("heading", name=" ".join(PERPETRATOR), level=1)).to_be_visible()
    expect(partner.locator("table")).to_contain_text(reference)
    check_page(partner, "person (partner)")

    partner.goto(f"/cases/?q={reference}")
    expect(partner.locator("#case-count")).to_have_text("1 case")
    check_page(partner, "search by reference (partner)")

    # --- An officer of a third agency finds no trace of it -------------------------------------------------------
    outsider = sign_in(outsider_officer)
    expect(outsider.locator("table")).not_to_contain_text(reference)
    for count in ("#count-open", "#count-high", "#count-overdue"):
        expect(outsider.locator(count)).to_have_text("0")
    check_page(outsider, "my cases (outsider)")

    for url in [case_url, f"{case_url}chronology/", live_server.url + document.get_absolute_url(), *person_urls]:
        response = outsider.goto(url)
        assert response.status == 404, f"{url} answered {response.status} to an officer of another agency"
        expect(outsider.get_by_role("heading", name="Page not found")).to_be_visible()
        assert reference not in outsider.content()
        assert PERPETRATOR[1] not in outsider.content()
    check_page(outsider, "page not found (outsider)")

    outsider.goto("/cases/")
    expect(outsider.locator("#case-count")).to_have_text("0 cases")
    check_page(outsider, "case list (outsider)")
    for query in (reference, " ".join(PERPETRATOR), PERPETRATOR[1], POSTCODE, POSTCODE.replace(" ", "").lower()):
        outsider.get_by_label("Search", exact=True).fill(query)
        submit(outsider, "Apply filters")
        expect(outsider.locator("#case-count")).to_have_text("0 cases")
        # What they typed stays in the search box; the results say nothing.
        expect(outsider.locator(".app-case-table")).not_to_contain_text(reference)
        expect(outsider.locator(".app-case-table")).to_contain_text("No cases match.")
    check_page(outsider, "search (outsider)")


def test_page_check_reports_serious_violations(page: Page, check_page):
    """The accessibility check itself: a page with an unlabelled field and an image without alt text fails it."""
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        check_page(page, "deliberately broken page")

    assert "image-alt (critical)" in str(failure.value)
    assert "label (critical)" in str(failure.value)
