"""The case review pack: one PDF for a complaint investigation or an ASB Case Review panel, with the full chronology.

The chronology of a long-standing case runs to thousands of entries (about 60 pages per thousand). WeasyPrint lays out
an entry in about 2 ms on one core, so the chronology is cut into one chunk per core: forked workers lay out all
chunks but the first while this process lays out the front matter and then the first chunk (cut shorter by the front
matter's share; two processes on two cores measured faster than three). The parts are joined with pypdf and every
page is stamped "Page i of N". The workers only turn HTML into PDF bytes: the record is read, and all the HTML
rendered, here, before they start. Where forking is not possible (no fork on the platform, a daemonic Celery worker) this process lays out the front matter and the whole chronology itself; the document reads the same.
"""

from __future__ import annotations

import datetime
import io
import logging
import multiprocessing
import os
from collections import defaultdict
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format

from agencies.models import Officer
from cases.models import ChronologyEntry, Document, EntryKind
from core import clock
from core.dates import short_datetime
from core.pdf import collector_paused, html_to_pdf

from ..models import (
    AgencyPosition,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    JagDecision,
    ProposalStatus,
)
from ..selectors import peer_reviews_of
from ..summary import collated_summary

logger = logging.getLogger(__name__)

# One process per core, at most MAX_WORKERS, and none with fewer than CHUNK_MIN_ENTRIES entries to lay out (a
# worker's start and the fonts each part embeds cost more than a smaller chunk saves).
MAX_WORKERS = 4
CHUNK_MIN_ENTRIES = 150
# The work of laying out, in chronology entries: an entry costs about ENTRY_FIXED_COST plus its length over
# ENTRY_CHARS_PER_COST (a 175-character entry costs one, about 2 ms here); the front matter, all tables and boxes, costs
# about one entry per FRONT_CHARS_PER_COST characters of its HTML; and this process also starts the workers and
# takes in their PDFs meanwhile, about HERE_FIXED_COST entries' worth. (Measured by bench/cessation.py's case.)
ENTRY_FIXED_COST = 0.5
ENTRY_CHARS_PER_COST = 350
FRONT_CHARS_PER_COST = 80
HERE_FIXED_COST = 40
# A worker that has not answered by then is stuck (a fork taken while another thread held a library lock):
# the pack is rendered here instead.
WORKER_TIMEOUT_SECONDS = 120

KIND_LABELS = dict(EntryKind.choices)


@dataclass
class PackEntry:
    number: int
    when: str
    kind: str
    agency: str
    officer: str
    text: str
    recorded: str  # when it was written down, if on another day than the action
    corrects: int | None
    corrected_by: list[int]


def _officer_name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _pack_entries(case) -> list[PackEntry]:
    """Every chronology entry, oldest first, numbered from 1, with the corrections linked both ways by number."""
    rows = list(
        ChronologyEntry.objects.filter(case=case)
        .order_by("occurred_at", "id")
        .values_list(
            "id",
            "kind",
            "occurred_at",
            "recorded_at",
            "text",
            "corrects_id",
            "agency__name",
            "officer__first_name",
            "officer__last_name",
            "officer__username",
        )
    )
    numbers = {row[0]: n for n, row in enumerate(rows, start=1)}
    corrected_by: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row[5] is not None:
            corrected_by[row[5]].append(numbers[row[0]])
    tz = timezone.get_current_timezone()
    entries = []
    for pk, kind, occurred_at, recorded_at, text, corrects_id, agency, first, last, username in rows:
        occurred = occurred_at.astimezone(tz)
        recorded = recorded_at.astimezone(tz)
        entries.append(
            PackEntry(
                number=numbers[pk],
                when=short_datetime(occurred),
                kind=KIND_LABELS.get(kind, kind),
                agency=agency,
                officer=_officer_name(first, last, username),
                text=text,
                recorded=short_datetime(recorded) if recorded.date() != occurred.date() else "",
                corrects=numbers.get(corrects_id),
                corrected_by=corrected_by.get(pk, []),
            )
        )
    return entries


@dataclass
class PackDocument:
    document: Document
    what: str


