"""The case review pack, asked for on a page and made by Celery (cessation/tasks.py runs these steps): the request
records a pack job; the job reads the record and renders the pack's HTML in parts; each part is laid out on its own
and kept in a temporary file under the document root; when the last is done, the parts are joined, stamped "Page i
of N" and kept on the case as a document, and the job is ready. A job that fails says so, and the officer may ask
again.
"""

import logging

from celery import signature
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from agencies.models import Officer
from cases.models import Case
from cases.services import document_store
from core import clock
from core.dates import long_datetime
from core.pdf import collector_paused, html_to_pdf

from ..documents.pack import case_review_pack_parts, merge_parts
from ..models import PACK_GIVEN_UP_AFTER, PACK_IN_PROGRESS, FurtherReport, PackJob, PackState, PeerReview
from .common import PDF

logger = logging.getLogger(__name__)

PARTS_FOLDER = "case-review-pack-parts"
# The workflow's first task (cessation/tasks.py), queued by name: the tasks stand above the services.
PACK_PREPARE = "cessation.pack_prepare"


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


def pack_prepare(*, job_id: int) -> list[str] | None:
    """Read the record and render the pack's HTML in parts (the front matter, then the chronology in chunks): the job
    is then being laid out, with nothing done of that many parts. None if the job is no longer in progress."""
    job = PackJob.objects.select_related("case", "requested_by__agency").get(pk=job_id)
    if job.state != PackState.QUEUED:
        return None
    parts = case_review_pack_parts(job.case, viewer=job.requested_by, printed_at=job.requested_at)
    htmls = parts.htmls
    started = PackJob.objects.filter(pk=job_id, state=PackState.QUEUED).update(
        state=PackState.LAYING_OUT, parts_total=len(htmls), parts_done=0
    )
    return htmls if started else None


def part_name(job_id: int, index: int) -> str:
    return f"{PARTS_FOLDER}/{job_id}-{index:03d}.pdf"


def pack_lay_out_part(*, job_id: int, index: int, html: str) -> str | None:
    """Lay out one part and keep it until the parts are joined; returns where it is kept (None if the job has
    stopped meanwhile)."""
    if not PackJob.objects.filter(pk=job_id, state=PackState.LAYING_OUT).exists():
        return None
    content = html_to_pdf(html)
    default_storage.delete(part_name(job_id, index))
    name = default_storage.save(part_name(job_id, index), ContentFile(content))
    PackJob.objects.filter(pk=job_id, state=PackState.LAYING_OUT).update(parts_done=F("parts_done") + 1)
    return name


def pack_finish(*, job_id: int, part_names: list[str | None]) -> PackJob | None:
    """Join the parts in order, stamp the page numbers and keep the pack on the case as a document: the job is ready.
    None if the job had stopped (given up on) meanwhile."""
    try:
        with transaction.atomic():
            job = (
                PackJob.objects.select_for_update(of=("self",))
                .select_related("case", "requested_by__agency")
                .get(pk=job_id)
            )
            names = [name for name in part_names if name]
            if job.state != PackState.LAYING_OUT or len(names) != len(part_names):
                return None
            with collector_paused():
                parts = []
                for name in names:
                    with default_storage.open(name, "rb") as part:
                        parts.append(part.read())
                printed_by = job.requested_by.display_name + (
                    f", {job.requested_by.agency}" if job.requested_by.agency_id else ""
                )
                merged = merge_parts(parts, title=f"Case review pack: {job.case.reference}", author=printed_by)
                del parts
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
        _remove_parts(part_names)


def pack_fail(*, job_id: int) -> None:
    """The job failed: it says so, and the parts laid out so far are removed."""
    PackJob.objects.filter(pk=job_id, state__in=PACK_IN_PROGRESS).update(
        state=PackState.FAILED, finished_at=clock.now()
    )
    parts_total = PackJob.objects.filter(pk=job_id).values_list("parts_total", flat=True).first() or 0
    _remove_parts([part_name(job_id, index) for index in range(parts_total)])


def _remove_parts(names: list[str | None]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                # The storage itself failing is what the job reports; a part left behind is only untidy.
                logger.warning("Could not remove the case review pack part %s", name, exc_info=True)
