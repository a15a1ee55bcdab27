"""Further reports after cessation: recorded and assessed on the ceased case; those on the same circumstances
reviewed by the LPU commander or the LA community safety manager, closed with the further letter or opened as a new
case."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies.models import AuditAction, Officer
from agencies.roles import role_group_name
from cases.models import Case, CaseStatus, EntryKind, Person, PersonRole
from cases.record import audit_case, write_entry
from cases.services import case_add_agency, case_add_person, case_open
from core import clock
from core.dates import long_date
from incremental.letter_details import LetterDetails

from .. import documents
from ..models import (
    FURTHER_LETTER_KINDS,
    Assessment,
    ComplainantLetter,
    FurtherReport,
    FurtherReportStatus,
    LetterKind,
    ReviewOutcome,
)
from ..permissions import FURTHER_REPORT_REVIEWER_ROLES, further_report_reviewer_role, may_review_further_report
from .common import notify
from .letters import check_complainant, keep_letter


def _open_linked_case(report: FurtherReport, officer: Officer, why: str) -> Case:
    """A further report treated as a first-time report: a new case, linked to the ceased one for context."""
    ceased = report.case
    lead_agency = officer.agency or ceased.lead_agency
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
    errors: dict[str, str | list[str]] = {}
    try:
        check_complainant(case, complainant)
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
    assert complainant is not None and received_on is not None  # else refused above
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
        notify(
            further_report_reviewers(case),
            f"Further report on ceased case {case.reference}: same circumstances, for your review",
            report.get_absolute_url(),
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
    closes it with no further action (the complainant is to get the further letter of `letter_kind`, which the
    reviewer then addresses, previews and files: further_letter_generate), or finds action is needed and opens a new
    case."""
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
        report.letter_kind = letter_kind
        result = "closed with no further action."
    else:
        report.status = FurtherReportStatus.NEW_CASE
        report.new_case = _open_linked_case(report, officer, f"action needed after review by {by}")
        result = f"action is needed; opened as new case {report.new_case.reference}."
    report.full_clean()
    report.save()
    write_entry(
        case=report.case,
        officer=officer,
        kind=EntryKind.DECISION,
        text=f"Further report of {long_date(report.received_on)} reviewed by {by}: {result} {notes}",
    )
    audit_case(officer, AuditAction.CHANGE, f"Reviewed a further report: {outcome}", report.case, report)
    return report


def further_letter_due(report: FurtherReport) -> bool:
    """Whether the report was closed with no further action and its further letter is still to be filed."""
    return report.status == FurtherReportStatus.CLOSED_NFA and not report.letters.exists()


@transaction.atomic
def further_letter_generate(*, report: FurtherReport, officer: Officer, details: LetterDetails) -> ComplainantLetter:
    """The further letter explaining why no action was taken, in the version the reviewer chose, addressed as the
    reviewer confirmed, kept on the case. Once per report: a second filing (another tab, a resent form) is refused."""
    report = (
        FurtherReport.objects.select_for_update(of=("self",)).select_related("case", "complainant").get(pk=report.pk)
    )
    if not may_review_further_report(officer, report):
        raise PermissionDenied("Only the LPU commander or the LA community safety manager writes the further letter")
    if report.status != FurtherReportStatus.CLOSED_NFA:
        raise ValidationError("The further letter is sent once the report is closed with no further action")
    if report.letters.exists():
        raise ValidationError("The further letter for this report has already been filed")
    kind = report.letter_kind
    name = report.complainant.full_name
    return keep_letter(
        letter=ComplainantLetter(kind=kind, further_report=report, complainant=report.complainant),
        case=report.case,
        officer=officer,
        content=documents.render_further_letter_pdf(report, kind, officer, details),
        filename=f"{report.case.reference}-further-letter-{report.pk}.pdf",
        title=f"Further letter to {name} ({long_date(report.received_on)} report)",
        description=f"{LetterKind(kind).label}. Sent {details.delivery_text}.",
        entry=f"Further letter to {name}: {LetterKind(kind).label.lower()}. Sent {details.delivery_text}.",
        audit="Generated a further letter",
        details=details,
    )
