"""The case review pack: one PDF for a complaint investigation or an ASB Case Review panel, with the full chronology.

The chronology of a long-standing case runs to thousands of entries (about 60 pages per thousand), and WeasyPrint lays
out in one thread, slowly. So the pack is made as parts that can be laid out apart (by Celery, cessation/tasks.py):
the record is read and all the HTML rendered once (case_review_pack_parts), the front matter is one part and the
chronology is cut into chunks; each part becomes a PDF (core.pdf.html_to_pdf), and merge_parts joins them in order
with pypdf and stamps every page "Page i of N", and every chronology page with who printed it and when.

A chunk's HTML holds only the record (nothing of who prints it or when), and the record is never edited in place: a
chunk laid out once is kept as a chronology sheet (cessation.models.ChronologySheet) under the fingerprint of its
HTML, and a later pack takes it instead of laying it out again. The chunks are cut from the oldest entry on, each
closed when it holds CHUNK_COST of work, so a new entry changes only the last chunk (an entry dated back, or a
correction, changes the chunk it lands in and, by the numbering, those after it).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, NamedTuple

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format

from agencies.models import Officer
from cases.models import ChronologyEntry, Document, EntryKind
from core import clock
from core.dates import short_datetime
from core.pdf import PDF_VARIANT, collector_paused, html_to_pdf

from ..models import (
    AgencyPosition,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    JagDecision,
    PackJob,
    ProposalStatus,
)
from ..selectors import peer_reviews_of
from ..summary import collated_summary

# The work of laying out, in chronology entries: an entry costs about ENTRY_FIXED_COST plus its length over
# ENTRY_CHARS_PER_COST (a 175-character entry costs one). The chronology is cut into chunks of CHUNK_COST: small
# enough that a new entry makes little to lay out again and a first pack's parts share out over a worker's
# processes, large enough that what each part costs on its own (styles, fonts, a last page part-filled) stays small.
ENTRY_FIXED_COST = 0.5
ENTRY_CHARS_PER_COST = 350
CHUNK_COST = 250
# What a chronology sheet's fingerprint covers besides its HTML: a new WeasyPrint may lay the same HTML out otherwise,
# and a sheet written untagged (or in another variant) is laid out again rather than joined to tagged parts.
SHEET_LAYOUT = f"weasyprint {version('weasyprint')} {PDF_VARIANT}"

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
    for position in positions:
        by_proposal[position.proposal_id]["positions"].append(position)
    for decision in decisions:
        by_proposal[decision.proposal_id]["decisions"].append(decision)
    for review in peer_reviews_of(proposals):
        by_proposal[review.proposal_id]["reviews"].append(review)
    for report in closure_reports:
        by_proposal[report.proposal_id]["reports"].append(report)
    documents = [
        PackDocument(p.document, f"Cessation proposal {p.number}") for p in proposals if p.document is not None
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


def plan_chunks(entries: list[PackEntry], chunk_cost: float = CHUNK_COST) -> list[list[PackEntry]]:
    """The chronology cut into runs of consecutive entries, from the oldest, each closed once it holds `chunk_cost` of
    work: the cuts stay where they are as entries are added, so the chunks before the last keep their HTML."""
    chunks: list[list[PackEntry]] = []
    spent = chunk_cost
    for entry in entries:
        if spent >= chunk_cost:
            chunks.append([])
            spent = 0.0
        chunks[-1].append(entry)
        spent += _entry_cost(entry)
    return chunks


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


def _page_number(width: float, text: str) -> bytes:
    """Drawing `text` in the bottom right corner, in the right margin's line, in /FPackPage (Helvetica)."""
    size = 7.5
    text_width = sum(_HELVETICA_WIDTHS.get(ch, 556) for ch in text) * size / 1000
    x = width - 16 * 72 / 25.4 - text_width
    y = 9 * 72 / 25.4
    return f"BT /FPackPage {size} Tf 0.314 0.353 0.373 rg {x:.2f} {y:.2f} Td ({text}) Tj ET".encode()


