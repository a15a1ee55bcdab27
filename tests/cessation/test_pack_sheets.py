"""The chronology of the case review pack laid out once and kept as sheets: a later pack lays out only its front
matter and the chunks whose entries changed, and reads the same; who printed each pack, and when, is on every
chronology page; long chronologies are laid out ahead by the beat's sweep, and sheets no chunk has any more go."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from cases.models import ChronologyEntry, EntryKind
from cessation.models import ChronologySheet, PackJob, PackState
from cessation.services import pack
from cessation.tasks import SHEETS_SWEEP, chronology_sheets_sweep
from core import clock

pytestmark = pytest.mark.django_db

# Diary entries of about 130 characters cost about 0.9 of a chunk's 250: three chunks for 700 of them.
DIARY_SHEETS = 700
ENTRY_START = r"#(\d+) · \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} · "


def add_diary(case, officer, count: int, *, first: int = 1, days_ago: int = 400) -> None:
    start = clock.now() - datetime.timedelta(days=days_ago)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=n),
            agency=officer.agency,
            officer=officer,
            text=f"Diary sheet {n} collected from the complainant; music and shouting most evenings, and visitors.",
        )
        for n in range(first, first + count)
    )


def ask(client, case, run_on_commit) -> PackJob:
    with run_on_commit(execute=True):
        response = client.post(reverse("cessation:case_review_pack", args=[case.reference]))
    job = PackJob.objects.select_related("document").order_by("-pk").first()
    assert job is not None and response["Location"] == job.get_absolute_url()
    assert job.state == PackState.READY
    return job


def page_texts(job: PackJob) -> list[str]:
    with job.document.file.open("rb") as stored:
        return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(stored.read())).pages]


def chronology_of(pages: list[str]) -> str:
    """The chronology's text, without the footer lines of each page."""
    text = " ".join(re.sub(r"Case review pack, ASB-.*$", "", page) for page in pages)
    return text[text.index("Chronology, entries 1 to") :]


def test_a_later_pack_lays_out_only_its_front_matter_and_reads_the_same(
    ceasable_case,
    lead_officer,
    lead_officer_client,
    partner_officer,
    partner_officer_client,
    django_capture_on_commit_callbacks,
):
    add_diary(ceasable_case, lead_officer, DIARY_SHEETS)
    chunks = len(pack.chronology_chunks(ceasable_case))
    assert chunks >= 3

    first = ask(lead_officer_client, ceasable_case, django_capture_on_commit_callbacks)
    assert (first.parts_total, first.parts_done) == (1 + chunks, 1 + chunks)
    assert ChronologySheet.objects.filter(case=ceasable_case).count() == chunks
    with time_machine.travel(clock.now() + datetime.timedelta(minutes=20), tick=False):
        second = ask(partner_officer_client, ceasable_case, django_capture_on_commit_callbacks)
        printed_at = clock.localtime()

    assert (second.parts_total, second.parts_done) == (1, 1)
    first_pages, second_pages = page_texts(first), page_texts(second)
    assert len(second_pages) == len(first_pages) == second.pages
    assert chronology_of(second_pages) == chronology_of(first_pages)
    total = ChronologyEntry.objects.filter(case=ceasable_case).count()
    assert [int(n) for n in re.findall(ENTRY_START, chronology_of(second_pages))] == list(range(1, total + 1))
    # Every chronology page says who printed this pack, and when; every page its number.
    printed = f"Printed by {partner_officer.display_name}, {partner_officer.agency}, {printed_at:%-d %b %Y %H:%M}"
    start = next(i for i, page in enumerate(second_pages) if "Chronology, entries 1 to" in page)
    assert all(printed in page for page in second_pages[start:])
    assert not any(printed in page for page in first_pages)
    assert all(f"Page {i} of {len(second_pages)}" in page for i, page in enumerate(second_pages, start=1))