def _cessation_record(case) -> dict:
    proposals = list(
        CessationProposal.objects.filter(case=case)
        .select_related("proposed_by__agency", "plan_version", "document")
        .order_by("number")
    )
    positions = (
        AgencyPosition.objects.filter(proposal__case=case)
        .select_related("meeting__jag", "agency", "recorded_by")
        .order_by("meeting__starts_at", "agency__name")
    )
    decisions = (
        JagDecision.objects.filter(proposal__case=case)
        .select_related("meeting__jag", "decided_by", "after_peer_review")
        .order_by("decided_at", "pk")
    )
    closure_reports = list(
        ClosureReport.objects.filter(proposal__case=case).select_related("document", "proposal").order_by("signed_at")
    )
    letters = list(
        ComplainantLetter.objects.filter(case=case)
        .select_related("complainant", "document", "generated_by", "visit_recorded_by", "proposal", "further_report")
        .order_by("generated_at", "pk")
    )
    further_reports = list(
        FurtherReport.objects.filter(case=case)
        .select_related("complainant", "new_case", "recorded_by", "reviewed_by")
        .order_by("received_on", "pk")
    )
    by_proposal: dict[int, dict[str, list]] = {p.pk: defaultdict(list) for p in proposals}
    for row in positions:
        by_proposal[row.proposal_id]["positions"].append(row)
    for row in decisions:
        by_proposal[row.proposal_id]["decisions"].append(row)
    for row in peer_reviews_of(proposals):
        by_proposal[row.proposal_id]["reviews"].append(row)
    for row in closure_reports:
        by_proposal[row.proposal_id]["reports"].append(row)
    documents = [
        PackDocument(p.document, f"Cessation proposal {p.number}") for p in proposals if p.document_id is not None
    ]
    documents += [
        PackDocument(r.document, f"Closure report, proposal {r.proposal.number}, version {r.number} (signed)")
        for r in closure_reports
    ]
    documents += [PackDocument(letter.document, letter.get_kind_display()) for letter in letters]
    return {
        "proposals": [
            {
                "proposal": p,
                "positions": by_proposal[p.pk]["positions"],
                "decisions": by_proposal[p.pk]["decisions"],
                "reviews": by_proposal[p.pk]["reviews"],
                "reports": by_proposal[p.pk]["reports"],
            }
            for p in proposals
        ],
        "letters": letters,
        "further_reports": further_reports,
        "cessation_documents": documents,
        "cessation_document_ids": {d.document.pk for d in documents},
        "ceased": any(p.status == ProposalStatus.CEASED for p in proposals),
    }


def _entry_cost(entry: PackEntry) -> float:
    return ENTRY_FIXED_COST + len(entry.text) / ENTRY_CHARS_PER_COST


def _split_evenly(entries: list[PackEntry], parts: int) -> list[list[PackEntry]]:
    """`parts` runs of consecutive entries of about the same cost."""
    total = sum(_entry_cost(e) for e in entries)
    chunks: list[list[PackEntry]] = [[]]
    spent = 0.0
    for entry in entries:
        if len(chunks) < parts and spent >= total * len(chunks) / parts:
            chunks.append([])
        chunks[-1].append(entry)
        spent += _entry_cost(entry)
    return [chunk for chunk in chunks if chunk]