class _Stamper:
    """Draws over the pages of a PDF being written: each page's own drawing is wrapped in q/Q, so that what is added
    starts from the page's original coordinates, and the added drawing and what it uses (the page-number font, the
    printing line as a form XObject laid out once) go beside it, without parsing the page's content."""

    def __init__(self, writer) -> None:
        from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

        self.writer = writer
        self.font = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )
        save = DecodedStreamObject()
        save.set_data(b"q\n")
        self.save = writer._add_object(save)
        self.printed = None

    def printing_line(self, page) -> None:
        """Take the first page of the printing line's PDF (from a PdfReader) as the form drawn by stamp(printed=True)."""
        from pypdf.generic import DecodedStreamObject, NameObject

        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data() if page.get_contents() is not None else b"")
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = page.mediabox.clone(self.writer)
        form[NameObject("/Resources")] = page["/Resources"].get_object().clone(self.writer)
        self.printed = self.writer._add_object(form)

    def stamp(self, page, number: str, *, printed: bool) -> None:
        from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

        resources = page["/Resources"].get_object() if "/Resources" in page else DictionaryObject()
        resources = DictionaryObject(resources)  # the page's own: another page may share the original
        fonts = DictionaryObject(resources.get("/Font", DictionaryObject()).get_object())
        fonts[NameObject("/FPackPage")] = self.font
        resources[NameObject("/Font")] = fonts
        # Marked as a pagination artifact: a screen reader passes over it, as it does the parts' running heads.
        drawing = b"Q\n/Artifact <</Type /Pagination>> BDC\n" + _page_number(float(page.mediabox.width), number)
        if printed and self.printed is not None:
            xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
            xobjects[NameObject("/FPackPrinted")] = self.printed
            resources[NameObject("/XObject")] = xobjects
            drawing += b"\nq /FPackPrinted Do Q"
        drawing += b"\nEMC"
        page[NameObject("/Resources")] = resources
        added = DecodedStreamObject()
        added.set_data(drawing)
        contents = page.get("/Contents")
        own = (
            []
            if contents is None
            else list(contents.get_object())
            if isinstance(contents.get_object(), list)
            else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject([self.save, *own, self.writer._add_object(added)])


class _Structure:
    """The structure trees of the parts (tagged PDF/UA-1, core.pdf) joined into one, as pypdf's append keeps the
    pages and their marked content but neither the structure tree nor the pages' keys into it.

    Each part's elements become children of the pack's one Document element, in the parts' order; an element's page,
    an annotation it owns and each page's entry in the parent tree (which element each marked-content id on the page
    belongs to) are pointed at the pack's copies. Table header ids, unique only within a part, are prefixed with the
    part's number. If a part is untagged, the pack is written untagged rather than claim a structure it lacks."""

    def __init__(self, writer) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject

        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.kids = ArrayObject()
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_ref,
                NameObject("/K"): self.kids,
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        self.nums: list[bytes] = []  # the parent tree's entries, written
        self.next_key = 0
        self.parts = 0
        self.complete = True

    def add_part(self, reader, elements: dict[int, bytes], first_page: int) -> None:
        """The structure of `reader`, whose structure elements are `elements` (both from _part_reader) and whose
        pages writer.append placed from the pack's page `first_page` on: the elements are copied as written, their
        references renumbered."""
        from pypdf.generic import IndirectObject, NameObject, NumberObject

        self.parts += 1
        catalog = reader.root_object
        if "/StructTreeRoot" not in catalog:
            self.complete = False
            return
        source_root = catalog["/StructTreeRoot"].get_object()
        documents = source_root.raw_get("/K")
        documents = list(documents) if isinstance(documents, list) else [documents]
        # The part's object number -> the pack's: its Document element is the pack's, its other elements new ones.
        numbers = {document.idnum: self.document_ref.idnum for document in documents}
        tree = source_root.raw_get("/ParentTree")
        copied = [idnum for idnum in elements if idnum not in numbers and idnum != getattr(tree, "idnum", None)]
        for idnum in copied:
            numbers[idnum] = self.writer._add_object(_Written()).idnum
        page_keys: dict[int, Any] = {}  # the part's key into its parent tree -> the pack's page
        annotations: dict[int, Any] = {}  # the part's key into its parent tree -> the pack's annotation
        for index, page in enumerate(reader.pages):
            packed = self.writer.pages[first_page + index]
            numbers[page.indirect_reference.idnum] = packed.indirect_reference.idnum
            if "/StructParents" in page:
                page_keys[int(page["/StructParents"])] = packed
            for annotation in packed.get("/Annots", ()):
                if "/StructParent" in annotation.get_object():
                    annotations[int(annotation.get_object()["/StructParent"])] = annotation
        for annotation in (a for page in reader.pages for a in page.get("/Annots", ())):
            key = annotation.get_object().get("/StructParent")
            if key is not None and int(key) in annotations:
                numbers[annotation.idnum] = annotations[int(key)].idnum

        def renumbered(match) -> bytes:
            number = numbers.get(int(match[1]))
            return b"null" if number is None else b"%d 0 R" % number

        prefix = b"(%d-" % self.parts
        for idnum in copied:
            body = _REFERENCE.sub(renumbered, elements[idnum])
            # Table header ids are unique within a part only.
            body = _ID.sub(lambda m: m[1] + prefix, body)
            body = _HEADERS.sub(lambda m: m[0].replace(b"(", prefix), body)
            self.writer._objects[numbers[idnum] - 1].data = body
        for document in documents:
            kids = elements.get(document.idnum, b"")
            found = _KIDS.search(kids)
            for kid in _REFERENCE.finditer(found[1] if found else b""):
                if int(kid[1]) in numbers:
                    self.kids.append(IndirectObject(numbers[int(kid[1])], 0, self.writer))

        def owner(idnum: int | None) -> bytes:
            number = numbers.get(idnum) if idnum is not None else None
            return b"null" if number is None else b"%d 0 R" % number

        for key, value in _parent_tree(reader, source_root, elements):
            if key in page_keys:
                page_keys[key][NameObject("/StructParents")] = NumberObject(self.next_key)
                mapped = b"[" + b" ".join(owner(idnum) for idnum in value) + b"]"
            elif key in annotations and not isinstance(value, list):
                annotations[key].get_object()[NameObject("/StructParent")] = NumberObject(self.next_key)
                mapped = owner(value)
            else:
                continue
            self.nums.append(b"%d %s" % (self.next_key, mapped))
            self.next_key += 1

    def finish(self, front) -> None:
        """Hang the joined tree on the pack's catalog, with the front matter's language and metadata (its title is
        the pack's)."""
        from pypdf.generic import BooleanObject, DictionaryObject, NameObject, NumberObject

        if not self.complete:
            return
        parent_tree = _Written()
        parent_tree.data = b"<</Nums [" + b"\n".join(self.nums) + b"]>>"
        self.root[NameObject("/ParentTree")] = self.writer._add_object(parent_tree)
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)}
        )
        source = front.root_object
        if "/Lang" in source:
            catalog[NameObject("/Lang")] = source["/Lang"].clone(self.writer)
        if "/Metadata" in source:
            catalog[NameObject("/Metadata")] = source.raw_get("/Metadata").clone(self.writer).indirect_reference


