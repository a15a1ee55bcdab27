"""The Incremental Approach in Chromium: a council officer climbs one perpetrator's ladder on their case, a police
officer on a second case about the same person sees the whole ladder there, and an officer of an agency not
involved sees none of it. Every page passes an axe-core check and is saved as a screenshot under
test-results/screenshots/ (the letter's first page too, as a PNG beside them); a letter is addressed, previewed and then filed.
"""

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Document, PersonRole
from cases.services import case_add_person, person_create
from core import clock
from incremental.models import Intervention
from tests.browser.conftest import SCREENSHOTS
from tests.factories import CaseFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

PERPETRATOR = "Darren Whitfield"


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def open_issue_form(page: Page, case_url: str, person_pk: int) -> None:
    page.goto(case_url)
    page.locator(f"#ladder-{person_pk}").get_by_role("link", name=re.compile("^Record an intervention")).click()
    expect(page.get_by_role("heading", name=f"Record an intervention for {PERPETRATOR}", level=1)).to_be_visible()


def choose(page: Page, kind: str, name: str) -> None:
    """The first step: the intervention (the issuing agency is the officer's own, already chosen), then Continue."""
    page.get_by_label(kind, exact=True).check()
    submit(page, "Continue")
    expect(page.get_by_role("heading", name=f"Record {name} for {PERPETRATOR}", level=1)).to_be_visible()


