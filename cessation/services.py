"""Every write of the cessation workflow. Each step locks the proposal (or report) row, checks the rules
(cessation/rules.py) and who is acting (cessation/permissions.py), and writes its chronology entry and audit event
in the same transaction."""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse

from agencies.models import Agency, AuditAction, Notification, Officer
from agencies.roles import role_group_name
from cases.meetings.services import agenda_put_case, meeting_date
from cases.models import AgendaItem, AgendaReason, Case, CaseStatus, EntryKind, Person, PersonRole
from cases.record import audit_case, write_entry
from cases.selectors import case_people_in_role
from cases.services import case_add_agency, case_add_person, case_cease, case_open, document_store
from core import clock
from core.dates import long_date, start_of_day
from jag.models import Jag, Meeting, MeetingAttendance, MeetingStatus

from . import documents
from .models import (
    FURTHER_LETTER_KINDS,
    AgencyPosition,
    Assessment,
    CessationProposal,
    ClosureReport,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    JagDecision,
    LetterKind,
    Outcome,
    PeerReview,
    Position,
    ProposalStatus,
    Recommendation,
    ReviewerKind,
    ReviewOutcome,
    VisitStatus,
)
from .permissions import (
    FURTHER_REPORT_REVIEWER_ROLES,
    county_reviewers,
    eligible_reviewers,
    further_report_reviewer_role,
    may_chair,
    may_propose,
    may_review_further_report,
    may_run,
    own_jag_officer_ids,
)
from .rules import Step, positions_missing, positions_split, proposal_missing, require, unanimous_for_closure

PDF = "application/pdf"
MAX_REVIEW_ACCESS_DAYS = 90


class ConcurrentChangeError(Exception):
    """Someone else changed the record after this form was opened."""


@dataclass(frozen=True)
class PositionInput:
    agency: Agency
    position: str
    comment: str = ""


def _lock(proposal: CessationProposal) -> CessationProposal:
    return (
        CessationProposal.objects.select_for_update(of=("self",))
        .select_related("case__jag", "case__lead_agency", "case__lead_officer", "plan_version")
        .get(pk=proposal.pk)
    )


def _set_status(proposal: CessationProposal, status: str, *, ended: bool = False) -> None:
    proposal.status = status
    proposal.version += 1
    fields = ["status", "version"]
    if ended:
        proposal.ended_at = clock.now()
        fields.append("ended_at")
    proposal.save(update_fields=fields)


def _notify(officers, text: str, url: str, event_key: str) -> None:
    """An in-app notification to each officer, once per event."""
    for officer in {o.pk: o for o in officers if o is not None and o.is_active}.values():
        Notification.objects.get_or_create(
            recipient=officer, event_key=event_key[:120], defaults={"text": text[:500], "url": url[:300]}
        )


def proposal_url(proposal: CessationProposal) -> str:
    return reverse("cessation:proposal", kwargs={"reference": proposal.case.reference, "number": proposal.number})


# --- Proposal --------------------------------------------------------------------------------------------------


@transaction.atomic
def cessation_propose(*, case: Case, officer: Officer, reasoning: str) -> CessationProposal:
    """The lead agency proposes to cease a long-standing case that has a plan; it goes onto the JAG's next agenda."""
    case = Case.objects.select_for_update().select_related("jag", "lead_agency", "lead_officer").get(pk=case.pk)
    if not may_propose(officer, case):
        raise PermissionDenied("Only the lead agency proposes cessation")
    missing = proposal_missing(case)
    if missing:
        raise ValidationError(missing)
    reasoning = reasoning.strip()
    if not reasoning:
        raise ValidationError({"reasoning": "Enter the lead agency's reasoning for cessation"})
    number = (CessationProposal.objects.filter(case=case).aggregate(n=models.Max("number"))["n"] or 0) + 1
    proposal = CessationProposal(
        case=case,
        number=number,
        plan_version=case.plan_versions.order_by("-number").first(),
        reasoning=reasoning,
        proposed_by=officer,
    )
    proposal.full_clean(exclude=["document"])
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError("A cessation proposal is already in progress on this case") from None
    proposal.document = document_store(
        case=case,
        officer=officer,
        content=documents.render_proposal_pdf(proposal),
        filename=f"{case.reference}-cessation-proposal-{number}.pdf",
        content_type=PDF,
        title=f"Cessation proposal {number}",
        description="The lead agency's reasoning and the collated summary, as submitted to the JAG.",
    )
    proposal.save(update_fields=["document"])
    item = agenda_put_case(case=case, reason=AgendaReason.CESSATION_PROPOSAL, officer=officer)
    where = f"the agenda of the {item.meeting}" if item else f"the next agenda of {case.jag}"
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Cessation proposed by {case.lead_agency} ({officer.display_name}); it goes onto {where}. "
        f"Reasoning: {reasoning}",
    )
    audit_case(officer, AuditAction.CREATE, f"Proposed cessation ({number})", case, obj=proposal)
    _notify(
        [case.jag.chair],
        f"Cessation proposed on {case.reference} by {case.lead_agency.short_name}: awaiting the JAG's decision",
        proposal_url(proposal),
        f"cessation:{proposal.pk}:proposed",
    )
    return proposal