_REFERENCE = re.compile(rb"\b(\d+) 0 R\b")
_ID = re.compile(rb"(/ID\s*)\(")
_HEADERS = re.compile(rb"/Headers\s*\[[^\]]*\]")
_KIDS = re.compile(rb"/K\s*\[([^\]]*)\]")
_STRUCTURE_ELEMENT = re.compile(rb"\s*<<\s*/Type\s*/(?:StructElem|OBJR|MCR)\b")
_NUMBER_TREE = re.compile(rb"\s*<<\s*/Nums\s*\[")
_NUMS_TOKEN = re.compile(rb"\[|\]|(\d+) 0 R\b|(\d+)|null")


def _parent_tree(reader, source_root, elements: dict[int, bytes]):
    """The part's parent tree as (key, [element numbers, None where none]) for a page and (key, element number)
    for an annotation: read from its bytes when _part_reader kept them (WeasyPrint writes one flat /Nums array),
    else through pypdf."""
    reference = source_root.raw_get("/ParentTree")
    body = elements.get(reference.idnum) if hasattr(reference, "idnum") else None
    if body is None:
        entries = source_root["/ParentTree"].get_object().get("/Nums", [])
        for number, value in zip(entries[::2], entries[1::2], strict=True):
            if isinstance(value, list):
                yield int(number), [getattr(item, "idnum", None) for item in value]
            else:
                yield int(number), getattr(value, "idnum", None)
        return
    depth = 0
    key: int | None = None
    owners: list[int | None] = []
    for token in _NUMS_TOKEN.finditer(body[body.index(b"[") :]):
        text = token[0]
        if text == b"[":
            depth += 1
            owners = []
        elif text == b"]":
            depth -= 1
            if depth == 1 and key is not None:
                yield key, owners
                key = None
        elif depth == 2:
            owners.append(int(token[1]) if token[1] else None)
        elif depth == 1 and key is None and token[2]:
            key = int(token[2])
        elif depth == 1 and key is not None:
            yield key, int(token[1]) if token[1] else None
            key = None


