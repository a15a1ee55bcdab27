"""The case review pack, asked for on a page and made by Celery (cessation/tasks.py runs these steps): the request
records a pack job; the job reads the record and renders the pack's HTML in parts; the parts not laid out before are
laid out, each on its own: the front matter into a temporary file under the document root, each chunk of the
chronology into a chronology sheet kept for later packs; when the last is done, the front matter and the sheets are
joined, stamped and kept on the case as a document, and the job is ready. A job that fails says so, and the officer
may ask again.

The chronology of a long case is laid out ahead too, in the background (chronology_sheets_sweep, every few minutes
by Celery beat): a pack asked for then has only its front matter and the newest entries to lay out.
"""

import logging
from collections.abc import Sequence
from typing import TypedDict

from celery import signature
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from agencies.models import Officer
from cases.models import Case, ChronologyEntry
from cases.services import document_store
from core import clock
from core.dates import long_datetime
from core.pdf import collector_paused, html_to_pdf

from ..documents.pack import Chunk, case_review_pack_parts, chronology_chunks, merge_parts, printing_line_pdf
from ..models import (
    PACK_GIVEN_UP_AFTER,
    PACK_IN_PROGRESS,
    ChronologySheet,
    FurtherReport,
    PackJob,
    PackState,
    PeerReview,
)
from .common import PDF

logger = logging.getLogger(__name__)

PARTS_FOLDER = "case-review-pack-parts"
# The workflow's first task (cessation/tasks.py), queued by name: the tasks stand above the services.
PACK_PREPARE = "cessation.pack_prepare"
# Chronologies this long are laid out ahead, in the background: a shorter one is laid out in time when asked for.
SHEETS_AHEAD_FROM_ENTRIES = 500


class PartToLayOut(TypedDict):
    """A part of the pack that no sheet holds yet: the front matter (no fingerprint) or a chunk of the chronology."""

    index: int
    html: str
    fingerprint: str | None
    first: int
    last: int


class PackPlan(TypedDict):
    """What pack_prepare hands on: the parts to lay out, then what the join takes in order."""

    to_lay_out: list[PartToLayOut]
    fingerprints: list[str]
    printed_html: str
    seen_entry_id: int


def pack_request(
    *,
    case: Case,
    officer: Officer,
    review: PeerReview | None = None,
    further_report: FurtherReport | None = None,
) -> tuple[PackJob, bool]:
    """The officer's pack job for the case: the one already in progress (a double click, a second tab), or a new one,
    queued once this transaction commits. The caller has checked that the officer may have the pack. Returns the job
    and whether it is new."""
    with transaction.atomic():
        now = clock.now()
        mine = PackJob.objects.filter(case=case, requested_by=officer, state__in=PACK_IN_PROGRESS)
        mine.filter(requested_at__lt=now - PACK_GIVEN_UP_AFTER).update(state=PackState.FAILED, finished_at=now)
        current = mine.first()
        if current is not None:
            return current, False
        job = PackJob(case=case, requested_by=officer, review=review, further_report=further_report)
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            # Another request of the officer's made it first (the index waited for it to commit): that one it is.
            return mine.get(), False
        transaction.on_commit(lambda: _queue(job.pk))
    return job, True


def _queue(job_id: int) -> None:
    try:
        signature(PACK_PREPARE, kwargs={"job_id": job_id}).apply_async()
    except Exception:
        # The broker is down, or (tasks run in-process) the pack itself failed: either way the job says so.
        logger.exception("Case review pack job %s could not be run", job_id)
        pack_fail(job_id=job_id)


def _newest_entry_id(case: Case) -> int:
    return ChronologyEntry.objects.filter(case=case).aggregate(newest=Max("id"))["newest"] or 0