def test_incremental_journey(
    transactional_db,  # the live server's thread must see what this test writes, so nothing is rolled back
    sign_in,
    check_page,
    live_server,
    lead_officer,
    partner_officer,
    outsider_officer,
    jag,
    category,
):
    today = clock.today()
    ensure_catalogue()  # an earlier test that committed may have flushed what the migration seeded
    # The council's case (the police are not part of it), and the police's own case about the same person.
    council_case = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    police_case = CaseFactory(
        lead_officer=partner_officer, jag=jag, category=category, address="2 Hinckley Road, Leicester"
    )
    person = person_create(
        officer=lead_officer,
        first_name="Darren",
        last_name="Whitfield",
        date_of_birth=datetime.date(1994, 8, 30),
        address="16 Narborough Road, Leicester",
        postcode="LE3 0BQ",
    )
    case_add_person(case=council_case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    case_add_person(case=police_case, officer=partner_officer, person=person, role=PersonRole.PERPETRATOR)
    case_url = f"{live_server.url}/cases/{council_case.reference}/interventions/"

    # --- The council officer: words of advice ------------------------------------------------------------------------
    page = sign_in(lead_officer)
    page.goto(case_url)
    ladder = page.locator(f"#ladder-{person.pk}")
    expect(ladder).to_contain_text("No interventions recorded for Darren Whitfield")
    expect(ladder).to_contain_text("Tier 1: early intervention")
    check_page(page, "case with an empty ladder")

    open_issue_form(page, case_url, person.pk)
    expect(page.locator("#suggested-stage")).to_contain_text("Suggested next stage: Tier 1: early intervention")
    check_page(page, "record an intervention (empty ladder)")
    choose(page, "Words of advice (verbal or written)", "Words of advice (verbal or written)")
    page.get_by_label("What was said or written (optional)").fill("Keep music down after 11pm; no parties on weekdays.")
    submit(page, "Record intervention")
    expect(page.get_by_role("heading", name=f"Words of advice (verbal or written) for {PERPETRATOR}")).to_be_visible()
    check_page(page, "words of advice recorded")

    # --- A first warning letter, and its PDF --------------------------------------------------------------------
    open_issue_form(page, case_url, person.pk)
    expect(page.locator("#suggested-stage")).to_contain_text("Suggested next stage: Tier 2: warnings")
    choose(page, "First warning letter", "First warning letter")
    page.get_by_label("What was said or written (optional)").fill(
        "No loud music after 11pm.\nNo shouting in the stairwell."
    )
    submit(page, "Record intervention")
    # The letter is written next: addressed as the person's record says, previewed, then filed.
    expect(page.get_by_role("heading", name="Who the letter is to")).to_be_visible()
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("LE3 0BQ")
    check_page(page, "first warning letter details")
    page.get_by_label("Mr", exact=True).check()
    submit(page, "Preview the letter")
    expect(page.locator(".app-letter-preview__page")).to_contain_text("Dear Mr Whitfield")
    check_page(page, "first warning letter preview")
    submit(page, "File the letter")
    expect(page.get_by_role("heading", name=f"First warning letter for {PERPETRATOR}")).to_be_visible()
    warning = Intervention.objects.get(kind__code="first_warning")
    expect(page.locator("#details")).to_contain_text(warning.live_until.strftime("%-d %B %Y"))
    check_page(page, "first warning recorded")

    with page.expect_download() as download_info:
        page.locator("#details").get_by_role("link", name=re.compile(r"\(PDF\)$")).click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(download_info.value.path()).pages)
    assert PERPETRATOR in text
    assert "No loud music after 11pm." in text
    letter_pdf = SCREENSHOTS / "incremental_journey-first-warning-letter.pdf"
    letter_pdf.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(letter_pdf), str(letter_pdf.with_suffix(""))],
            check=True,
        )

    # The officer corrects nothing but wants a fresh copy: a new document, the first one kept.
    page.get_by_role("button", name="Write the letter again").click()
    expect(page.get_by_label("Mr", exact=True)).to_be_checked()  # as the last letter to him
    submit(page, "Preview the letter")
    submit(page, "File the letter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("letter")
    check_page(page, "first warning letter generated again")
    assert Document.objects.filter(case=council_case).count() == 2

    # --- A CPN without a CPW is refused ---------------------------------------------------------------------------
    open_issue_form(page, case_url, person.pk)
    choose(page, "Community Protection Notice (CPN)", "Community Protection Notice")
    page.get_by_label("Court", exact=True).fill("Leicester Magistrates' Court")
    fill_date(page, "first_hearing_on", today + datetime.timedelta(days=14))
    page.get_by_label("Severity justification").fill("Music every night despite two warnings.")
    submit(page, "Record intervention")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(
        "A Community Protection Notice (CPN) needs a Community Protection Warning issued to Darren Whitfield"
    )
    expect(page.locator("#id_kind_1_error")).to_contain_text("needs a Community Protection Warning")
    summary.get_by_role("link", name=re.compile("needs a Community Protection Warning")).click()
    expect(page.locator("#change-kind")).to_be_focused()
    # What was typed is still there.
    expect(page.get_by_label("Court", exact=True)).to_have_value("Leicester Magistrates' Court")
    check_page(page, "cpn without a cpw (error)")
    assert Intervention.objects.filter(kind__code="cpn").count() == 0

    # --- A CPW (the suggested stage), then the CPN, which skips tier 3 and needs its justification ----------------
    page.locator("#change-kind").click()
    expect(page.get_by_label("Community Protection Notice (CPN)", exact=True)).to_be_checked()
    choose(page, "Community Protection Warning (CPW)", "Community Protection Warning")
    expect(page.get_by_label("Court", exact=True)).to_have_count(0)
    expect(page.get_by_label("Severity justification")).to_have_count(0)
    page.get_by_label("Conduct to stop and requirements (optional)").fill(
        "Stop playing amplified music audible outside the flat."
    )
    submit(page, "Record intervention")
    expect(page.get_by_role("heading", name=f"Community Protection Warning for {PERPETRATOR}")).to_be_visible()
    check_page(page, "cpw recorded")

    open_issue_form(page, case_url, person.pk)
    expect(page.locator("#suggested-stage")).to_contain_text("Suggested next stage: Tier 3: agreements")
    choose(page, "Community Protection Notice (CPN)", "Community Protection Notice")
    page.get_by_label("Conditions or requirements (optional)").fill(
        "Not to play amplified music audible outside the flat at any time."
    )
    page.get_by_label("Court", exact=True).fill("Leicester Magistrates' Court")
    fill_date(page, "first_hearing_on", today + datetime.timedelta(days=14))
    submit(page, "Record intervention")
    expect(page.locator("#id_justification_1_error")).to_contain_text(
        "tier 4, above the suggested next stage (tier 3). Give the severity justification"
    )
    check_page(page, "cpn skip needs justification (error)")
    page.get_by_label("Severity justification").fill(
        "The CPW was ignored the same week; the complainant's child is unable to sleep and has been threatened."
    )
    submit(page, "Record intervention")
    expect(page.get_by_role("heading", name=f"Community Protection Notice for {PERPETRATOR}")).to_be_visible()
    expect(page.locator("#justification")).to_contain_text("The CPW was ignored the same week")
    expect(page.locator("#details")).to_contain_text((today + datetime.timedelta(days=21)).strftime("%-d %B %Y"))
    check_page(page, "cpn recorded")
    cpn = Intervention.objects.get(kind__code="cpn")
    assert (cpn.suggested_tier, cpn.skipped_stage) == (3, True)

    # The appeal, within its 21 days, lands on the intervention and the case chronology.
    page.get_by_role("button", name="Record what happened").click()
    expect(page.get_by_role("heading", name="Record what happened", level=1)).to_be_visible()
    check_page(page, "record what happened")
    page.get_by_label("Appeal lodged", exact=True).check()
    page.get_by_label("Details").fill("Appeal lodged at Leicester Magistrates' Court by his solicitor.")
    submit(page, "Record event")
    expect(page.locator("#events ~ .app-table-scroll table")).to_contain_text(
        "Appeal lodged at Leicester Magistrates' Court"
    )
    check_page(page, "cpn with its appeal")

    page.goto(case_url)
    ladder = page.locator(f"#ladder-{person.pk}")
    expect(ladder).to_contain_text("Tier 4: court stage")
    expect(ladder.locator("tbody tr")).to_have_count(4)
    check_page(page, "case with the ladder (council)")
    page.goto(f"/cases/{council_case.reference}/chronology/")
    expect(page.locator("#chronology")).to_be_visible()

    # --- A police officer on their own case about the same person sees the whole ladder ---------------------------
    police = sign_in(partner_officer)
    police.goto(f"/cases/{police_case.reference}/interventions/")
    police_ladder = police.locator(f"#ladder-{person.pk}")
    expect(police_ladder.locator("tbody tr")).to_have_count(4)
    for name in (
        "Words of advice (verbal or written)",
        "First warning letter",
        "Community Protection Warning",
        "Community Protection Notice",
    ):
        expect(police_ladder).to_contain_text(name)
    expect(police_ladder).to_contain_text("Suggested next stage")
    expect(police_ladder).to_contain_text("A case you cannot see")
    expect(police_ladder).not_to_contain_text(council_case.reference)
    expect(police_ladder).not_to_contain_text("amplified music")
    expect(police_ladder).not_to_contain_text("The CPW was ignored")
    check_page(police, "second case with the whole ladder (police)")
    police.goto(person.get_absolute_url())
    expect(police.locator("#ladder")).to_contain_text("4 of these are on cases your agency is not part of")
    check_page(police, "person page (police)")
    response = police.goto(cpn.get_absolute_url())
    assert response.status == 404

    # --- An officer of an agency not involved sees none of it -----------------------------------------------------
    outsider = sign_in(outsider_officer)
    for url in (person.get_absolute_url(), cpn.get_absolute_url(), warning.get_absolute_url()):
        response = outsider.goto(url)
        assert response.status == 404, f"{url} answered {response.status} to an officer of another agency"
        expect(outsider.get_by_role("heading", name="Page not found")).to_be_visible()
        assert PERPETRATOR not in outsider.content()
        assert "Community Protection" not in outsider.content()
    check_page(outsider, "page not found (outsider)")
