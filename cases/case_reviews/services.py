"""Writes for ASB Case Review (formerly Community Trigger) activations.

Each step (application, threshold decision, review meeting and outcome, appeal) lands on the case chronology and
the audit trail in the same transaction. Changes after the application are judged against the version the
officer's form was opened at, so a stale form cannot overwrite someone else's step.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.models import Agency, AuditAction, Officer
from core import clock
from core.dates import long_date, short_date
from core.versions import StaleEdit

from ..models import (
    ApplicationReceivedHow,
    Case,
    CasePerson,
    CasePolicy,
    CaseReviewAction,
    CaseReviewActivation,
    CaseReviewDecision,
    ConsultedHow,
    PccReviewOutcome,
    Person,
    PersonRole,
    VictimAttendance,
)
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
    received_how: str,
    received_by: Officer,
) -> CaseReviewActivation:
    """Record an application for an ASB Case Review by (or for) a victim on the case: staff enter it for the victim
    however it came (by phone, on paper, in person or online), saying who received it."""
    Case.objects.select_for_update().get(pk=case.pk)
    errors = {}
    if received_how not in ApplicationReceivedHow.values:
        errors["received_how"] = "Choose how the application was received"
    if not received_by.is_active:
        errors["received_by"] = "Choose an officer who can still sign in"
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
        received_how=received_how,
        received_by=received_by,
        recorded_by=officer,
    )
    activation.full_clean()
    activation.save()
    write_entry(
        case=case,
        officer=officer,
        text=f"ASB Case Review application received from {victim} on {short_date(application_date)}, "
        f"{ApplicationReceivedHow(received_how).label.lower()}, taken by {received_by.display_name}. "
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
    chair_name: str = "",
    chair_agency: str = "",
    chair_independent: bool | None = None,
    victim_consulted: bool | None = None,
    consulted_on: datetime.date | None = None,
    consulted_how: str = "",
    victim_views: str = "",
    victim_attendance: str = "",
) -> CaseReviewActivation:
    """Record the review meeting (a date ahead is allowed: it is scheduled) and, once held, its outcome, its chair,
    whether the victim was consulted on the action plan and whether they attended."""
    current = _locked(activation, expected_version)
    errors = {}
    chair_name, chair_agency, victim_views = chair_name.strip(), chair_agency.strip(), victim_views.strip()
    if victim_consulted:
        if not consulted_on:
            errors["consulted_on"] = "Enter the date the victim was consulted"
        else:
            _not_in_future(errors, "consulted_on", consulted_on, "The date the victim was consulted")
            if consulted_on < current.application_date:
                errors["consulted_on"] = "The victim must be consulted on or after the application date"
        if consulted_how not in ConsultedHow.values:
            errors["consulted_how"] = "Choose how the victim was consulted"
    else:
        consulted_on, consulted_how = None, ""
    if victim_attendance and victim_attendance not in VictimAttendance.values:
        errors["victim_attendance"] = "Choose whether the victim attended the review"
    if outcome_date:
        if not chair_name:
            errors["chair_name"] = "Enter the name of the review's chair"
        if not chair_agency:
            errors["chair_agency"] = "Enter the chair's agency"
        if chair_independent is None:
            errors["chair_independent"] = "Say whether the chair is independent"
        if victim_consulted is None:
            errors["victim_consulted"] = "Say whether the victim was consulted on the action plan"
        if not victim_attendance:
            errors["victim_attendance"] = "Choose whether the victim attended the review"
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
    current.chair_name, current.chair_agency, current.chair_independent = chair_name, chair_agency, chair_independent
    current.victim_consulted, current.consulted_on, current.consulted_how = (
        victim_consulted,
        consulted_on,
        consulted_how,
    )
    current.victim_views = victim_views
    current.victim_attendance = victim_attendance
    current.outcome = outcome
    current.recommendations = recommendations
    current.outcome_date = outcome_date
    if outcome_date:
        text = (
            f"ASB Case Review for {current.victim}: review meeting {short_date(review_meeting_date)}, outcome given "
            f"{short_date(outcome_date)}. Outcome: {outcome}"
            + (f" Recommendations: {recommendations}" if recommendations else "")
            + _review_details(current)
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


def _review_details(current: CaseReviewActivation) -> str:
    parts = []
    if current.chair_name:
        independent = " (independent)" if current.chair_independent else ""
        parts.append(f" Chair: {current.chair_name}, {current.chair_agency}{independent}.")
    if current.victim_consulted:
        how = ConsultedHow(current.consulted_how).label.lower()
        views = f" Their views: {current.victim_views}" if current.victim_views else ""
        parts.append(
            f" The victim was consulted on the action plan {how} on {short_date(current.consulted_on)}.{views}"
        )
    elif current.victim_consulted is False:
        parts.append(" The victim was not consulted on the action plan.")
    if current.victim_attendance:
        parts.append(f" Victim: {VictimAttendance(current.victim_attendance).label.lower()}.")
    return "".join(parts)


def can_request_pcc_review(activation: CaseReviewActivation) -> bool:
    return activation.decision_date is not None


@transaction.atomic
def case_review_record_pcc_review(
    *,
    activation: CaseReviewActivation,
    officer: Officer,
    expected_version: int,
    pcc_requested_on: datetime.date,
    pcc_outcome: str,
    pcc_outcome_notes: str,
    pcc_outcome_on: datetime.date | None,
) -> CaseReviewActivation:
    """Record the victim's request that the Police and Crime Commissioner review how the application was handled
    (a "threshold not met" decision included) and, once given, the PCC's outcome. There is nothing to review
    before the threshold decision."""
    current = _locked(activation, expected_version)
    errors: dict[str, str] = {}
    _not_in_future(errors, "pcc_requested_on", pcc_requested_on, "The date the PCC review was requested")
    if current.decision_date is None:
        errors["pcc_requested_on"] = (
            "A PCC review can be requested only once the threshold decision is recorded: record the decision first"
        )
    elif pcc_requested_on < current.decision_date:
        errors["pcc_requested_on"] = (
            f"The PCC review must be requested on or after the threshold decision ({long_date(current.decision_date)})"
        )
    if pcc_outcome and pcc_outcome not in PccReviewOutcome.values:
        errors["pcc_outcome"] = "Choose the outcome of the PCC review"
    if pcc_outcome_on:
        _not_in_future(errors, "pcc_outcome_on", pcc_outcome_on, "The date of the PCC's outcome")
        if pcc_outcome_on < pcc_requested_on:
            errors.setdefault(
                "pcc_outcome_on", "The outcome date must be on or after the date the review was asked for"
            )
        if not pcc_outcome:
            errors["pcc_outcome"] = "Choose the outcome of the PCC review"
    elif pcc_outcome:
        errors["pcc_outcome_on"] = "Enter the date of the PCC's outcome"
    if errors:
        raise ValidationError(errors)
    current.pcc_requested_on = pcc_requested_on
    current.pcc_outcome = pcc_outcome
    current.pcc_outcome_notes = pcc_outcome_notes.strip()
    current.pcc_outcome_on = pcc_outcome_on
    if pcc_outcome:
        notes = f" {current.pcc_outcome_notes}" if current.pcc_outcome_notes else ""
        result = f" Outcome ({short_date(pcc_outcome_on)}): {PccReviewOutcome(pcc_outcome).label}.{notes}"
    else:
        result = " Awaiting the PCC's outcome."
    return _save_step(
        current,
        officer,
        f"ASB Case Review for {current.victim}: the victim asked the Police and Crime Commissioner on "
        f"{short_date(pcc_requested_on)} to review how the application was handled.{result}",
        "Recorded a PCC review of an ASB Case Review",
    )


def can_add_actions(activation: CaseReviewActivation) -> bool:
    return activation.threshold_decision == CaseReviewDecision.MET


@transaction.atomic
def case_review_action_add(
    *,
    activation: CaseReviewActivation,
    officer: Officer,
    text: str,
    owner_agency: Agency,
    owner_officer: Officer | None,
    due_on: datetime.date,
) -> CaseReviewAction:
    """Add an action to the review's action plan, owned by an agency (and perhaps one of its officers)."""
    current = CaseReviewActivation.objects.select_for_update().select_related("case", "victim").get(pk=activation.pk)
    if not can_add_actions(current):
        raise ValidationError("The action plan follows a decision that the threshold is met: record it first")
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = "Enter the action"
    if owner_officer is not None and owner_officer.agency_id != owner_agency.pk:
        errors["owner_officer"] = f"Choose an officer of {owner_agency.name}, or no officer"
    elif owner_officer is not None and not owner_officer.is_active:
        errors["owner_officer"] = "Choose an officer who can still sign in"
    if due_on < current.application_date:
        errors["due_on"] = "The due date must be on or after the application date"
    if errors:
        raise ValidationError(errors)
    action = CaseReviewAction(
        activation=current,
        text=text,
        owner_agency=owner_agency,
        owner_officer=owner_officer,
        due_on=due_on,
        created_by=officer,
    )
    action.full_clean()
    action.save()
    owner = owner_agency.name + (f" ({owner_officer.display_name})" if owner_officer else "")
    write_entry(
        case=current.case,
        officer=officer,
        text=f"ASB Case Review for {current.victim}: action added for {owner}, due {short_date(due_on)}: {text}",
    )
    audit_case(officer, AuditAction.CREATE, "Added an ASB Case Review action", current.case, obj=action)
    return action


