"""The case review pack made by a real Celery worker from the Redis broker `make test` starts: asked for over HTTP, the
record read once, the chronology laid out in parts by the chord's tasks, joined in order and numbered, kept on the case;
and a pack whose parts cannot be written down, failed."""

import datetime
import io
import re
import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from cases.models import ChronologyEntry, EntryKind
from cessation.models import PACK_IN_PROGRESS, PackJob, PackState
from cessation.services.pack import PARTS_FOLDER
from core import clock

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

# An entry of the pack's chronology begins with its number and its date: "#12 · 3 Mar 2026 14:05 · ".
ENTRY_START = r"#(\d+) · \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} · "
DIARY_SHEETS = 900


def finished(job: PackJob, seconds: float = 120) -> PackJob:
    """The job once the worker has finished with it (ready or failed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state not in PACK_IN_PROGRESS:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the pack job is still {job.state} after {seconds} s ({job.parts_done}/{job.parts_total})")


def test_the_pack_is_laid_out_in_parts_on_a_real_worker_and_joined_in_order(
    worker, ceasable_case, lead_officer, lead_officer_client
):
    start = clock.now() - datetime.timedelta(days=400)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=ceasable_case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=6 * n),
            agency=lead_officer.agency,
            officer=lead_officer,
            text=f"Diary sheet {n} collected from the complainant; music and shouting most evenings, "
            "and visitors to number 16 until the early hours.",
        )
        for n in range(1, DIARY_SHEETS + 1)
    )
    total = ChronologyEntry.objects.filter(case=ceasable_case).count()

    lead_officer_client.post(reverse("cessation:case_review_pack", args=[ceasable_case.reference]))
    job = finished(PackJob.objects.get())

    assert job.state == PackState.READY
    # The front matter and the chronology in several chunks, each laid out by its own task.
    assert job.parts_total >= 4
    assert job.parts_done == job.parts_total
    with job.document.file.open("rb") as stored:
        pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(stored.read())).pages]
    assert len(pages) == job.pages
    assert [f"Page {i} of {len(pages)}" in text for i, text in enumerate(pages, start=1)] == [True] * len(pages)
    text = " ".join(pages)
    chronology = text[text.index("Chronology, entries 1 to") :]
    assert [int(n) for n in re.findall(ENTRY_START, chronology)] == list(range(1, total + 1))
    assert [int(n) for n in re.findall(r"Diary sheet (\d+) collected", chronology)] == list(range(1, DIARY_SHEETS + 1))
    assert default_storage.listdir(PARTS_FOLDER) == ([], [])
    download = lead_officer_client.get(reverse("cessation:pack_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_pack_whose_parts_cannot_be_kept_fails_on_the_worker(
    worker, ceasable_case, lead_officer_client, settings, tmp_path
):
    (tmp_path / "not-a-folder").write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "not-a-folder")}},
    }

    lead_officer_client.post(reverse("cessation:case_review_pack", args=[ceasable_case.reference]))
    job = finished(PackJob.objects.get())

    assert (job.state, job.document) == (PackState.FAILED, None)
    assert job.finished_at is not None
