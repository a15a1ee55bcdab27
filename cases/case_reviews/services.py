"""Writes for ASB Case Review (formerly Community Trigger) activations.

Each step (application, threshold decision, review meeting and outcome, appeal) lands on the case chronology and
the audit trail in the same transaction. Changes after the application are judged against the version the
officer's form was opened at, so a stale form cannot overwrite someone else's step.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.models import AuditAction, Officer
from core import clock
from core.dates import long_date, short_date
from core.versions import StaleEdit

from ..models import Case, CasePerson, CasePolicy, CaseReviewActivation, CaseReviewDecision, Person, PersonRole
from ..record import audit_case, write_entry
from .dates import add_working_days

# Decisions that end the application without a review: the applicant may appeal against them.
DECISIONS_WITHOUT_REVIEW = (CaseReviewDecision.NOT_MET, CaseReviewDecision.REJECTED)


class CaseReviewChangedError(StaleEdit):
    """Someone else recorded a step on this activation after the officer's form was opened."""


def appeal_from(activation: CaseReviewActivation) -> datetime.date | None:
    """The date the appeal period runs from: the review outcome, or a decision that there will be no review."""
    if activation.outcome_date:
        return activation.outcome_date
    if activation.threshold_decision in DECISIONS_WITHOUT_REVIEW and activation.decision_date:
        return activation.decision_date
    return None


def appeal_deadline(activation: CaseReviewActivation, working_days: int | None = None) -> datetime.date | None:
    start = appeal_from(activation)
    if start is None:
        return None
    if working_days is None:
        working_days = CasePolicy.current().case_review_appeal_working_days
    return add_working_days(start, working_days)


def can_record_review(activation: CaseReviewActivation) -> bool:
    return activation.threshold_decision == CaseReviewDecision.MET


def can_record_appeal(activation: CaseReviewActivation) -> bool:
    return appeal_from(activation) is not None


def _not_in_future(errors: dict[str, str], field: str, value: datetime.date | None, label: str) -> None:
    if value and value > clock.today():
        errors[field] = f"{label} must be today or in the past"


def _locked(activation: CaseReviewActivation, expected_version: int) -> CaseReviewActivation:
    current = CaseReviewActivation.objects.select_for_update().select_related("case", "victim").get(pk=activation.pk)
    if current.version != expected_version:
        raise CaseReviewChangedError(current)
    return current


def _save_step(current: CaseReviewActivation, officer: Officer, text: str, audit: str) -> CaseReviewActivation:
    current.version += 1
    current.full_clean()
    current.save()
    write_entry(case=current.case, officer=officer, text=text)
    audit_case(officer, AuditAction.CHANGE, audit, current.case, obj=current)
    return current


@transaction.atomic
def case_review_apply(
    *,
    case: Case,
    officer: Officer,
    victim: Person,
    application_date: datetime.date,
    point_of_contact: Officer,
) -> CaseReviewActivation:
    """Record an application for an ASB Case Review by (or for) a victim on the case."""
    Case.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if not CasePerson.objects.filter(case=case, person=victim, role=PersonRole.COMPLAINANT).exists():
        errors["victim"] = f"{victim} is not a complainant or victim on this case"
    _not_in_future(errors, "application_date", application_date, "The application date")
    if not point_of_contact.is_active:
        errors["point_of_contact"] = "Choose an officer who can still sign in"
    if errors:
        raise ValidationError(errors)
    activation = CaseReviewActivation(
        case=case,
        victim=victim,
        application_date=application_date,
        point_of_contact=point_of_contact,
        recorded_by=officer,
    )
    activation.full_clean()
    activation.save()
    write_entry(
        case=case,
        officer=officer,
        text=f"ASB Case Review application received from {victim} on {short_date(application_date)}. "
        f"Point of contact: {point_of_contact.display_name}.",
    )
    audit_case(
        officer, AuditAction.CREATE, f"Recorded an ASB Case Review application for {victim}", case, obj=activation
    )
    return activation


