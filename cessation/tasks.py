"""The case review pack as a Celery workflow, each task thin over a step of cessation/services/pack.py:

    prepare (read the record, render the HTML in parts, find the chronology's chunks already laid out as sheets)
      -> chord: lay out the front matter and each chunk no sheet holds yet, at once
      -> join the front matter and the sheets, stamp the pages, keep the pack on the case: the job is ready

WeasyPrint lays out in one thread, so the parts are what lets a worker's processes share one pack, and the sheets
are what spares a later pack laying the same chronology out again. Any step that fails marks the job failed (the
chord's error callback too, when a part fails).

Beside it, every few minutes (Celery beat), the chronologies of long cases are laid out ahead: one task finds the
cases with new entries, and one task a case lays out their new chunks."""

from celery import chord, shared_task

from .services import pack
from .services.pack import PACK_PREPARE, PackPlan, PartToLayOut

PACK_LAY_OUT_PART = "cessation.pack_lay_out_part"
PACK_JOIN = "cessation.pack_join"
PACK_FAILED = "cessation.pack_failed"
SHEETS_SWEEP = "cessation.chronology_sheets_sweep"
SHEETS_REFRESH = "cessation.chronology_sheets_refresh"


@shared_task(name=PACK_PREPARE, ignore_result=True)
def prepare_pack(*, job_id: int) -> None:
    try:
        plan: PackPlan | None = pack.pack_prepare(job_id=job_id)
        if plan is None:
            return
        parts = [
            lay_out_part.si(job_id=job_id, part=part, seen_entry_id=plan["seen_entry_id"])
            for part in plan["to_lay_out"]
        ]
        join = join_parts.s(job_id=job_id, fingerprints=plan["fingerprints"], printed_html=plan["printed_html"])
        chord(parts)(join.on_error(pack_failed.si(job_id=job_id)))
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_LAY_OUT_PART)
def lay_out_part(*, job_id: int, part: PartToLayOut, seen_entry_id: int) -> str | None:
    try:
        return pack.pack_lay_out_part(job_id=job_id, part=part, seen_entry_id=seen_entry_id)
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_JOIN, ignore_result=True)
def join_parts(part_names: list[str | None], *, job_id: int, fingerprints: list[str], printed_html: str) -> None:
    try:
        pack.pack_finish(job_id=job_id, part_names=part_names, fingerprints=fingerprints, printed_html=printed_html)
    except Exception:
        pack.pack_fail(job_id=job_id)
        raise


@shared_task(name=PACK_FAILED, ignore_result=True)
def pack_failed(*, job_id: int) -> None:
    pack.pack_fail(job_id=job_id)


@shared_task(name=SHEETS_SWEEP, ignore_result=True)
def chronology_sheets_sweep() -> None:
    for case_id in pack.chronology_sheets_due():
        chronology_sheets_refresh.delay(case_id=case_id)


@shared_task(name=SHEETS_REFRESH, ignore_result=True)
def chronology_sheets_refresh(*, case_id: int) -> None:
    pack.chronology_sheets_refresh(case_id=case_id)
