"""The cessation documents read back from the PDF: the proposal, the closure report (signed and draft), the letters
to the complainant, Appendix A of any plan version and the case review pack."""

import datetime
import hashlib
import io
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from cases.models import CasePolicy, ChronologyEntry, EntryKind
from cases.services import chronology_correct, plan_save
from cessation import documents, services
from cessation.documents import pack
from cessation.models import Assessment, LetterKind, Outcome, Position, Recommendation, ReviewerKind
from cessation.services import PositionInput
from core import clock
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
REASONING = "Every option in the plan has been tried over eighteen months; the complainant declines mediation."
RATIONALE = "With the peer review in front of it, the JAG agrees that nothing further can reasonably be offered."
FINDINGS = "Warnings, mediation and noise monitoring were all tried, recorded and proportionate."
# An entry of the pack's chronology begins with its number and its date: "#12 · 3 Mar 2026 14:05 · ".
ENTRY_START = r"#(\d+) · \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} · "
SIGNED_AT = datetime.datetime(2026, 3, 14, 10, 30, tzinfo=LONDON)


def page_texts(content: bytes) -> list[str]:
    """Each page's text, with runs of white space made single spaces so wrapped phrases can be matched."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return " ".join(page_texts(content))


def day(value) -> str:
    return f"{timezone.localtime(value):%-d %B %Y}"


@pytest.fixture
def letterhead(lead_agency, lead_officer, partner_agency):
    lead_agency.address = "Community Safety Team\nCity Hall, 115 Charles Street\nLeicester\nLE1 1FZ"
    lead_agency.telephone = "0116 454 1000"
    lead_agency.email = "community.safety@example.gov.uk"
    lead_agency.save()
    partner_agency.telephone = "101"
    partner_agency.email = "complaints@police.example.uk"
    partner_agency.save()
    lead_officer.job_title = "Anti-social Behaviour Officer"
    lead_officer.telephone = "0116 454 2345"
    lead_officer.save()
    return lead_agency


@pytest.fixture
def proposal(ceasable_case, meeting, lead_officer, letterhead):
    return services.cessation_propose(case=ceasable_case, officer=lead_officer, reasoning=REASONING)


@pytest.fixture
def closing(proposal, meeting, chair, lead_agency, partner_agency, peer_reviewer, other_jag):
    """The agencies split, a peer review from Charnwood JAG, then the JAG decides to close."""
    services.positions_record(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rows=[
            PositionInput(lead_agency, Position.CLOSE),
            PositionInput(partner_agency, Position.CONTINUE, "Patrols still help at weekends"),
        ],
    )
    review = services.peer_review_request(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rationale="The police see value in continued patrols.",
        reviewer_kind=ReviewerKind.JAG,
        reviewer=peer_reviewer,
        reviewer_jag=other_jag,
        access_until=clock.today() + datetime.timedelta(days=28),
        questions="Were the interventions enough?",
    )
    services.peer_review_answer(
        review=review,
        officer=peer_reviewer,
        reasonable=True,
        proportionate=True,
        appropriate=False,
        findings=FINDINGS,
        recommendation=Recommendation.CLOSE,
    )
    services.cessation_decide(
        proposal=proposal, meeting=meeting, officer=chair, outcome=Outcome.CLOSE, rationale=RATIONALE
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def ceased(closing, chair):
    report = services.closure_report_sign(proposal=closing, officer=chair, password=PASSWORD)
    closing.refresh_from_db()
    return report


@pytest.fixture
def further_report(ceased, ceasable_case, lead_officer, complainant):
    return services.further_report_record(
        case=ceasable_case,
        officer=lead_officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Loud music again on Saturday night.",
        assessment=Assessment.SAME,
        assessment_reason="The same flat and the same behaviour.",
    )


# --- The proposal ------------------------------------------------------------------------------------------------


def test_proposal_pdf_carries_the_reasoning_and_the_collated_summary(proposal, ceasable_case, lead_officer):
    text = pdf_text(documents.render_proposal_pdf(proposal))

    for expected in [
        f"Proposal to cease case {ceasable_case.reference} as unresolved",
        "Proposed by Lena Lead, Leicester City Council",
        f"Submitted {day(proposal.proposed_at)}",
        "Appendix A, version 1",
        REASONING,
        "Complainant / victim Margaret Ellison",
        "Perpetrator Darren Whitfield",
        "Leicester City Council Lead agency",
        "Leicestershire Police Brought in by Lena Lead",
        "Darren Whitfield Intervention Tier Issued Live until Issued by Status First warning letter 1",
        "Mediation offered; GP referral for sleep problems.",
        "Community protection warning and notice; tenancy enforcement.",
        "Medium",
        "Intervention · Leicester City Council (Lena Lead) First warning letter (tier 1) issued to Darren Whitfield",
        f"Long standing Since {clock.today() - datetime.timedelta(days=10):%-d %B %Y}",
    ]:
        assert expected in text, f"{expected!r} not in the proposal"


def test_proposal_stored_on_the_case_is_the_rendered_pdf(proposal):
    stored = proposal.document.file.read()

    assert hashlib.sha256(stored).hexdigest() == proposal.document.sha256
    assert REASONING in pdf_text(stored)


# --- The closure report ------------------------------------------------------------------------------------------


def test_closure_report_gives_reasons_interventions_positions_review_decision_and_signature(
    closing, chair, meeting, ceasable_case
):
    content = documents.render_closure_report_pdf(
        closing, number=1, signer=chair, signed_at=SIGNED_AT, signer_role="Chair, Leicester West JAG"
    )

    text = pdf_text(content)
    meeting_day = day(meeting.starts_at)
    for expected in [
        f"Closure report: {ceasable_case.reference}",
        "Report Version 1",
        "Date 14 March 2026",
        f"Decision to close Leicester West JAG meeting of {meeting_day}",
        REASONING,
        RATIONALE,
        "First warning letter 1",
        f"Leicester West JAG meeting of {meeting_day}: not unanimous",
        "Leicester City Council Supports closure: nothing further can reasonably be offered",
        "Leicestershire Police Opposes closure: resolve through existing processes Patrols still help at weekends",
        "Peer review by Charnwood JAG",
        "reviewer Rhiannon Reviewer, Charnwood Borough Council",
        "Were the interventions reasonable? Yes",
        "Were they proportionate? Yes",
        "Were they appropriate? No",
        "Recommendation Close the case: nothing further can reasonably be offered",
        FINDINGS,
        "No unanimous decision: request a peer review",
        "Close: nothing further can reasonably be offered",
        "Signed by Chandra Chair, Chair, Leicester West JAG on 14 March 2026 at 10:30, authenticated by "
        "re-entering their password.",
    ]:
        assert expected in text, f"{expected!r} not in the closure report"
    assert "DRAFT" not in text


def test_draft_closure_report_is_marked_on_every_page_and_left_unsigned(closing, chair):
    content = documents.render_closure_report_pdf(
        closing, number=1, signer=chair, signed_at=None, signer_role="Chair, Leicester West JAG", draft=True
    )

    pages = page_texts(content)
    assert len(pages) > 1
    assert all("DRAFT – NOT SIGNED" in page for page in pages)
    text = " ".join(pages)
    assert "7. Signature of the JAG chair Not signed." in text
    assert "Signed by Chandra Chair" not in text
    assert "authenticated by re-entering their password" not in text
    assert RATIONALE in text


def test_signed_closure_report_on_the_case_is_the_pdf_whose_hash_is_recorded(ceased):
    stored = ceased.document.file.read()

    assert hashlib.sha256(stored).hexdigest() == ceased.sha256 == ceased.document.sha256
    signed_at = timezone.localtime(ceased.signed_at)
    assert (
        f"Signed by Chandra Chair, {ceased.signer_role} on {signed_at:%-d %B %Y} at {signed_at:%H:%M}, "
        "authenticated by re-entering their password." in pdf_text(stored)
    )


def test_new_version_of_the_closure_report_names_the_version_it_replaces(ceased, chair):
    second = services.closure_report_new_version(
        proposal=ceased.proposal, officer=chair, password=PASSWORD, reason="The meeting date was wrong."
    )

    text = pdf_text(second.document.file.read())

    first_signed = timezone.localtime(ceased.signed_at)
    assert f"Report Version 2, replacing version 1 signed by Chandra Chair on {first_signed:%-d %b %Y %H:%M}" in text


# --- Letters to the complainant ----------------------------------------------------------------------------------


def test_cessation_letter_is_on_the_lead_agencys_letterhead_to_the_complainant(ceased, complainant, lead_officer):
    content = documents.render_cessation_letter_pdf(ceased.proposal, complainant, lead_officer)

    text = pdf_text(content)
    for expected in [
        "Leicester City Council",
        "City Hall, 115 Charles Street",
        "LE1 1FZ",
        "Telephone: 0116 454 1000",
        "PRIVATE AND CONFIDENTIAL Margaret Ellison 14 Narborough Road Leicester LE3 0BQ",
        f"Date {clock.today():%-d %B %Y}",
        f"Our reference {ceased.proposal.case.reference}",
        "Please ask for Lena Lead",
        "Dear Margaret Ellison",
        "Your reports of anti-social behaviour in the Westcotes area",
        "There will be no further active investigation of these reports by Leicester City Council or its partner "
        "agencies.",
        "Your case has been filed as unresolved.",
        "Leicester City Council, telephone 0116 454 1000, email community.safety@example.gov.uk",
        "Leicestershire Police, telephone 101, email complaints@police.example.uk",
        "Asking for an ASB Case Review",
        "if, in the last six months, you have reported three separate incidents of anti-social behaviour to the "
        "council, the police or a housing provider, each reported within one month of it happening, or you have "
        "reported one hate incident, and you feel that no effective action was taken",
        "you can appeal within twenty working days",
        "please contact me on 0116 454 2345 or at lead.officer@example.org",
        "Yours sincerely Lena Lead Anti-social Behaviour Officer Leicester City Council",
    ]:
        assert expected in text, f"{expected!r} not in the letter"


def test_cessation_letter_names_the_ward_not_the_case_address_or_summary(ceased, complainant, lead_officer):
    case = ceased.proposal.case

    text = pdf_text(documents.render_cessation_letter_pdf(ceased.proposal, complainant, lead_officer))

    assert "Westcotes" in text
    assert case.address not in text
    assert case.summary not in text
    assert "Darren Whitfield" not in text


def test_cessation_letter_states_the_case_review_threshold_of_the_current_policy(ceased, complainant, lead_officer):
    CasePolicy.objects.update_or_create(
        pk=1,
        defaults={"case_review_incidents": 4, "case_review_window_months": 12, "case_review_hate_incidents": 2},
    )

    text = pdf_text(documents.render_cessation_letter_pdf(ceased.proposal, complainant, lead_officer))

    assert "in the last twelve months, you have reported four separate incidents" in text
    assert "or you have reported two hate incidents" in text


def test_further_letter_when_help_was_offered_and_refused(further_report, lead_officer, ceased):
    content = documents.render_further_letter_pdf(further_report, LetterKind.FURTHER_REFUSED, lead_officer)

    text = pdf_text(content)
    received = f"{further_report.received_on:%-d %B %Y}"
    for expected in [
        "PRIVATE AND CONFIDENTIAL Margaret Ellison 14 Narborough Road Leicester LE3 0BQ",
        f"Your report of {received}",
        f"Thank you for contacting us on {received}.",
        "the Leicester West JAG agreed that nothing further could reasonably be offered",
        "reviewed by the Local Policing Unit commander and the local authority's community safety manager, who "
        "have decided that no further action will be taken on it",
        "help was offered to you and you chose not to accept it",
        "Asking for an ASB Case Review",
        "Yours sincerely Lena Lead",
    ]:
        assert expected in text, f"{expected!r} not in the letter"
    assert "could not resolve the problem" not in text


def test_further_letter_when_the_investigation_could_not_resolve_it(further_report, lead_officer, ceased):
    text = pdf_text(documents.render_further_letter_pdf(further_report, LetterKind.FURTHER_UNRESOLVED, lead_officer))

    assert f"Your report of {further_report.received_on:%-d %B %Y}" in text
    assert "The agencies investigated your earlier reports" in text
    assert "but the investigation could not resolve the problem" in text
    assert "chose not to accept it" not in text


def test_further_letter_is_only_of_the_two_further_kinds(further_report, lead_officer):
    with pytest.raises(ValueError, match="Not a further letter"):
        documents.render_further_letter_pdf(further_report, LetterKind.CESSATION, lead_officer)


# --- The decision after the peer review, on its true date ----------------------------------------------------------


@pytest.fixture
def answered_two_days_later(proposal, meeting, chair, lead_agency, partner_agency, peer_reviewer, other_jag):
    """The agencies split at the meeting, which asks for a peer review; the reviewer answers two days later, and the
    clock stays on that day."""
    services.positions_record(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rows=[PositionInput(lead_agency, Position.CLOSE), PositionInput(partner_agency, Position.CONTINUE)],
    )
    review = services.peer_review_request(
        proposal=proposal,
        meeting=meeting,
        officer=chair,
        rationale="The police see value in continued patrols.",
        reviewer_kind=ReviewerKind.JAG,
        reviewer=peer_reviewer,
        reviewer_jag=other_jag,
        access_until=clock.today() + datetime.timedelta(days=28),
    )
    with time_machine.travel(meeting.starts_at + datetime.timedelta(days=2), tick=False):
        services.peer_review_answer(
            review=review,
            officer=peer_reviewer,
            reasonable=True,
            proportionate=True,
            appropriate=True,
            findings=FINDINGS,
            recommendation=Recommendation.CLOSE,
        )
        yield proposal


def test_a_decision_at_the_meeting_is_dated_and_worded_as_the_meetings(ceased, complainant, lead_officer, meeting):
    held = day(meeting.starts_at)

    text = pdf_text(documents.render_cessation_letter_pdf(ceased.proposal, complainant, lead_officer))

    assert (
        f"At its meeting on {held}, the Leicester West JAG agreed that nothing further can reasonably be offered to "
        "resolve the problem you reported." in text
    )


def test_the_chairs_written_decision_is_dated_and_worded_as_such_in_the_report_and_the_letters(
    answered_two_days_later, meeting, chair, complainant, lead_officer, ceasable_case
):
    proposal = answered_two_days_later
    services.cessation_decide(
        proposal=proposal, meeting=None, officer=chair, outcome=Outcome.CLOSE, rationale=RATIONALE
    )
    report = services.closure_report_sign(proposal=proposal, officer=chair, password=PASSWORD)
    letter = services.cessation_letter_generate(proposal=proposal, officer=lead_officer, complainant=complainant)
    further = services.further_report_record(
        case=ceasable_case,
        officer=lead_officer,
        complainant=complainant,
        received_on=clock.today(),
        description="Loud music again on Saturday night.",
        assessment=Assessment.SAME,
        assessment_reason="The same flat and the same behaviour.",
    )
    further_text = pdf_text(documents.render_further_letter_pdf(further, LetterKind.FURTHER_UNRESOLVED, lead_officer))
    decided, held = day(clock.now()), day(meeting.starts_at)

    report_text = pdf_text(report.document.file.read())
    for expected in [
        f"Decision to close Written decision of the JAG chair, Chandra Chair, on {decided}, after the peer review",
        f"The JAG chair's rationale for closing the case {RATIONALE}",
        f"Leicester West JAG meeting of {held}: not unanimous",
        f"answered {decided}",
        f"Written decision of the JAG chair, outside a meeting, on {decided} · recorded by Chandra Chair",
    ]:
        assert expected in report_text, f"{expected!r} not in the closure report"
    assert f"Decision to close Leicester West JAG meeting of {held}" not in report_text
    letter_text = pdf_text(letter.document.file.read())
    assert (
        f"On {decided}, after a peer review of your case by reviewers from outside the Leicester West JAG, the chair "
        "of the Leicester West JAG decided that nothing further can reasonably be offered to resolve the problem you "
        "reported." in letter_text
    )
    assert "At its meeting" not in letter_text
    assert (
        f"On {decided}, after a peer review of your case by reviewers from outside the Leicester West JAG, the chair "
        "of the Leicester West JAG decided that nothing further could reasonably be offered" in further_text
    )


# --- Appendix A ---------------------------------------------------------------------------------------------------


def test_appendix_a_has_the_seven_sections_of_the_form(plan, ceasable_case):
    text = pdf_text(documents.render_appendix_a_pdf(plan))

    headings = [
        "1. Case details",
        "2. Information and intelligence (what we know)",
        "3. Vulnerability / threat of harm",
        "4. Options of support, powers and policies",
        "5. Actions taken",
        "6. Review",
        "7. Revise",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for expected in [
        "Case Management Process Form",
        f"Case number {ceasable_case.reference}",
        "Lead officer completing the form Lena Lead, Leicester City Council",
        "Loud music and shouting from number 16, most nights since March.",
        "Who is at risk Mrs Ellison at number 14",
        "Are children involved? No",
        "Mediation offered; GP referral for sleep problems.",
        "Warning letter, mediation, noise monitoring.",
    ]:
        assert expected in text, f"{expected!r} not in Appendix A"


def test_appendix_a_of_an_earlier_version_shows_that_version(plan, ceasable_case, lead_officer):
    second = plan_save(
        case=ceasable_case,
        officer=lead_officer,
        overview="Music has stopped; shouting continues at weekends.",
        who_is_at_risk="Mrs Ellison at number 14",
        risk_from="The tenant of number 16",
        children_involved=True,
        safeguarding_considered=True,
        actions="CPW issued.",
    )

    first_text = pdf_text(documents.render_appendix_a_pdf(plan))
    second_text = pdf_text(documents.render_appendix_a_pdf(second))

    completed = timezone.localtime(plan.created_at)
    assert "Version 1 (a later version, 2, replaces it)" in first_text
    assert (
        f"Completed by Lena Lead, Leicester City Council, on {completed:%-d %B %Y} at {completed:%H:%M}" in first_text
    )
    assert "Loud music and shouting from number 16" in first_text
    assert "Music has stopped" not in first_text
    assert "Version 2 (the current version; 1 earlier version kept)" in second_text
    assert "Music has stopped; shouting continues at weekends." in second_text
    assert "If yes, has a welfare check or safeguarding referral been considered? Yes" in second_text


def test_appendix_a_lists_each_action_with_its_owner_and_due_date(
    tmp_path, ceasable_case, lead_officer, lead_agency, partner_agency, partner_officer
):
    due, later = clock.today() + datetime.timedelta(days=14), clock.today() + datetime.timedelta(days=45)
    plan = plan_save(
        case=ceasable_case,
        officer=lead_officer,
        overview="Loud music.",
        who_is_at_risk="Mrs Ellison",
        risk_from="The tenant of number 16",
        children_involved=False,
        actions="Warning letter and patrols.",
        planned_actions=[
            {"description": "Send the warning letter", "agency": lead_agency, "officer": None, "due_on": due},
            {
                "description": "Patrol on Friday nights",
                "agency": partner_agency,
                "officer": partner_officer,
                "due_on": later,
            },
        ],
    )

    content = documents.render_appendix_a_pdf(plan)
    text = pdf_text(content)
    (tmp_path / "appendix-a.pdf").write_bytes(content)

    section = text[text.index("5. Actions taken") : text.index("6. Review")]
    assert "Actions, owners and due dates" in section
    assert "Action Owner Due" in section
    assert f"1. Send the warning letter Leicester City Council {due:%-d %B %Y}" in section
    assert f"2. Patrol on Friday nights Priya Partner, Leicestershire Police {later:%-d %B %Y}" in section


# --- The case review pack -----------------------------------------------------------------------------------------


@pytest.fixture
def letter(ceased, complainant, lead_officer):
    return services.cessation_letter_generate(proposal=ceased.proposal, officer=lead_officer, complainant=complainant)


def test_case_review_pack_has_the_record_and_each_cessation_documents_hash(
    ceased, letter, ceasable_case, chair, complainant, perpetrator
):
    printed_at = datetime.datetime(2026, 3, 20, 9, 15, tzinfo=LONDON)
    proposal = ceased.proposal

    content = documents.render_case_review_pack_pdf(ceasable_case, viewer=chair, printed_at=printed_at)

    pages = page_texts(content)
    cover, text = pages[0], " ".join(pages)
    for expected in [
        "Case review pack",
        f"Case {ceasable_case.reference}",
        "Status Closed: unresolved (ceased)",
        "Printed by Chandra Chair, Leicester Community Safety Partnership",
        "Printed at 20 March 2026 at 09:15",
        "10. Full chronology",
    ]:
        assert expected in cover, f"{expected!r} not on the cover"
    for expected in [
        "2. People on the case",
        f"{complainant.full_name}, born",
        "Darren Whitfield, born 30 August 1994",
        "3. Agencies involved",
        "4. Risk history",
        "5. Problem-solving plan (Appendix A)",
        "Case number " + ceasable_case.reference,
        "6. Interventions used on each perpetrator",
        "First warning letter 1",
        "7. JAG decisions",
        RATIONALE,
        "8. Cessation record",
        "Cessation proposal 1: Ceased: case closed as unresolved",
        REASONING,
        FINDINGS,
        "Closure report, version 1",
        f"Signed by Chandra Chair, {ceased.signer_role}",
        f"Cessation letter to {complainant.full_name}",
        "9. Documents and their SHA-256 fingerprints",
        f"SHA-256 {proposal.document.sha256}",
        f"SHA-256 {ceased.sha256}",
        f"SHA-256 {letter.document.sha256}",
    ]:
        assert expected in text, f"{expected!r} not in the pack"


def test_case_review_pack_has_the_full_chronology_numbered_with_corrections(ceasable_case, chair, lead_officer):
    visit = ChronologyEntry.objects.get(case=ceasable_case, kind=EntryKind.VISIT)
    chronology_correct(entry=visit, officer=lead_officer, text="The visit was to Mrs Ellison and her son.")
    entries = list(ChronologyEntry.objects.filter(case=ceasable_case).order_by("occurred_at", "id"))

    text = pdf_text(documents.render_case_review_pack_pdf(ceasable_case, viewer=chair))

    chronology = text[text.index("Chronology, entries 1 to") :]
    numbers = [int(n) for n in re.findall(ENTRY_START, chronology)]
    assert numbers == list(range(1, len(entries) + 1))
    visit_number = entries.index(visit) + 1
    correction_number = len(entries)
    visit_day = timezone.localtime(visit.occurred_at)
    assert (
        f"#{visit_number} · {visit_day:%-d %b %Y %H:%M} · Visit · Leicester City Council (Lena Lead) · recorded "
        in chronology
    )
    assert f"corrected by #{correction_number} Home visit to Mrs Ellison; mediation offered and declined." in chronology
    assert (
        f"#{correction_number} · " in chronology
        and f"· Correction of #{visit_number} · Leicester City Council (Lena Lead) The visit was to Mrs Ellison and "
        "her son."
        in chronology
    )


def test_case_review_pack_pages_are_numbered_through_all_its_parts(ceasable_case, chair):
    pages = page_texts(documents.render_case_review_pack_pdf(ceasable_case, viewer=chair))

    assert [f"Page {i} of {len(pages)}" in page for i, page in enumerate(pages, start=1)] == [True] * len(pages)


def test_case_review_pack_of_a_long_chronology_keeps_every_entry_in_order_across_its_parts(
    ceasable_case, chair, lead_officer
):
    start = clock.now() - datetime.timedelta(days=700)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=ceasable_case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=6 * n),
            agency=lead_officer.agency,
            officer=lead_officer,
            text=f"Diary sheet {n} collected from the complainant; incidents continue most evenings.",
        )
        for n in range(1, 481)
    )
    total = ChronologyEntry.objects.filter(case=ceasable_case).count()

    content = documents.render_case_review_pack_pdf(ceasable_case, viewer=chair)

    text = pdf_text(content)
    chronology = text[text.index("Chronology, entries 1 to") :]
    assert [int(n) for n in re.findall(ENTRY_START, chronology)] == list(range(1, total + 1))
    diary = [int(n) for n in re.findall(r"Diary sheet (\d+) collected", chronology)]
    assert diary == list(range(1, 481))


def test_pack_chronology_is_cut_from_the_oldest_entry_into_chunks_of_the_same_work():
    def entry(n: int, chars: int) -> pack.PackEntry:
        return pack.PackEntry(
            n, "1 Mar 2026 10:00", "Note", "Leicester City Council", "Lena Lead", "x" * chars, "", None, []
        )

    # 2,000 entries each costing one (175 characters): eight chunks of 250.
    entries = [entry(n, 175) for n in range(1, 2001)]
    chunks = pack.plan_chunks(entries, 250)
    assert [entry.number for chunk in chunks for entry in chunk] == list(range(1, 2001))
    assert [len(chunk) for chunk in chunks] == [250] * 8
    # Longer entries cost more: the first thousand, three times the work each, go into shorter chunks.
    mixed = [entry(n, 875 if n <= 1000 else 175) for n in range(1, 2001)]
    assert [len(chunk) for chunk in pack.plan_chunks(mixed, 500)] == [167, 167, 167, 167, 167, 170, 500, 495]
    # Entries added later change only the last chunk: the cuts before it stay where they were.
    longer = [entry(n, 175) for n in range(1, 2121)]
    assert pack.plan_chunks(longer, 250)[:8] == chunks
    assert [len(chunk) for chunk in pack.plan_chunks(longer, 250)] == [250] * 8 + [120]
    # A short chronology is one chunk; none is none.
    assert pack.plan_chunks(entries[:100], 250) == [entries[:100]]
    assert pack.plan_chunks([], 250) == []


def test_pack_parts_are_the_front_matter_then_the_chronology_in_order(ceasable_case, chair, lead_officer):
    start = clock.now() - datetime.timedelta(days=300)
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(
            case=ceasable_case,
            kind=EntryKind.NOTE,
            occurred_at=start + datetime.timedelta(hours=n),
            agency=lead_officer.agency,
            officer=lead_officer,
            text=f"Diary sheet {n} collected.",
        )
        for n in range(1, 121)
    )

    parts = pack.case_review_pack_parts(ceasable_case, viewer=chair, chunk_cost=20)

    assert "Case review pack" in parts.front_html and "Diary sheet" not in parts.front_html
    assert len(parts.chunks) > 3
    sheets = [int(n) for chunk in parts.chunks for n in re.findall(r"Diary sheet (\d+) collected", chunk.html)]
    assert sheets == list(range(1, 121))
    total = ChronologyEntry.objects.filter(case=ceasable_case).count()
    bounds = [(chunk.first, chunk.last) for chunk in parts.chunks]
    assert bounds[0][0] == 1 and bounds[-1][1] == total
    assert all(last + 1 == first for (_, last), (first, _) in zip(bounds, bounds[1:], strict=False))
    # Who prints the pack, and when, is only in the front matter and the line laid over the chronology's pages: the
    # chunks are the record alone, the same for every reader and every day they print it.
    assert "Chandra Chair" in parts.printed_html and "Chandra Chair" not in "".join(c.html for c in parts.chunks)
    later = pack.case_review_pack_parts(
        ceasable_case, viewer=lead_officer, printed_at=clock.now() + datetime.timedelta(days=3), chunk_cost=20
    )
    assert [chunk.fingerprint for chunk in later.chunks] == [chunk.fingerprint for chunk in parts.chunks]
    assert later.printed_html != parts.printed_html
