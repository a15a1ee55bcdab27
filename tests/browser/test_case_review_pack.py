"""The case review pack in Chromium, made by a real Celery worker: the lead officer asks for it from the case page,
sees it waiting while no worker has taken it, then a worker starts and the page follows the pack until it offers the
download, every page numbered "Page i of N". Every page passes an axe-core check, fits a 320 px screen and is saved as
a screenshot under test-results/screenshots/."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import ChronologyEntry, EntryKind
from cessation.models import PackJob, PackState
from core import clock
from tests.browser.conftest import SCREENSHOTS
from tests.conftest import celery_worker_running

pytestmark = [pytest.mark.browser, pytest.mark.celery]


def test_case_review_pack(transactional_db, sign_in, check_page, live_server, case, lead_officer):
    start = clock.now() - datetime.timedelta(days=200)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=8 * n),
            agency=lead_officer.agency,
            officer=lead_officer,
            text=f"Diary sheet {n} collected from the complainant; music from number 16 until after midnight.",
        )
        for n in range(1, 401)
    )
    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/chronology/")
    check_page(page, "chronology of a case with 400 entries")
    page.goto(f"/cases/{case.reference}/cessation/")
    check_page(page, "cessation section of a case with 400 chronology entries")

    page.locator("#cessation").get_by_role("link", name=re.compile("Case review pack")).click()
    expect(page.get_by_role("heading", name="Case review pack")).to_be_visible()
    check_page(page, "case review pack offered")
    page.get_by_role("button", name="Prepare the case review pack").click()

    # No worker yet: the pack waits, and its page says so.
    expect(page.get_by_role("heading", name="Preparing the case review pack")).to_be_visible()
    expect(page.locator("#pack-progress")).to_have_text("Waiting for a worker to start on it.")
    check_page(page, "case review pack waiting for a worker")
    assert PackJob.objects.get().state == PackState.QUEUED

    with celery_worker_running():
        # The page asks how far the pack has got and shows the download once it is ready.
        expect(page.get_by_role("heading", name="Case review pack ready")).to_be_visible(timeout=90_000)
    check_page(page, "case review pack ready")
    job = PackJob.objects.get()
    assert (job.state, job.parts_done) == (PackState.READY, job.parts_total)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the case review pack")).click()
    kept = SCREENSHOTS / "case_review_pack.pdf"
    kept.write_bytes(Path(download_info.value.path()).read_bytes())
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(kept).pages]
    assert [f"Page {i} of {len(pages)}" in text for i, text in enumerate(pages, start=1)] == [True] * len(pages)
    sheets = [int(n) for n in re.findall(r"Diary sheet (\d+) collected", " ".join(pages))]
    assert sheets == list(range(1, 401))