@transaction.atomic
def cessation_withdraw(*, proposal: CessationProposal, officer: Officer, reason: str) -> CessationProposal:
    proposal = _lock(proposal)
    if not may_propose(officer, proposal.case):
        raise PermissionDenied("Only the lead agency withdraws its proposal")
    require(proposal, Step.WITHDRAW)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the proposal is withdrawn"})
    proposal.withdrawn_reason = reason
    proposal.save(update_fields=["withdrawn_reason"])
    _set_status(proposal, ProposalStatus.WITHDRAWN, ended=True)
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Cessation proposal {proposal.number} withdrawn by {proposal.case.lead_agency}: {reason}",
    )
    audit_case(officer, AuditAction.CHANGE, f"Withdrew cessation proposal {proposal.number}", proposal.case, proposal)
    return proposal


# --- The JAG at a meeting --------------------------------------------------------------------------------------


def _check_meeting(proposal: CessationProposal, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_related("jag").get(pk=meeting.pk)
    if meeting.jag_id != proposal.case.jag_id or meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(f"Choose a meeting of {proposal.case.jag}")
    if not AgendaItem.objects.filter(meeting=meeting, case_id=proposal.case_id).exists():
        raise ValidationError(f"Put {proposal.case.reference} on the agenda of this meeting first")
    return meeting


def present_agency_ids(meeting: Meeting) -> list[int]:
    return list(MeetingAttendance.objects.filter(meeting=meeting, present=True).values_list("agency_id", flat=True))


def meeting_positions(proposal: CessationProposal, meeting: Meeting) -> dict[int, str]:
    return dict(AgencyPosition.objects.filter(proposal=proposal, meeting=meeting).values_list("agency_id", "position"))


@transaction.atomic
def positions_record(
    *, proposal: CessationProposal, meeting: Meeting, officer: Officer, rows: list[PositionInput]
) -> list[AgencyPosition]:
    """Record where each agency present at the meeting stands (a later record for an agency replaces its earlier
    one at the same meeting, until the JAG decides)."""
    proposal = _lock(proposal)
    if not may_run(officer, proposal):
        raise PermissionDenied("Only the JAG's chair or its members record the agencies' positions")
    require(proposal, Step.RECORD_POSITIONS)
    meeting = _check_meeting(proposal, meeting)
    present = set(present_agency_ids(meeting))
    if not present:
        raise ValidationError("Record who attended the meeting first: positions are those of the agencies present")
    errors = {}
    for row in rows:
        if row.agency.pk not in present:
            errors[f"position_{row.agency.pk}"] = f"{row.agency} was not present at this meeting"
        elif row.position not in Position.values:
            errors[f"position_{row.agency.pk}"] = f"Choose the position of {row.agency}"
    if not rows:
        raise ValidationError("Record the position of at least one agency present")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    saved = []
    on = f"{meeting.jag} meeting of {long_date(meeting_date(meeting))}"
    for row in rows:
        position, _ = AgencyPosition.objects.update_or_create(
            proposal=proposal,
            meeting=meeting,
            agency=row.agency,
            defaults={
                "position": row.position,
                "comment": row.comment.strip(),
                "recorded_by": officer,
                "recorded_at": now,
            },
        )
        position.full_clean()
        saved.append(position)
        comment = f" ({position.comment})" if position.comment else ""
        write_entry(
            case=proposal.case,
            officer=officer,
            kind=EntryKind.DECISION,
            text=f"Cessation proposal {proposal.number}, {on}: {row.agency} "
            f"{Position(row.position).label[0].lower() + Position(row.position).label[1:]}{comment}.",
        )
    audit_case(
        officer, AuditAction.CHANGE, f"Recorded {len(saved)} agency positions on cessation", proposal.case, proposal
    )
    return saved


def _decision_basis(proposal: CessationProposal, meeting: Meeting) -> tuple[set[int], dict[int, str]]:
    return set(present_agency_ids(meeting)), meeting_positions(proposal, meeting)


@transaction.atomic
def cessation_decide(
    *, proposal: CessationProposal, meeting: Meeting, officer: Officer, outcome: str, rationale: str
) -> JagDecision:
    """The chair records the JAG's decision: continue through existing processes, or close. Closing needs every
    agency present to support it, unless a peer review has been answered, which the JAG then decides with."""
    proposal = _lock(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG records the JAG's decision")
    require(proposal, Step.DECIDE)
    meeting = _check_meeting(proposal, meeting)
    rationale = rationale.strip()
    errors = {}
    if outcome not in (Outcome.CONTINUE, Outcome.CLOSE):
        errors["outcome"] = "Choose the JAG's decision"
    if not rationale:
        errors["rationale"] = "Enter the reasons for the decision"
    if errors:
        raise ValidationError(errors)
    present, positions = _decision_basis(proposal, meeting)
    unanimous = unanimous_for_closure(present, positions)
    review = proposal.peer_reviews.filter(answered_at__isnull=False).order_by("-answered_at").first()
    after_review = proposal.status == ProposalStatus.REVIEWED
    if outcome == Outcome.CLOSE and not after_review:
        if not present:
            raise ValidationError("Record who attended the meeting first: closing needs every agency present to agree")
        if positions_missing(present, positions):
            raise ValidationError(
                {"outcome": "Record the position of every agency present before deciding to close the case"}
            )
        if not unanimous:
            raise ValidationError(
                {
                    "outcome": "The agencies present are not unanimous: the case can be closed only by a unanimous "
                    "decision, or after a peer review"
                }
            )
    decision = JagDecision(
        proposal=proposal,
        meeting=meeting,
        outcome=outcome,
        rationale=rationale,
        unanimous=unanimous,
        after_peer_review=review if after_review else None,
        decided_by=officer,
    )
    decision.full_clean()
    decision.save()
    on = f"{meeting.jag} meeting of {long_date(meeting_date(meeting))}"
    if outcome == Outcome.CLOSE:
        _set_status(proposal, ProposalStatus.CLOSE_DECIDED)
        basis = "after the peer review" if after_review else "unanimously"
        text = f"JAG decision on cessation proposal {proposal.number} ({on}), {basis}: close the case, nothing "
        text += f"further can reasonably be offered. The closure report awaits the chair's signature. {rationale}"
    else:
        _set_status(proposal, ProposalStatus.CONTINUED, ended=True)
        text = f"JAG decision on cessation proposal {proposal.number} ({on}): resolve through existing processes; "
        text += f"the case continues. {rationale}"
    write_entry(case=proposal.case, officer=officer, kind=EntryKind.DECISION, text=text)
    audit_case(officer, AuditAction.CREATE, f"JAG decision on cessation: {outcome}", proposal.case, decision)
    _notify(
        [proposal.case.lead_officer, proposal.proposed_by],
        f"The JAG decided on the cessation proposal on {proposal.case.reference}: {Outcome(outcome).label}",
        proposal_url(proposal),
        f"cessation:{proposal.pk}:decision:{decision.pk}",
    )
    return decision


@transaction.atomic
def peer_review_request(
    *,
    proposal: CessationProposal,
    meeting: Meeting,
    officer: Officer,
    rationale: str,
    reviewer_kind: str,
    reviewer: Officer | None,
    reviewer_jag: Jag | None,
    access_until: datetime.date | None,
    questions: str = "",
) -> PeerReview:
    """No unanimity: the chair asks another locality's JAG or the County Community Safety Team for a peer review.
    The reviewer may read the case through the review until the end of `access_until`."""
    proposal = _lock(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG requests a peer review")
    require(proposal, Step.REQUEST_PEER_REVIEW)
    meeting = _check_meeting(proposal, meeting)
    present, positions = _decision_basis(proposal, meeting)
    if not present:
        raise ValidationError("Record who attended the meeting first")
    if positions_missing(present, positions):
        raise ValidationError("Record the position of every agency present before asking for a peer review")
    if not positions_split(positions):
        raise ValidationError(
            "The agencies present are unanimous: record the JAG's decision; a peer review is for when they are not"
        )
    case = proposal.case
    errors = {}
    rationale = rationale.strip()
    if not rationale:
        errors["rationale"] = "Enter why the JAG asks for a peer review"
    today = clock.today()
    if access_until is None:
        errors["access_until"] = "Enter the date the reviewer's access to the case ends"
    elif access_until <= today:
        errors["access_until"] = "The reviewer's access must end after today"
    elif access_until > today + datetime.timedelta(days=MAX_REVIEW_ACCESS_DAYS):
        errors["access_until"] = f"The reviewer's access can last at most {MAX_REVIEW_ACCESS_DAYS} days"
    own = own_jag_officer_ids(case)
    if reviewer_kind == ReviewerKind.JAG:
        if reviewer_jag is None:
            errors["reviewer_jag"] = "Choose the JAG asked to review"
        elif reviewer_jag.pk == case.jag_id:
            errors["reviewer_jag"] = (
                "Choose another locality's JAG: the peer review cannot come from the case's own JAG"
            )
        elif not reviewer_jag.is_active:
            errors["reviewer_jag"] = f"{reviewer_jag} is not active"
    elif reviewer_kind == ReviewerKind.COUNTY:
        reviewer_jag = None
    else:
        errors["reviewer_kind"] = "Choose who is asked to review"
    if reviewer is None:
        errors["reviewer"] = "Choose the reviewer"
    elif reviewer.pk in own:
        errors["reviewer"] = f"{reviewer.display_name} is the chair or a member of {case.jag}: the peer reviewer must "
        errors["reviewer"] += "not be from the case's own JAG"
    elif "reviewer_kind" not in errors and "reviewer_jag" not in errors:
        if (
            reviewer_kind == ReviewerKind.JAG
            and not eligible_reviewers(case, reviewer_jag).filter(pk=reviewer.pk).exists()
        ):
            errors["reviewer"] = f"{reviewer.display_name} is not the chair or a member of {reviewer_jag}"
        if reviewer_kind == ReviewerKind.COUNTY and not county_reviewers(case).filter(pk=reviewer.pk).exists():
            errors["reviewer"] = f"{reviewer.display_name} is not in the County Community Safety Team"
    if errors:
        raise ValidationError(errors)

    decision = JagDecision(
        proposal=proposal,
        meeting=meeting,
        outcome=Outcome.PEER_REVIEW,
        rationale=rationale,
        unanimous=False,
        decided_by=officer,
    )
    decision.full_clean()
    decision.save()
    review = PeerReview(
        proposal=proposal,
        requested_by=officer,
        reviewer_kind=reviewer_kind,
        reviewer_jag=reviewer_jag,
        reviewer=reviewer,
        questions=questions.strip(),
        access_until=start_of_day(access_until + datetime.timedelta(days=1)),
    )
    review.full_clean()
    review.save()
    _set_status(proposal, ProposalStatus.PEER_REVIEW)
    by = reviewer_jag.name if reviewer_jag else ReviewerKind.COUNTY.label
    on = f"{meeting.jag} meeting of {long_date(meeting_date(meeting))}"
    write_entry(
        case=case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"JAG decision on cessation proposal {proposal.number} ({on}): the agencies present are not unanimous; "
        f"peer review requested from {by} ({reviewer.display_name}), with read access to this case until "
        f"{long_date(access_until)}. {rationale}",
    )
    audit_case(officer, AuditAction.CREATE, f"Requested a peer review from {reviewer.display_name}", case, review)
    _notify(
        [reviewer],
        f"Peer review requested: cessation proposal on {case.reference} ({case.jag}), access until "
        f"{long_date(access_until)}",
        reverse("cessation:review", kwargs={"pk": review.pk}),
        f"cessation:review:{review.pk}",
    )
    return review


@transaction.atomic
def peer_review_answer(
    *,
    review: PeerReview,
    officer: Officer,
    reasonable: bool | None,
    proportionate: bool | None,
    appropriate: bool | None,
    findings: str,
    recommendation: str,
) -> PeerReview:
    review = PeerReview.objects.select_for_update(of=("self",)).select_related("reviewer_jag").get(pk=review.pk)
    proposal = _lock(review.proposal)
    if review.reviewer_id != officer.pk:
        raise PermissionDenied("Only the named reviewer answers the peer review")
    if not review.access_open():
        raise PermissionDenied("The reviewer's access to this case has ended")
    if review.answered_at is not None:
        raise ValidationError("This peer review has already been answered")
    require(proposal, Step.ANSWER_PEER_REVIEW)
    errors = {}
    for name, value, question in (
        ("reasonable", reasonable, "reasonable"),
        ("proportionate", proportionate, "proportionate"),
        ("appropriate", appropriate, "appropriate"),
    ):
        if value is None:
            errors[name] = f"Say whether the interventions were {question}"
    findings = findings.strip()
    if not findings:
        errors["findings"] = "Enter your findings"
    if recommendation not in Recommendation.values:
        errors["recommendation"] = "Choose your recommendation"
    if errors:
        raise ValidationError(errors)
    review.reasonable, review.proportionate, review.appropriate = reasonable, proportionate, appropriate
    review.findings, review.recommendation, review.answered_at = findings, recommendation, clock.now()
    review.full_clean()
    review.save()
    _set_status(proposal, ProposalStatus.REVIEWED)

    def yes_no(value: bool) -> str:
        return "yes" if value else "no"

    by = review.reviewer_jag.name if review.reviewer_jag else ReviewerKind.COUNTY.label
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Peer review of cessation proposal {proposal.number} answered by {officer.display_name} ({by}). "
        f"Reasonable: {yes_no(reasonable)}; proportionate: {yes_no(proportionate)}; appropriate: "
        f"{yes_no(appropriate)}. Recommendation: {Recommendation(recommendation).label}. Findings: {findings}",
    )
    audit_case(officer, AuditAction.CHANGE, "Answered the peer review", proposal.case, review)
    _notify(
        [proposal.case.jag.chair, proposal.case.lead_officer],
        f"The peer review of the cessation proposal on {proposal.case.reference} has been answered",
        proposal_url(proposal),
        f"cessation:review:{review.pk}:answered",
    )
    return review


# --- Closure report --------------------------------------------------------------------------------------------


def signer_role(officer: Officer, proposal: CessationProposal) -> str:
    return f"Chair, {proposal.case.jag}"


def _check_password(officer: Officer, password: str) -> None:
    if not password or not officer.check_password(password):
        raise ValidationError({"password": "The password is not right: enter your own password to sign"})


def _sign(proposal: CessationProposal, officer: Officer, reason: str = "") -> ClosureReport:
    number = (proposal.closure_reports.aggregate(n=models.Max("number"))["n"] or 0) + 1
    signed_at = clock.now()
    role = signer_role(officer, proposal)
    content = documents.render_closure_report_pdf(
        proposal, number=number, signer=officer, signed_at=signed_at, signer_role=role
    )
    reference = proposal.case.reference
    suffix = "" if number == 1 else f", version {number}"
    document = document_store(
        case=proposal.case,
        officer=officer,
        content=content,
        filename=f"{reference}-closure-report-{proposal.number}-v{number}.pdf",
        content_type=PDF,
        title=f"Closure report (signed){suffix}",
        description=f"Signed by {officer.display_name}, {role}." + (f" New version: {reason}" if reason else ""),
    )
    report = ClosureReport(
        proposal=proposal,
        number=number,
        document=document,
        sha256=hashlib.sha256(content).hexdigest(),
        signed_by=officer,
        signed_at=signed_at,
        signer_name=officer.display_name,
        signer_role=role,
        new_version_reason=reason,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def closure_report_sign(*, proposal: CessationProposal, officer: Officer, password: str) -> ClosureReport:
    """The chair signs the closure report by re-entering their password; the case is then closed as unresolved
    (ceased). The proposal row is locked, so a second signature (another tab, another chair) waits and is refused."""
    proposal = _lock(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG signs the closure report")
    require(proposal, Step.SIGN)
    _check_password(officer, password)
    report = _sign(proposal, officer)
    _set_status(proposal, ProposalStatus.CEASED, ended=True)
    case_cease(
        case=proposal.case,
        officer=officer,
        text=f"Closure report signed by {officer.display_name} ({report.signer_role}), SHA-256 {report.sha256}. "
        "Case closed as unresolved (ceased): no further active investigation.",
    )
    audit_case(officer, AuditAction.CREATE, "Signed the closure report", proposal.case, report)
    _notify(
        [proposal.case.lead_officer, proposal.proposed_by],
        f"{proposal.case.reference} has been ceased: write to the complainant",
        proposal_url(proposal),
        f"cessation:{proposal.pk}:signed",
    )
    return report


@transaction.atomic
def closure_report_new_version(
    *, proposal: CessationProposal, officer: Officer, password: str, reason: str
) -> ClosureReport:
    """A corrected closure report: a new signed document; the earlier versions stay as they were signed."""
    proposal = _lock(proposal)
    if not may_chair(officer, proposal):
        raise PermissionDenied("Only the chair of the case's JAG signs the closure report")
    require(proposal, Step.NEW_REPORT_VERSION)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why a new version is needed"})
    _check_password(officer, password)
    report = _sign(proposal, officer, reason)
    write_entry(
        case=proposal.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Closure report version {report.number} signed by {officer.display_name}, SHA-256 {report.sha256}. "
        f"Why: {reason}",
    )
    audit_case(officer, AuditAction.CREATE, f"Signed closure report version {report.number}", proposal.case, report)
    return report


# --- Letters ---------------------------------------------------------------------------------------------------


def _check_complainant(case: Case, complainant: Person | None, field: str = "complainant") -> None:
    if complainant is None or not case_people_in_role(case, PersonRole.COMPLAINANT).filter(pk=complainant.pk).exists():
        raise ValidationError({field: "Choose a complainant on this case"})


@transaction.atomic
def cessation_letter_generate(
    *, proposal: CessationProposal, officer: Officer, complainant: Person
) -> ComplainantLetter:
    """The letter to a complainant confirming the partners' position, on the lead agency's letterhead."""
    proposal = _lock(proposal)
    if officer.agency_id != proposal.case.lead_agency_id:
        raise PermissionDenied("The lead agency writes to the complainant")
    require(proposal, Step.WRITE_LETTER)
    _check_complainant(proposal.case, complainant)
    return _letter_keep(
        letter=ComplainantLetter(kind=LetterKind.CESSATION, proposal=proposal, complainant=complainant),
        case=proposal.case,
        officer=officer,
        content=documents.render_cessation_letter_pdf(proposal, complainant, officer),
        filename=f"{proposal.case.reference}-cessation-letter-{complainant.last_name.lower()}.pdf",
        title=f"Cessation letter to {complainant.full_name}",
        entry=f"Cessation letter to {complainant.full_name} generated on {proposal.case.lead_agency} letterhead: no "
        "further active investigation, the case is filed as unresolved; how to complain and the ASB Case Review.",
        audit=f"Generated the cessation letter to {complainant.full_name}",
    )


def _letter_keep(
    *,
    letter: ComplainantLetter,
    case: Case,
    officer: Officer,
    content: bytes,
    filename: str,
    title: str,
    entry: str,
    audit: str,
    description: str = "",
) -> ComplainantLetter:
    """Keep a rendered letter on the case as a document and record it, on the chronology and in the audit trail."""
    letter.case, letter.generated_by = case, officer
    letter.document = document_store(
        case=case,
        officer=officer,
        content=content,
        filename=filename,
        content_type=PDF,
        title=title,
        description=description,
    )
    letter.full_clean()
    letter.save()
    write_entry(case=case, officer=officer, kind=EntryKind.LETTER, text=entry)
    audit_case(officer, AuditAction.CREATE, audit, case, letter)
    return letter


@transaction.atomic
def letter_visit_record(
    *,
    letter: ComplainantLetter,
    officer: Officer,
    expected_version: int,
    visit_status: str,
    visit_on: datetime.date | None,
    visit_agencies: str,
    visit_reason: str,
) -> ComplainantLetter:
    """Whether a joint-agency visit to hand-deliver and explain the letter was made, is planned, or was judged not
    appropriate, and why. A planned visit is later recorded as made (or not)."""
    letter = ComplainantLetter.objects.select_for_update().select_related("case", "complainant").get(pk=letter.pk)
    if officer.agency_id != letter.case.lead_agency_id:
        raise PermissionDenied("The lead agency records the joint-agency visit")
    if letter.kind != LetterKind.CESSATION:
        raise ValidationError("A joint-agency visit is recorded for the cessation letter")
    if letter.version != expected_version:
        raise ConcurrentChangeError("Someone else recorded the visit after you opened this form")
    errors = {}
    visit_reason = visit_reason.strip()
    today = clock.today()
    if visit_status not in VisitStatus.values:
        errors["visit_status"] = "Choose whether the visit was made, is planned or was judged not appropriate"
    elif visit_status == VisitStatus.MADE:
        if visit_on is None:
            errors["visit_on"] = "Enter the date of the visit"
        elif visit_on > today:
            errors["visit_on"] = "A visit that was made must be dated today or earlier"
    elif visit_status == VisitStatus.PLANNED:
        if visit_on is None:
            errors["visit_on"] = "Enter the date the visit is planned for"
        elif visit_on < today:
            errors["visit_on"] = "A planned visit must be today or later"
    if visit_status == VisitStatus.NOT_APPROPRIATE:
        visit_on = None
    if not visit_reason:
        errors["visit_reason"] = "Enter why"
    if errors:
        raise ValidationError(errors)
    letter.visit_status, letter.visit_on = visit_status, visit_on
    letter.visit_agencies, letter.visit_reason = visit_agencies.strip(), visit_reason
    letter.visit_recorded_by, letter.visit_recorded_at = officer, clock.now()
    letter.version = F("version") + 1
    letter.full_clean(exclude=["version"])
    letter.save()
    letter.refresh_from_db()
    when = f" on {long_date(visit_on)}" if visit_on else ""
    agencies = f" with {letter.visit_agencies}" if letter.visit_agencies else ""
    write_entry(
        case=letter.case,
        officer=officer,
        kind=EntryKind.VISIT if visit_status == VisitStatus.MADE else EntryKind.NOTE,
        text=f"Joint-agency visit to hand-deliver the cessation letter to {letter.complainant.full_name}: "
        f"{VisitStatus(visit_status).label.lower()}{when}{agencies}. Why: {visit_reason}",
    )
    audit_case(officer, AuditAction.CHANGE, "Recorded the joint-agency visit", letter.case, letter)
    return letter


# --- Further reports after cessation ---------------------------------------------------------------------------


def _open_linked_case(report: FurtherReport, officer: Officer, why: str) -> Case:
    """A further report treated as a first-time report: a new case, linked to the ceased one for context."""
    ceased = report.case
    lead_agency = officer.agency if officer.agency_id else ceased.lead_agency
    new_case = case_open(
        officer=officer,
        address=ceased.address,
        postcode=ceased.postcode,
        ward=ceased.ward,
        category=ceased.category,
        hate_incident=ceased.hate_incident,
        jag=ceased.jag,
        lead_agency=lead_agency,
        lead_officer=officer,
        summary=f"Further report received {long_date(report.received_on)} from {report.complainant.full_name}, after "
        f"{ceased.reference} was ceased ({why}): {report.description}"[:5000],
    )
    case_add_person(case=new_case, officer=officer, person=report.complainant, role=PersonRole.COMPLAINANT)
    if lead_agency.pk != ceased.lead_agency_id:
        case_add_agency(case=new_case, officer=officer, agency=ceased.lead_agency)
    write_entry(
        case=new_case,
        officer=officer,
        text=f"Opened from a further report on ceased case {ceased.reference}, which is linked for context.",
    )
    return new_case


@transaction.atomic
def further_report_record(
    *,
    case: Case,
    officer: Officer,
    complainant: Person | None,
    received_on: datetime.date | None,
    description: str,
    assessment: str,
    assessment_reason: str,
) -> FurtherReport:
    """Record and assess a new complaint on a ceased case: unrelated opens a new case as a first-time report;
    the same circumstances go to the LPU commander and the LA community safety manager."""
    case = Case.objects.select_for_update().select_related("jag", "lead_agency", "category").get(pk=case.pk)
    if case.status != CaseStatus.CEASED:
        raise ValidationError("Further reports after cessation are recorded on a ceased case")
    errors = {}
    try:
        _check_complainant(case, complainant)
    except ValidationError as error:
        errors.update(error.message_dict)
    description, assessment_reason = description.strip(), assessment_reason.strip()
    if received_on is None:
        errors["received_on"] = "Enter the date the report was received"
    elif received_on > clock.today():
        errors["received_on"] = "The date received must be today or earlier"
    if not description:
        errors["description"] = "Enter what was reported"
    if assessment not in Assessment.values:
        errors["assessment"] = "Choose whether the report is unrelated or about the same circumstances"
    if not assessment_reason:
        errors["assessment_reason"] = "Enter why"
    if errors:
        raise ValidationError(errors)
    report = FurtherReport(
        case=case,
        complainant=complainant,
        received_on=received_on,
        description=description,
        assessment=assessment,
        assessment_reason=assessment_reason,
        status=FurtherReportStatus.AWAITING_REVIEW,
        recorded_by=officer,
    )
    if assessment == Assessment.UNRELATED:
        report.status = FurtherReportStatus.NEW_CASE
        report.new_case = _open_linked_case(report, officer, "assessed as unrelated")
    report.full_clean()
    report.save()
    head = f"Further report after cessation from {complainant.full_name}, received {long_date(received_on)}: {description} "
    if report.new_case:
        text = head + f"Assessed as unrelated ({assessment_reason}): opened as new case {report.new_case.reference}."
    else:
        text = head + (
            f"Assessed as the same circumstances ({assessment_reason}): referred to the LPU commander and the LA "
            "community safety manager for review."
        )
    write_entry(case=case, officer=officer, text=text)
    audit_case(officer, AuditAction.CREATE, "Recorded a further report after cessation", case, report)
    if report.status == FurtherReportStatus.AWAITING_REVIEW:
        _notify(
            further_report_reviewers(case),
            f"Further report on ceased case {case.reference}: same circumstances, for your review",
            reverse("cessation:further_report", kwargs={"pk": report.pk}),
            f"cessation:further:{report.pk}",
        )
    return report


def further_report_reviewers(case: Case):
    return Officer.objects.filter(
        groups__name__in=[role_group_name(r) for r in FURTHER_REPORT_REVIEWER_ROLES],
        agency__in=case.jag.member_agencies.all(),
        is_active=True,
    ).distinct()


@transaction.atomic
def further_report_review(
    *, report: FurtherReport, officer: Officer, outcome: str, notes: str, letter_kind: str = ""
) -> FurtherReport:
    """The LPU commander or LA community safety manager reviews a further report on the same circumstances:
    closes it with no further action (and the complainant gets the further letter of `letter_kind`), or finds
    action is needed and opens a new case."""
    report = (
        FurtherReport.objects.select_for_update(of=("self",))
        .select_related("case__jag", "case__lead_agency", "case__category", "complainant")
        .get(pk=report.pk)
    )
    if not may_review_further_report(officer, report):
        raise PermissionDenied("Only the LPU commander or the LA community safety manager reviews further reports")
    if report.status != FurtherReportStatus.AWAITING_REVIEW:
        raise ValidationError("This further report has already been dealt with")
    errors = {}
    notes = notes.strip()
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = "Choose the outcome of the review"
    if not notes:
        errors["notes"] = "Enter the reasons for the outcome"
    if outcome == ReviewOutcome.NO_FURTHER_ACTION and letter_kind not in FURTHER_LETTER_KINDS:
        errors["letter_kind"] = "Choose which letter explains to the complainant why no action is taken"
    if errors:
        raise ValidationError(errors)
    report.review_outcome, report.review_notes = outcome, notes
    report.reviewed_by, report.reviewed_at = officer, clock.now()
    report.reviewer_role = further_report_reviewer_role(officer)
    report.version += 1
    by = f"{officer.display_name} ({report.reviewer_role})"
    if outcome == ReviewOutcome.NO_FURTHER_ACTION:
        report.status = FurtherReportStatus.CLOSED_NFA
        report.full_clean()
        report.save()
        write_entry(
            case=report.case,
            officer=officer,
            kind=EntryKind.DECISION,
            text=f"Further report of {long_date(report.received_on)} reviewed by {by}: closed with no further action. "
            f"{notes}",
        )
        further_letter_generate(report=report, officer=officer, kind=letter_kind)
    else:
        report.status = FurtherReportStatus.NEW_CASE
        report.new_case = _open_linked_case(report, officer, f"action needed after review by {by}")
        report.full_clean()
        report.save()
        write_entry(
            case=report.case,
            officer=officer,
            kind=EntryKind.DECISION,
            text=f"Further report of {long_date(report.received_on)} reviewed by {by}: action is needed; opened as new "
            f"case {report.new_case.reference}. {notes}",
        )
    audit_case(officer, AuditAction.CHANGE, f"Reviewed a further report: {outcome}", report.case, report)
    return report


@transaction.atomic
def further_letter_generate(*, report: FurtherReport, officer: Officer, kind: str) -> ComplainantLetter:
    """The further letter explaining why no action was taken, in one of its two versions, kept on the case."""
    if kind not in FURTHER_LETTER_KINDS:
        raise ValidationError({"letter_kind": "Choose which letter to send"})
    if report.status != FurtherReportStatus.CLOSED_NFA:
        raise ValidationError("The further letter is sent once the report is closed with no further action")
    name = report.complainant.full_name
    return _letter_keep(
        letter=ComplainantLetter(kind=kind, further_report=report, complainant=report.complainant),
        case=report.case,
        officer=officer,
        content=documents.render_further_letter_pdf(report, kind, officer),
        filename=f"{report.case.reference}-further-letter-{report.pk}.pdf",
        title=f"Further letter to {name} ({long_date(report.received_on)} report)",
        description=LetterKind(kind).label,
        entry=f"Further letter to {name}: {LetterKind(kind).label.lower()}.",
        audit="Generated a further letter",
    )