@transaction.atomic
def case_review_decide(
    *,
    activation: CaseReviewActivation,
    officer: Officer,
    expected_version: int,
    decision: str,
    reason: str,
    decision_date: datetime.date,
) -> CaseReviewActivation:
    """Record whether the threshold is met, not met, or the application is rejected as malicious or vexatious."""
    current = _locked(activation, expected_version)
    errors = {}
    if decision not in (CaseReviewDecision.MET, CaseReviewDecision.NOT_MET, CaseReviewDecision.REJECTED):
        errors["threshold_decision"] = "Choose whether the threshold is met, not met, or the application is rejected"
    elif decision in DECISIONS_WITHOUT_REVIEW and not reason.strip():
        errors["threshold_reason"] = "Give the reason for the decision"
    # An appeal may overturn a decision (the review then goes ahead), but a review already held stands.
    if current.outcome_date:
        errors["threshold_decision"] = "The decision cannot change once the review outcome is recorded"
    _not_in_future(errors, "decision_date", decision_date, "The decision date")
    if decision_date and decision_date < current.application_date:
        errors["decision_date"] = "The decision date must be on or after the application date"
    if errors:
        raise ValidationError(errors)
    current.threshold_decision = decision
    current.threshold_reason = reason.strip()
    current.decision_date = decision_date
    label = CaseReviewDecision(decision).label
    because = f" Reason: {current.threshold_reason}" if current.threshold_reason else ""
    return _save_step(
        current,
        officer,
        f"ASB Case Review decision for {current.victim} ({short_date(decision_date)}): {label}.{because}",
        f"Recorded the ASB Case Review decision: {label}",
    )


@transaction.atomic
def case_review_record_review(
    *,
    activation: CaseReviewActivation,
    officer: Officer,
    expected_version: int,
    review_meeting_date: datetime.date,
    outcome: str,
    recommendations: str,
    outcome_date: datetime.date | None,
) -> CaseReviewActivation:
    """Record the review meeting (a date ahead is allowed: it is scheduled) and, once held, its outcome."""
    current = _locked(activation, expected_version)
    errors = {}
    if not can_record_review(current):
        raise ValidationError("Record a decision that the threshold is met before recording the review")
    if review_meeting_date < current.application_date:
        errors["review_meeting_date"] = "The review meeting must be on or after the application date"
    if current.appeal_received_on:
        errors["outcome"] = "The review cannot change once an appeal is recorded"
    outcome, recommendations = outcome.strip(), recommendations.strip()
    if outcome_date:
        _not_in_future(errors, "outcome_date", outcome_date, "The date the outcome was given")
        if outcome_date < review_meeting_date:
            errors["outcome_date"] = "The outcome date must be on or after the review meeting"
        if not outcome:
            errors["outcome"] = "Enter the outcome of the review"
    elif outcome or recommendations:
        errors["outcome_date"] = "Enter the date the outcome was given to the victim"
    if outcome_date and review_meeting_date > clock.today():
        errors["review_meeting_date"] = "An outcome can be recorded only once the meeting has been held"
    if errors:
        raise ValidationError(errors)
    current.review_meeting_date = review_meeting_date
    current.outcome = outcome
    current.recommendations = recommendations
    current.outcome_date = outcome_date
    if outcome_date:
        text = (
            f"ASB Case Review for {current.victim}: review meeting {short_date(review_meeting_date)}, outcome given "
            f"{short_date(outcome_date)}. Outcome: {outcome}"
            + (f" Recommendations: {recommendations}" if recommendations else "")
        )
    else:
        text = f"ASB Case Review for {current.victim}: review meeting set for {short_date(review_meeting_date)}."
    return _save_step(current, officer, text, "Recorded the ASB Case Review meeting and outcome")


@transaction.atomic
def case_review_record_appeal(
    *,
    activation: CaseReviewActivation,
    officer: Officer,
    expected_version: int,
    appeal_received_on: datetime.date,
    appeal_outcome: str,
) -> CaseReviewActivation:
    """Record an appeal, which must arrive within the appeal period (working days from the decision or outcome)."""
    current = _locked(activation, expected_version)
    start, deadline = appeal_from(current), appeal_deadline(current)
    if start is None or deadline is None:
        raise ValidationError("There is nothing to appeal against yet: record the decision or the review outcome")
    errors: dict[str, str] = {}
    _not_in_future(errors, "appeal_received_on", appeal_received_on, "The date the appeal was received")
    if appeal_received_on < start:
        errors["appeal_received_on"] = f"The appeal must be received on or after {long_date(start)}"
    elif appeal_received_on > deadline:
        errors["appeal_received_on"] = (
            f"The appeal was received after the deadline of {long_date(deadline)}: appeals must arrive within "
            f"{CasePolicy.current().case_review_appeal_working_days} working days"
        )
    if errors:
        raise ValidationError(errors)
    current.appeal_received_on = appeal_received_on
    current.appeal_outcome = appeal_outcome.strip()
    result = f" Outcome: {current.appeal_outcome}" if current.appeal_outcome else " Awaiting the appeal hearing."
    return _save_step(
        current,
        officer,
        f"ASB Case Review appeal for {current.victim} received {short_date(appeal_received_on)} (to be heard by an "
        f"independent Community Safety Partnership chair).{result}",
        "Recorded an ASB Case Review appeal",
    )