class _Written:
    """An object of the pack written as it was put together: a long chronology has tens of thousands of structure
    elements, and pypdf's own objects would spend most of the join reading, building and writing them."""

    def __init__(self) -> None:
        self.data = b"null"

    def write_to_stream(self, stream, encryption_key=None) -> None:
        stream.write(self.data)


def _part_reader(content: bytes) -> tuple:
    """A PdfReader of a part that leaves its structure elements unread: it holds them as written
    apart (object number -> bytes), for _Structure to copy with their references renumbered.

    pypdf reads every object of an object stream at once, the first time any of them is asked for, and WeasyPrint
    puts the whole document (thousands of structure elements with its pages) in one: here each object stream is
    split, its other objects read by pypdf's own parser into the reader's cache, the elements kept as bytes."""
    from pypdf import PdfReader
    from pypdf.generic import read_object

    reader = PdfReader(io.BytesIO(content))
    elements: dict[int, bytes] = {}
    for stream_number in sorted({stream for stream, _ in reader.xref_objStm.values()}):
        stream: Any = reader.get_object(stream_number)
        data = stream.get_data()
        first = int(stream["/First"])
        header = data[:first].split()
        index = [(int(n), first + int(offset)) for n, offset in zip(header[0::2], header[1::2], strict=True)]
        for position, (number, start) in enumerate(index):
            end = index[position + 1][1] if position + 1 < len(index) else len(data)
            body = data[start:end]
            if _STRUCTURE_ELEMENT.match(body) or _NUMBER_TREE.match(body):
                elements[number] = body.strip()
            elif (0, number) not in reader.resolved_objects:
                reader.cache_indirect_object(0, number, read_object(io.BytesIO(body), reader))
    return reader, elements


def printing_line_pdf(html: str) -> bytes:
    """The printing line laid out for merge_parts to draw over the chronology's pages, untagged: it is drawn as an
    artifact of each page, and marked content of its own would clash with the page's."""
    return html_to_pdf(html, tagged=False)


class MergedPack(NamedTuple):
    content: bytes
    pages: int