def pack_prepare(*, job_id: int) -> PackPlan | None:
    """Read the record and render the pack's HTML in parts: the front matter, then the chronology in chunks, of which
    those no sheet holds yet are to be laid out. The job is then being laid out, with nothing done of that many
    parts. None if the job is no longer in progress."""
    job = PackJob.objects.select_related("case", "requested_by__agency").get(pk=job_id)
    if job.state != PackState.QUEUED:
        return None
    seen_entry_id = _newest_entry_id(job.case)
    parts = case_review_pack_parts(job.case, viewer=job.requested_by, printed_at=job.requested_at)
    kept = set(
        ChronologySheet.objects.filter(
            case=job.case, fingerprint__in=[chunk.fingerprint for chunk in parts.chunks]
        ).values_list("fingerprint", flat=True)
    )
    to_lay_out = [PartToLayOut(index=0, html=parts.front_html, fingerprint=None, first=0, last=0)]
    to_lay_out += [
        _chunk_part(index, chunk) for index, chunk in enumerate(parts.chunks, start=1) if chunk.fingerprint not in kept
    ]
    started = PackJob.objects.filter(pk=job_id, state=PackState.QUEUED).update(
        state=PackState.LAYING_OUT, parts_total=len(to_lay_out), parts_done=0
    )
    if not started:
        return None
    return PackPlan(
        to_lay_out=to_lay_out,
        fingerprints=[chunk.fingerprint for chunk in parts.chunks],
        printed_html=parts.printed_html,
        seen_entry_id=seen_entry_id,
    )


def _chunk_part(index: int, chunk: Chunk) -> PartToLayOut:
    return PartToLayOut(index=index, html=chunk.html, fingerprint=chunk.fingerprint, first=chunk.first, last=chunk.last)


def part_name(job_id: int, index: int) -> str:
    return f"{PARTS_FOLDER}/{job_id}-{index:03d}.pdf"


def _keep_sheet(*, case_id: int, fingerprint: str, part: PartToLayOut, content: bytes, seen_entry_id: int) -> None:
    # Two packs of the case laying out the same chunk at once: the first sheet kept is the one.
    ChronologySheet.objects.bulk_create(
        [
            ChronologySheet(
                case_id=case_id,
                fingerprint=fingerprint,
                first_number=part["first"],
                last_number=part["last"],
                seen_entry_id=seen_entry_id,
                content=content,
            )
        ],
        ignore_conflicts=True,
    )


def pack_lay_out_part(*, job_id: int, part: PartToLayOut, seen_entry_id: int) -> str | None:
    """Lay out one part: a chunk of the chronology is kept as a sheet, the front matter in a file until the parts are
    joined. Returns the file's name for the front matter (None for a chunk, or if the job has stopped meanwhile)."""
    job = PackJob.objects.filter(pk=job_id, state=PackState.LAYING_OUT).values("case_id").first()
    if job is None:
        return None
    content = html_to_pdf(part["html"])
    name = None
    if part["fingerprint"] is not None:
        _keep_sheet(
            case_id=job["case_id"],
            fingerprint=part["fingerprint"],
            part=part,
            content=content,
            seen_entry_id=seen_entry_id,
        )
    else:
        default_storage.delete(part_name(job_id, part["index"]))
        name = default_storage.save(part_name(job_id, part["index"]), ContentFile(content))
    PackJob.objects.filter(pk=job_id, state=PackState.LAYING_OUT).update(parts_done=F("parts_done") + 1)
    return name


