"""Every kind of PDF the service makes is tagged PDF/UA-1, so that a screen reader can read it: as poppler's pdfinfo
reports it (Tagged: yes, the document's title), in British English, its text still extractable. The case review
pack, joined from separately laid-out parts and stamped, keeps one structure tree that covers every page."""

import datetime
import io
import subprocess
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from cases.meetings.minutes import render_minutes_pdf
from cases.models import ChronologyEntry, EntryKind
from cessation import documents, services
from cessation.documents import pack
from cessation.models import Assessment, LetterKind, Outcome, PackJob, PackState, Position
from cessation.services import PositionInput
from core import clock
from core.pdf import html_to_pdf
from incremental.letters import render_letter_pdf
from incremental.models import InterventionKind
from tests.factories import PASSWORD, InterventionFactory

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2025, 3, 14)


def pdfinfo(content: bytes) -> dict[str, str]:
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    lines = result.stdout.decode().splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def pdftotext(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def assert_tagged(content: bytes, title: str, *texts: str) -> None:
    info = pdfinfo(content)
    assert (info["Tagged"], info["Title"]) == ("yes", title)
    assert info["Metadata Stream"] == "yes"
    catalog = PdfReader(io.BytesIO(content)).root_object
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    metadata = catalog["/Metadata"].get_data().decode()
    assert 'pdfuaid:part="1"' in metadata and title.replace("&", "&amp;") in metadata
    text = pdftotext(content)
    for expected in texts:
        assert expected in text, f"{expected!r} not in the text"


def elements(reader: PdfReader) -> Counter:
    """The structure types of the tree from the catalog down, each element's parent checked against the walk."""
    kinds: Counter = Counter()
    root = reader.root_object.raw_get("/StructTreeRoot")

    def walk(reference, parent) -> None:
        element = reference.get_object()
        assert element.raw_get("/P").idnum == parent.idnum
        kinds[element["/S"]] += 1
        for kid in element.get("/K", []):
            if hasattr(kid, "idnum") and kid.get_object().get("/Type") not in ("/MCR", "/OBJR"):
                walk(kid, reference)

    documents = root.get_object()["/K"]
    assert len(documents) == 1
    walk(root.get_object().raw_get("/K")[0], root)
    return kinds


def assert_one_structure_over_every_page(content: bytes) -> Counter:
    """Each page points into the parent tree, and the marked content on it belongs to elements on that page;
    each annotation belongs to the element that names it; ids are unique."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.root_object["/StructTreeRoot"]
    nums = root["/ParentTree"]["/Nums"]
    tree = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))
    assert sorted(tree) == list(range(int(root["/ParentTreeNextKey"])))
    for page in reader.pages:
        owners = tree[int(page["/StructParents"])]
        assert owners, "a page with no tagged content"
        assert {owner.get_object().raw_get("/Pg").idnum for owner in owners} == {page.indirect_reference.idnum}
        for annotation in page.get("/Annots", []):
            owner = tree[int(annotation.get_object()["/StructParent"])].get_object()
            objects = [kid.get_object() for kid in owner["/K"] if hasattr(kid, "idnum")]
            assert [o.raw_get("/Obj").idnum for o in objects if o.get("/Type") == "/OBJR"] == [annotation.idnum]
    kinds = elements(reader)
    ids: list[str] = []

    def collect(element) -> None:
        element = element.get_object()
        if "/ID" in element:
            ids.append(element["/ID"])
        for kid in element.get("/K", []):
            if hasattr(kid, "idnum") and kid.get_object().get("/Type") not in ("/MCR", "/OBJR"):
                collect(kid)

    collect(root["/K"][0])
    assert len(ids) == len(set(ids))
    return kinds


def day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def letter(case, perpetrator, code: str, **fields):
    kind = InterventionKind.objects.get(code=code)
    intervention = InterventionFactory(case=case, person=perpetrator, kind=kind, issued_on=ISSUED_ON, **fields)
    return render_letter_pdf(intervention)


@pytest.fixture
def ceased(ceasable_case, meeting, chair, lead_officer, lead_agency, partner_agency):
    proposal = services.cessation_propose(
        case=ceasable_case, officer=lead_officer, reasoning="Every option in the plan has been tried."
    )
    services.positions_record(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rows=[PositionInput(lead_agency, Position.CLOSE), PositionInput(partner_agency, Position.CLOSE)],
    )
    services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale="Nothing more to offer."
    )
    return services.closure_report_sign(proposal=proposal, officer=chair, password=PASSWORD)


# --- Letters -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "title", "text"),
    [
        ("first_warning", "First warning letter to Darren Whitfield", "First warning: anti-social behaviour"),
        ("final_warning", "Final warning letter to Darren Whitfield", "Final warning"),
        ("abc", "Acceptable Behaviour Contract: Darren Whitfield", "Acceptable Behaviour Contract"),
    ],
)
def test_intervention_letters_are_tagged(ceasable_case, perpetrator, code, title, text):
    content = letter(ceasable_case, perpetrator, code, conditions="1. Do not play amplified music after 11pm.")

    assert_tagged(content, f"{title}, {day(ISSUED_ON)}", "Dear Darren Whitfield", text, "Do not play amplified music")
    assert {"/H1", "/P"} <= set(elements(PdfReader(io.BytesIO(content))))


def test_cessation_letters_to_the_complainant_are_tagged(ceased, ceasable_case, complainant, lead_officer):
    today = day(clock.today())
    cessation = services.cessation_letter_generate(
        proposal=ceased.proposal, officer=lead_officer, complainant=complainant
    )
    report = services.further_report_record(
        case=ceasable_case,
        officer=lead_officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Loud music again on Saturday night.",
        assessment=Assessment.SAME,
        assessment_reason="The same flat and the same behaviour.",
    )
    further = documents.render_further_letter_pdf(report, LetterKind.FURTHER_REFUSED, lead_officer)

    with cessation.document.file.open("rb") as stored:
        assert_tagged(
            stored.read(),
            f"Letter to Margaret Ellison: your case is filed as unresolved, {today}",
            "Dear Margaret Ellison",
        )
    assert_tagged(further, f"Letter to Margaret Ellison: your report of {today}, {today}", "Dear Margaret Ellison")


# --- Reports -----------------------------------------------------------------------------------------------------


def test_proposal_closure_reports_and_appendix_a_are_tagged(ceased, ceasable_case, chair):
    reference = ceasable_case.reference
    proposal = ceased.proposal
    draft = documents.render_closure_report_pdf(
        proposal, number=2, signer=chair, signed_at=None, signer_role="Chair", draft=True
    )
    plan = ceasable_case.plan_versions.order_by("-number").first()

    with proposal.document.file.open("rb") as stored:
        assert_tagged(stored.read(), f"Cessation proposal 1: {reference}", "Every option in the plan has been tried.")
    with ceased.document.file.open("rb") as stored:
        assert_tagged(stored.read(), f"Closure report: {reference}, version 1", "Nothing more to offer.")
    assert_tagged(draft, f"Closure report (DRAFT): {reference}, version 2", "DRAFT")
    assert_tagged(
        documents.render_appendix_a_pdf(plan),
        f"Appendix A: Case Management Process Form, {reference}, version {plan.number}",
        "Loud music and shouting from number 16",
    )


def test_meeting_minutes_are_tagged(meeting, chair):
    content = render_minutes_pdf(meeting=meeting, items=[], attendance=[], viewer=chair)

    assert_tagged(content, f"Minutes: {meeting.jag} meeting, {day(timezone.localtime(meeting.starts_at))}", "Minutes")


# --- The case review pack ----------------------------------------------------------------------------------------


def add_entries(case, officer, count: int) -> None:
    start = clock.now() - datetime.timedelta(days=200)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=6 * n),
            agency=officer.agency,
            officer=officer,
            text=f"Diary sheet {n} collected from the complainant.",
        )
        for n in range(1, count + 1)
    )


def test_the_pack_joined_from_its_parts_has_one_structure_over_every_page(ceased, ceasable_case, chair, lead_officer):
    add_entries(ceasable_case, lead_officer, 40)
    parts = pack.case_review_pack_parts(ceasable_case, viewer=chair, chunk_cost=8)
    assert len(parts.chunks) >= 3

    merged = pack.merge_parts(
        html_to_pdf(parts.front_html),
        [html_to_pdf(chunk.html) for chunk in parts.chunks],
        printed=pack.printing_line_pdf(parts.printed_html),
        title=parts.title,
        author=parts.author,
    )

    assert_tagged(
        merged.content,
        f"Case review pack: {ceasable_case.reference}",
        f"Page 1 of {merged.pages}",
        f"Page {merged.pages} of {merged.pages}",
        "Printed by Chandra Chair",
        "Diary sheet 1 collected from the complainant.",
        "Diary sheet 40 collected from the complainant.",
    )
    kinds = assert_one_structure_over_every_page(merged.content)
    assert kinds["/Document"] == 1
    assert kinds["/H2"] >= len(parts.chunks) + 9  # the front matter's ten sections, a heading per chronology part
    assert kinds["/Table"] >= 1 and kinds["/P"] >= 40
    # The page numbers and the printing line are drawn as pagination artifacts, outside the structure.
    reader = PdfReader(io.BytesIO(merged.content))
    for page in reader.pages:
        assert b"/Artifact <</Type /Pagination>> BDC" in page.get_contents().get_data()
    assert b"/MCID" not in pack.printing_line_pdf(parts.printed_html)


def test_links_in_the_parts_stay_owned_by_their_elements_in_the_pack():
    def part(title: str, text: str) -> bytes:
        return html_to_pdf(
            f'<html lang="en-GB"><title>{title}</title><h1>{title}</h1>'
            f'<p>{text} <a href="https://www.gov.uk/guidance/{title.lower()}">guidance</a>.</p>'
            '<table><tr><th scope="col">Kind</th></tr><tr><td>Note</td></tr></table></html>'
        )

    merged = pack.merge_parts(part("Front", "See the"), [part("Chronology", "And the")], title="Pack", author="Me")

    reader = PdfReader(io.BytesIO(merged.content))
    assert [len(page.get("/Annots", [])) for page in reader.pages] == [1, 1]
    kinds = assert_one_structure_over_every_page(merged.content)
    assert (kinds["/Link"], kinds["/H1"], kinds["/TH"], kinds["/TD"]) == (2, 2, 2, 2)
    assert pdfinfo(merged.content)["Tagged"] == "yes"


def test_an_untagged_part_makes_an_untagged_pack_rather_than_a_false_structure():
    html = '<html lang="en-GB"><title>Part</title><p>Text.</p></html>'
    untagged = HTML(string=html).write_pdf()

    merged = pack.merge_parts(html_to_pdf(html), [untagged], title="Pack", author="Me")

    assert pdfinfo(merged.content)["Tagged"] == "no"
    assert "/StructTreeRoot" not in PdfReader(io.BytesIO(merged.content)).root_object
    text = pdftotext(merged.content)
    assert text.count("Text.") == 2 and "Page 2 of 2" in text


def test_the_pack_made_by_the_worker_from_kept_sheets_is_tagged(
    ceasable_case, lead_officer, lead_officer_client, django_capture_on_commit_callbacks
):
    url = reverse("cessation:case_review_pack", args=[ceasable_case.reference])
    with django_capture_on_commit_callbacks(execute=True):
        lead_officer_client.post(url)
    job = PackJob.objects.select_related("document").get()
    assert job.state == PackState.READY

    with job.document.file.open("rb") as stored:
        content = stored.read()
    assert_tagged(content, f"Case review pack: {ceasable_case.reference}", f"Page 1 of {job.pages}")
    assert_one_structure_over_every_page(content)