def merge_parts(
    front: bytes, chronology: list[bytes], *, printed: bytes | None = None, title: str, author: str
) -> MergedPack:
    """One PDF of the front matter and the chronology's parts in order (their bookmarks kept), every page stamped
    "Page i of N", and every chronology page overlaid with the first page of `printed` (who printed it and when)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    structure = _Structure(writer)
    front_reader, front_elements = _part_reader(front)
    writer.append(front_reader)
    structure.add_part(front_reader, front_elements, 0)
    front_pages = len(writer.pages)
    for part in chronology:
        reader, elements = _part_reader(part)
        first_page = len(writer.pages)
        writer.append(reader)
        structure.add_part(reader, elements, first_page)
    structure.finish(front_reader)
    stamper = _Stamper(writer)
    if printed:
        stamper.printing_line(PdfReader(io.BytesIO(printed)).pages[0])
    total = len(writer.pages)
    for i, page in enumerate(writer.pages, start=1):
        stamper.stamp(page, f"Page {i} of {total}", printed=i > front_pages)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "ASB case management"})
    out = io.BytesIO()
    writer.write(out)
    return MergedPack(out.getvalue(), total)


@dataclass
class Chunk:
    """A run of the chronology as HTML, with the fingerprint its laid-out sheet is kept under."""

    html: str
    first: int
    last: int

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{SHEET_LAYOUT}\n{self.html}".encode()).hexdigest()


@dataclass
class PackParts:
    """The case review pack as HTML: the front matter, the chronology in chunks, and the line every chronology page
    carries of who printed it and when."""

    front_html: str
    chunks: list[Chunk]
    printed_html: str
    title: str
    author: str


def _printed_by(viewer: Officer) -> str:
    return viewer.display_name + (f", {viewer.agency}" if getattr(viewer, "agency", None) else "")


def chronology_chunks(case, entries: list[PackEntry] | None = None, chunk_cost: float = CHUNK_COST) -> list[Chunk]:
    """The case's chronology as HTML in chunks (cessation.documents.pack.plan_chunks), nothing in them of who prints
    it or when: the same record gives the same HTML."""
    entries = _pack_entries(case) if entries is None else entries
    return [
        Chunk(
            render_to_string(
                "pdf/cessation/pack_chronology.html",
                {
                    "case": case,
                    "entries": chunk,
                    "first": number_format(chunk[0].number, force_grouping=True),
                    "last": number_format(chunk[-1].number, force_grouping=True),
                    "continued": index > 0,
                },
            ),
            chunk[0].number,
            chunk[-1].number,
        )
        for index, chunk in enumerate(plan_chunks(entries, chunk_cost))
    ]


def case_review_pack_parts(
    case, *, viewer: Officer, printed_at: datetime.datetime | None = None, chunk_cost: float = CHUNK_COST
) -> PackParts:
    """Read the record and render the pack's HTML, its chronology cut into chunks of `chunk_cost` (every query is
    made here, none while the parts are laid out)."""
    printed_at = timezone.localtime(printed_at or clock.now())
    summary = collated_summary(case)
    case = summary.case
    record = _cessation_record(case)
    entries = _pack_entries(case)
    # Earlier packs are prints of the record, not part of it.
    other_documents = list(
        Document.objects.filter(case=case)
        .exclude(pk__in=record["cessation_document_ids"])
        .exclude(pk__in=PackJob.objects.filter(case=case, document__isnull=False).values("document_id"))
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    printed_by = _printed_by(viewer)
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
    printed_html = render_to_string(
        "pdf/cessation/pack_printed.html",
        {**shared, "total": number_format(len(entries), force_grouping=True)},
    )
    return PackParts(
        front_html,
        chronology_chunks(case, entries, chunk_cost),
        printed_html,
        f"Case review pack: {case.reference}",
        printed_by,
    )


def render_case_review_pack_pdf(case, *, viewer: Officer, printed_at: datetime.datetime | None = None) -> bytes:
    """One PDF for a complaint investigation or an ASB Case Review panel: cover, people, agencies, risk history,
    the current Appendix A, interventions on each perpetrator, JAG decisions, the cessation record with each
    cessation document's SHA-256, and the full chronology (every entry, numbered #1 onwards, oldest first).

    Here every part is laid out in this process, one after another: the pages officers ask for are built by Celery
    (cessation/tasks.py), the parts at once."""
    with collector_paused():
        parts = case_review_pack_parts(case, viewer=viewer, printed_at=printed_at)
        return merge_parts(
            html_to_pdf(parts.front_html),
            [html_to_pdf(chunk.html) for chunk in parts.chunks],
            printed=printing_line_pdf(parts.printed_html),
            title=parts.title,
            author=parts.author,
        ).content
