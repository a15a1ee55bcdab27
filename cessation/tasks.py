"""The case review pack as a Celery workflow, each task thin over a step of cessation/services/pack.py:

    prepare (read the record, render the HTML in parts)
      -> chord: lay out part 0 (the front matter), part 1 ... part n (the chronology's chunks), at once
      -> join the parts, stamp "Page i of N", keep the pack on the case: the job is ready

WeasyPrint lays out in one thread, so the parts are what lets a worker's processes share one pack. Any step that
fails marks the job failed (the chord's error callback too, when a part fails)."""

from celery import chord, shared_task

from .services import pack
from .services.pack import PACK_PREPARE

PACK_LAY_OUT_PART = "cessation.pack_lay_out_part"
PACK_JOIN = "cessation.pack_join"
PACK_FAILED = "cessation.pack_failed"


@shared_task(name=PACK_PREPARE, ignore_result=True)
def prepare_pack(*, job_id: int) -> None:
    try:
        htmls = pack.pack_prepare(job_id=job_id)
        if htmls is None:
            return
        parts = [lay_out_part.si(job_id=job_id, index=index, html=html) for index, html in enumerate(htmls)]
        chord(parts)(join_parts.s(job_id=job_id).on_error(pack_failed.si(job_id=job_id)))
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_LAY_OUT_PART)
def lay_out_part(*, job_id: int, index: int, html: str) -> str | None:
    try:
        return pack.pack_lay_out_part(job_id=job_id, index=index, html=html)
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_JOIN, ignore_result=True)
def join_parts(part_names: list[str | None], *, job_id: int) -> None:
    try:
        pack.pack_finish(job_id=job_id, part_names=part_names)
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_FAILED, ignore_result=True)
def pack_failed(*, job_id: int) -> None:
    pack.pack_fail(job_id=job_id)