def plan_chunks(entries: list[PackEntry], front_html: str, processes: int) -> tuple[list[list[PackEntry]], int]:
    """Cut the chronology so that every process has about the same work: this one lays out the front matter and
    then the first chunk, each worker one of the others. Returns the chunks, in order, and how many of them (none or
    the first) are laid out here."""
    if not entries:
        return [], 0
    processes = max(1, min(processes, len(entries) // CHUNK_MIN_ENTRIES))
    if processes == 1:
        return [entries], 0
    front = len(front_html) / FRONT_CHARS_PER_COST + HERE_FIXED_COST
    share = (front + sum(_entry_cost(e) for e in entries)) / processes
    here, spent = 0, front
    while here < len(entries) and spent + _entry_cost(entries[here]) <= share:
        spent += _entry_cost(entries[here])
        here += 1
    if here < CHUNK_MIN_ENTRIES:
        # The front matter is a process's share on its own: the workers take the whole chronology.
        return _split_evenly(entries, processes - 1), 0
    return [entries[:here], *_split_evenly(entries[here:], processes - 1)], 1


def pack_workers() -> int:
    """How many processes lay out the pack: one per core this process may use, at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def can_render_in_parallel() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        # A daemonic process (a Celery prefork worker) may not have children of its own.
        and not multiprocessing.current_process().daemon
    )


def render_parts(front_html: str, chunk_htmls: list[str], *, parallel: bool, here: int = 0) -> list[bytes]:
    """The front matter and the chronology chunks as PDFs, in order. In parallel, the chunks after the first `here`
    go to forked workers while this process lays out the front matter and those first ones; if a worker fails or
    hangs, its chunks are laid out here."""
    if not parallel or len(chunk_htmls) <= here:
        return [html_to_pdf(html) for html in [front_html, *chunk_htmls]]
    # Imported before the fork, so the workers do not each import it again.
    import weasyprint  # noqa: F401

    elsewhere = chunk_htmls[here:]
    context = multiprocessing.get_context("fork")
    # Forked with the collector paused, the workers never run it: they exit once their chunk is done.
    with collector_paused(), context.Pool(processes=len(elsewhere)) as pool:
        pending = pool.map_async(html_to_pdf, elsewhere, chunksize=1)
        pdfs = [html_to_pdf(html) for html in [front_html, *chunk_htmls[:here]]]
        try:
            pdfs += pending.get(timeout=WORKER_TIMEOUT_SECONDS)
        except Exception:
            logger.exception("Case review pack workers failed: laying out their chronology chunks here")
            pool.terminate()
            pdfs += [html_to_pdf(html) for html in elsewhere]
    return pdfs


# Helvetica's advance widths (thousandths of the font size) for the characters of "Page 12 of 345".
_HELVETICA_WIDTHS = {
    " ": 278,
    "P": 667,
    "a": 556,
    "g": 556,
    "e": 556,
    "o": 556,
    "f": 278,
    **dict.fromkeys("0123456789", 556),
}


def _page_stamp(width: float, height: float, text: str):
    """A transparent page carrying `text` in the bottom right corner, in the right margin's line."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    size = 7.5
    text_width = sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in text) * size / 1000
    x = width - 16 * 72 / 25.4 - text_width
    y = 9 * 72 / 25.4
    stamp = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    stamp[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FPackPage"): font})}
    )
    content = DecodedStreamObject()
    content.set_data(f"BT /FPackPage {size} Tf 0.314 0.353 0.373 rg {x:.2f} {y:.2f} Td ({text}) Tj ET".encode())
    stamp[NameObject("/Contents")] = content
    return stamp


def merge_parts(parts: list[bytes], *, title: str, author: str) -> bytes:
    """One PDF of the parts in order (their bookmarks kept), every page stamped "Page i of N"."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    total = len(writer.pages)
    for i, page in enumerate(writer.pages, start=1):
        box = page.mediabox
        page.merge_page(_page_stamp(float(box.width), float(box.height), f"Page {i} of {total}"))
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "ASB case management"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class PackParts:
    """The case review pack as HTML: the front matter, then the chronology in chunks (one per worker)."""

    front_html: str
    chunk_htmls: list[str]
    title: str
    author: str
    # How many of the chunks (none or the first) this process lays out after the front matter.
    here: int = 0


def case_review_pack_parts(
    case, *, viewer: Officer, printed_at: datetime.datetime | None = None, processes: int = 1
) -> PackParts:
    """Read the record and render the pack's HTML, its chronology cut for `processes` processes (every query is
    made here, before any worker starts)."""
    printed_at = timezone.localtime(printed_at or clock.now())
    summary = collated_summary(case)
    case = summary.case
    record = _cessation_record(case)
    entries = _pack_entries(case)
    other_documents = list(
        Document.objects.filter(case=case)
        .exclude(pk__in=record["cessation_document_ids"])
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    printed_by = viewer.display_name + (f", {viewer.agency}" if getattr(viewer, "agency", None) else "")
    shared = {"case": case, "printed_at": printed_at, "printed_by": printed_by, "produced_at": printed_at}
    front_html = render_to_string(
        "pdf/cessation/pack_front.html",
        {
            **shared,
            "summary": summary,
            "plan": summary.plan,
            "record": record,
            "other_documents": other_documents,
            "entry_count": len(entries),
            "first_number": entries[0].number if entries else 0,
            "last_number": entries[-1].number if entries else 0,
        },
    )
    chunks, here = plan_chunks(entries, front_html, processes)
    chunk_htmls = [
        render_to_string(
            "pdf/cessation/pack_chronology.html",
            {
                **shared,
                "entries": chunk,
                "first": number_format(chunk[0].number, force_grouping=True),
                "last": number_format(chunk[-1].number, force_grouping=True),
                "continued": index > 0,
                "total": number_format(len(entries), force_grouping=True),
            },
        )
        for index, chunk in enumerate(chunks)
    ]
    return PackParts(front_html, chunk_htmls, f"Case review pack: {case.reference}", printed_by, here)


def render_case_review_pack_pdf(case, *, viewer: Officer, printed_at: datetime.datetime | None = None) -> bytes:
    """One PDF for a complaint investigation or an ASB Case Review panel: cover, people, agencies, risk history,
    the current Appendix A, interventions on each perpetrator, JAG decisions, the cessation record with each
    cessation document's SHA-256, and the full chronology (every entry, numbered #1 onwards, oldest first)."""
    parallel = can_render_in_parallel()
    with collector_paused():
        parts = case_review_pack_parts(
            case, viewer=viewer, printed_at=printed_at, processes=pack_workers() if parallel else 1
        )
        pdfs = render_parts(parts.front_html, parts.chunk_htmls, parallel=parallel, here=parts.here)
        return merge_parts(pdfs, title=parts.title, author=parts.author)