def test_a_new_entry_or_a_correction_lays_out_again_only_the_chunks_it_changed(
    ceasable_case, lead_officer, lead_officer_client, django_capture_on_commit_callbacks
):
    add_diary(ceasable_case, lead_officer, DIARY_SHEETS)
    chunks = len(pack.chronology_chunks(ceasable_case))
    ask(lead_officer_client, ceasable_case, django_capture_on_commit_callbacks)

    add_diary(ceasable_case, lead_officer, 1, first=DIARY_SHEETS + 1, days_ago=1)
    after_entry = ask(lead_officer_client, ceasable_case, django_capture_on_commit_callbacks)
    assert after_entry.parts_total == 2  # the front matter and the last chunk
    assert "Diary sheet 701 collected" in " ".join(page_texts(after_entry))

    fifth = ChronologyEntry.objects.filter(case=ceasable_case).order_by("occurred_at", "id")[4]
    ChronologyEntry.objects.create(
        case=ceasable_case,
        kind=EntryKind.NOTE,
        occurred_at=clock.now(),
        agency=lead_officer.agency,
        officer=lead_officer,
        text="The time of this visit was written down wrongly.",
        corrects=fifth,
    )
    after_correction = ask(lead_officer_client, ceasable_case, django_capture_on_commit_callbacks)

    # The corrected entry's chunk now says "corrected by", and the last chunk holds the correction.
    assert after_correction.parts_total == 3
    text = " ".join(page_texts(after_correction))
    assert re.search(r"#5 · [^#]* · corrected by #\d+", text)
    assert len(pack.chronology_chunks(ceasable_case)) == chunks


def test_the_sweep_lays_out_long_chronologies_ahead_and_removes_sheets_no_chunk_has(
    ceasable_case, lead_officer, lead_officer_client, settings
):
    add_diary(ceasable_case, lead_officer, DIARY_SHEETS)
    chunks = pack.chronology_chunks(ceasable_case)
    assert pack.chronology_sheets_due() == [ceasable_case.pk]
    assert pack.chronology_sheets_due(from_entries=DIARY_SHEETS + 100) == []

    chronology_sheets_sweep.delay()

    sheets = ChronologySheet.objects.filter(case=ceasable_case)
    assert sorted(sheets.values_list("fingerprint", flat=True)) == sorted(chunk.fingerprint for chunk in chunks)
    assert [(s.first_number, s.last_number) for s in sheets.order_by("first_number")] == [
        (chunk.first, chunk.last) for chunk in chunks
    ]
    assert pack.chronology_sheets_due() == []
    assert pack.chronology_sheets_refresh(case_id=ceasable_case.pk) == 0

    # A new entry: the case is due again, only its last chunk is laid out, and the old last chunk's sheet goes.
    add_diary(ceasable_case, lead_officer, 1, first=DIARY_SHEETS + 1, days_ago=1)
    assert pack.chronology_sheets_due() == [ceasable_case.pk]
    chronology_sheets_sweep.delay()
    now = pack.chronology_chunks(ceasable_case)
    assert sorted(sheets.values_list("fingerprint", flat=True)) == sorted(chunk.fingerprint for chunk in now)
    assert now[-1].fingerprint != chunks[-1].fingerprint
    assert pack.chronology_sheets_due() == []

    # While a pack of the case is in the making, a sheet it may still want stays.
    add_diary(ceasable_case, lead_officer, 1, first=DIARY_SHEETS + 2, days_ago=1)
    PackJob.objects.create(case=ceasable_case, requested_by=lead_officer)
    assert pack.chronology_sheets_refresh(case_id=ceasable_case.pk) == 1
    assert sheets.filter(fingerprint=now[-1].fingerprint).exists()


def test_the_sweep_runs_every_ten_minutes():
    task = PeriodicTask.objects.get(task=SHEETS_SWEEP)
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (10, "minutes")


def test_short_chronologies_are_left_for_the_pack_to_lay_out(ceasable_case, lead_officer):
    add_diary(ceasable_case, lead_officer, 100)

    chronology_sheets_sweep.delay()

    assert pack.chronology_sheets_due() == []
    assert not ChronologySheet.objects.exists()