def pack_finish(
    *, job_id: int, part_names: list[str | None], fingerprints: list[str], printed_html: str
) -> PackJob | None:
    """Join the front matter and the chronology's sheets in order, stamp the page numbers and who printed it, and keep
    the pack on the case as a document: the job is ready. None if the job had stopped (given up on) meanwhile."""
    names = [name for name in part_names if name]
    try:
        with transaction.atomic():
            job = (
                PackJob.objects.select_for_update(of=("self",))
                .select_related("case", "requested_by__agency")
                .get(pk=job_id)
            )
            if job.state != PackState.LAYING_OUT or len(names) != 1:
                return None
            with collector_paused():
                with default_storage.open(names[0], "rb") as part:
                    front = part.read()
                sheets = dict(
                    ChronologySheet.objects.filter(case=job.case, fingerprint__in=fingerprints).values_list(
                        "fingerprint", "content"
                    )
                )
                printed_by = job.requested_by.display_name + (
                    f", {job.requested_by.agency}" if job.requested_by.agency_id else ""
                )
                merged = merge_parts(
                    front,
                    [bytes(sheets[fingerprint]) for fingerprint in fingerprints],
                    printed=printing_line_pdf(printed_html),
                    title=f"Case review pack: {job.case.reference}",
                    author=printed_by,
                )
                del front, sheets
            printed_at = timezone.localtime(job.requested_at)
            job.document = document_store(
                case=job.case,
                officer=job.requested_by,
                content=merged.content,
                filename=f"{job.case.reference}-case-review-pack-{printed_at:%Y%m%d-%H%M}.pdf",
                content_type=PDF,
                title="Case review pack",
                description=f"The case record as it stood at {long_datetime(printed_at)}, printed for {printed_by}: "
                f"{merged.pages} pages.",
                on_record=False,
            )
            job.state = PackState.READY
            job.pages = merged.pages
            job.finished_at = clock.now()
            job.save(update_fields=["document", "state", "pages", "finished_at"])
            return job
    finally:
        _remove_parts(names)


def pack_fail(*, job_id: int) -> None:
    """The job failed: it says so, and the parts laid out so far are removed."""
    PackJob.objects.filter(pk=job_id, state__in=PACK_IN_PROGRESS).update(
        state=PackState.FAILED, finished_at=clock.now()
    )
    _remove_parts([part_name(job_id, 0)])


def _remove_parts(names: Sequence[str | None]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                # The storage itself failing is what the job reports; a part left behind is only untidy.
                logger.warning("Could not remove the case review pack part %s", name, exc_info=True)


def chronology_sheets_due(*, from_entries: int = SHEETS_AHEAD_FROM_ENTRIES) -> list[int]:
    """The cases whose chronology is long enough to be laid out ahead and has an entry newer than their sheets: one
    pass over the chronology's (case, when, id) index."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.case_id
            FROM {ChronologyEntry._meta.db_table} e
            GROUP BY e.case_id
            HAVING count(*) >= %s
               AND max(e.id) > COALESCE(
                   (SELECT max(s.seen_entry_id) FROM {ChronologySheet._meta.db_table} s WHERE s.case_id = e.case_id), 0)
            ORDER BY e.case_id
            """,
            [from_entries],
        )
        return [row[0] for row in cursor.fetchall()]


def chronology_sheets_refresh(*, case_id: int) -> int:
    """Lay out the case's chronology chunks that no sheet holds yet, and remove the sheets of chunks it no longer has
    (unless a pack of the case is in the making, which may still want them). Returns how many were laid out."""
    case = Case.objects.get(pk=case_id)
    seen_entry_id = _newest_entry_id(case)
    chunks = chronology_chunks(case)
    fingerprints = [chunk.fingerprint for chunk in chunks]
    kept = set(
        ChronologySheet.objects.filter(case=case, fingerprint__in=fingerprints).values_list("fingerprint", flat=True)
    )
    laid_out = 0
    with collector_paused():
        for index, chunk in enumerate(chunks, start=1):
            if chunk.fingerprint in kept:
                continue
            _keep_sheet(
                case_id=case.pk,
                fingerprint=chunk.fingerprint,
                part=_chunk_part(index, chunk),
                content=html_to_pdf(chunk.html),
                seen_entry_id=seen_entry_id,
            )
            laid_out += 1
    # The newest entry is seen even when nothing needed laying out (an entry that changed no chunk's HTML).
    ChronologySheet.objects.filter(case=case, fingerprint__in=fingerprints, seen_entry_id__lt=seen_entry_id).update(
        seen_entry_id=seen_entry_id
    )
    in_the_making = PackJob.objects.filter(
        case=case, state__in=PACK_IN_PROGRESS, requested_at__gte=clock.now() - PACK_GIVEN_UP_AFTER
    )
    if not in_the_making.exists():
        ChronologySheet.objects.filter(case=case).exclude(fingerprint__in=fingerprints).delete()
    return laid_out