class CaseReviewActionChangedError(StaleEdit):
    """Someone else changed the action after the officer's form was opened."""


@transaction.atomic
def case_review_action_done(
    *, action: CaseReviewAction, officer: Officer, expected_version: int, done_on: datetime.date
) -> CaseReviewAction:
    """Mark an action of the plan done (its reminder is withdrawn by the next daily run)."""
    current = (
        CaseReviewAction.objects.select_for_update()
        .select_related("activation", "activation__case", "activation__victim", "owner_agency")
        .get(pk=action.pk)
    )
    if current.version != expected_version:
        raise CaseReviewActionChangedError(current)
    errors: dict[str, str] = {}
    if current.done_on:
        errors["done_on"] = "This action is already marked done"
    _not_in_future(errors, "done_on", done_on, "The date the action was done")
    if done_on < current.activation.application_date:
        errors.setdefault("done_on", "The date done must be on or after the application date")
    if errors:
        raise ValidationError(errors)
    current.done_on, current.done_by = done_on, officer
    current.version += 1
    current.save()
    case = current.activation.case
    write_entry(
        case=case,
        officer=officer,
        text=f"ASB Case Review for {current.activation.victim}: action for {current.owner_agency.name} done "
        f"{short_date(done_on)}: {current.text}",
    )
    audit_case(officer, AuditAction.CHANGE, "Marked an ASB Case Review action done", case, obj=current)
    return current
