"""Writes for support referrals and IOM referrals.

A support referral moves in order: made (with consent, or the lawful basis when consent is not sought), then
accepted or declined by the service, engaged, and closed with an outcome. Each step is dated no earlier than the step
before it and never in the future, locks the referral, is judged against the version the officer's form was opened
at (a stale form cannot overwrite someone else's step), and lands on the case's chronology and the audit trail in the
same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Agency, AuditAction, Officer
from core import clock
from core.dates import long_date, short_date
from core.versions import StaleEdit

from ..models import (
    Case,
    CasePerson,
    CasePolicy,
    ConsentMethod,
    IomDecision,
    IomReferral,
    LawfulBasis,
    Person,
    PersonRole,
    ReferralOutcome,
    ReferralStatus,
    ServiceFor,
    SupportReferral,
    SupportService,
)
from ..record import audit_case, write_entry

# Which roles on the case a service's people may hold.
ROLES_FOR = {
    ServiceFor.VICTIMS: {PersonRole.COMPLAINANT},
    ServiceFor.PERPETRATORS: {PersonRole.PERPETRATOR},
}


class ReferralChangedError(StaleEdit):
    """Someone else recorded a step on this referral after the officer's form was opened."""


def default_follow_up(day: datetime.date | None = None) -> datetime.date:
    """The follow-up date a new step suggests: the case policy's number of days later."""
    return (day or clock.today()) + datetime.timedelta(days=CasePolicy.current().support_follow_up_days)


def can_respond(referral: SupportReferral) -> bool:
    return referral.status == ReferralStatus.MADE


def can_record_engaged(referral: SupportReferral) -> bool:
    return referral.status == ReferralStatus.ACCEPTED


def can_record_outcome(referral: SupportReferral) -> bool:
    return referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.ENGAGED)


def _not_in_future(errors: dict[str, str], field: str, value: datetime.date | None, label: str) -> None:
    if value and value > clock.today():
        errors[field] = f"{label} must be today or in the past"


def _not_before(errors: dict[str, str], field: str, value: datetime.date | None, earliest, label: str, what: str):
    if value and earliest and value < earliest and field not in errors:
        errors[field] = f"{label} must be on or after {what}, {long_date(earliest)}"


def _follow_up(errors: dict[str, str], follow_up_on: datetime.date | None, earliest: datetime.date) -> None:
    if follow_up_on is None:
        errors["follow_up_on"] = "Enter the date to follow the referral up"
    elif follow_up_on < earliest:
        errors["follow_up_on"] = f"The follow-up date must be on or after {long_date(earliest)}"


def person_roles(case: Case, person: Person) -> set[str]:
    return set(CasePerson.objects.filter(case=case, person=person).values_list("role", flat=True))


@transaction.atomic
def referral_make(
    *,
    case: Case,
    officer: Officer,
    person: Person,
    service: SupportService,
    reason: str,
    referred_on: datetime.date,
    consent_given: bool,
    consent_on: datetime.date | None = None,
    consent_method: str = "",
    lawful_basis: str = "",
    lawful_basis_explanation: str = "",
    follow_up_on: datetime.date | None = None,
) -> SupportReferral:
    """Refer a person on the case to a support service, with their consent or the lawful basis for going without."""
    Case.objects.select_for_update().get(pk=case.pk)
    errors: dict[str, str] = {}
    roles = person_roles(case, person)
    if not roles:
        errors["person"] = f"{person} is not on this case"
    elif service.for_whom in ROLES_FOR and not roles & ROLES_FOR[ServiceFor(service.for_whom)]:
        errors["service"] = f"{service.name} takes referrals of {ServiceFor(service.for_whom).label.lower()} only"
    if not service.is_active:
        errors["service"] = f"{service.name} no longer takes referrals: choose another service"
    if not reason.strip():
        errors["reason"] = "Enter what support is needed and why"
    _not_in_future(errors, "referred_on", referred_on, "The date of the referral")
    if consent_given:
        if consent_on is None:
            errors["consent_on"] = "Enter the date consent was given"
        else:
            _not_in_future(errors, "consent_on", consent_on, "The date consent was given")
            if consent_on > referred_on and "consent_on" not in errors:
                errors["consent_on"] = "Consent must be given on or before the date of the referral"
        if consent_method not in ConsentMethod.values:
            errors["consent_method"] = "Choose how consent was given"
        lawful_basis, lawful_basis_explanation = "", ""
    else:
        if lawful_basis not in LawfulBasis.values:
            errors["lawful_basis"] = "Choose the lawful basis for referring without consent"
        if not lawful_basis_explanation.strip():
            errors["lawful_basis_explanation"] = "Explain why the referral is made without consent"
        consent_on, consent_method = None, ""
    follow_up_on = follow_up_on or default_follow_up()
    _follow_up(errors, follow_up_on, referred_on)
    if errors:
        raise ValidationError(errors)
    referral = SupportReferral(
        case=case,
        person=person,
        service=service,
        service_name=service.name,
        reason=reason.strip(),
        referred_on=referred_on,
        referred_by=officer,
        consent_given=consent_given,
        consent_on=consent_on,
        consent_method=consent_method,
        lawful_basis=lawful_basis,
        lawful_basis_explanation=lawful_basis_explanation.strip(),
        follow_up_on=follow_up_on,
    )
    referral.full_clean()
    referral.save()
    if consent_given:
        assert consent_on is not None
        basis = f"with consent given {ConsentMethod(consent_method).label.lower()} on {short_date(consent_on)}"
    else:
        basis = f"without consent ({LawfulBasis(lawful_basis).label}: {referral.lawful_basis_explanation})"
    write_entry(
        case=case,
        officer=officer,
        text=f"{person} referred to {service.name} on {short_date(referred_on)}, {basis}. "
        f"Support needed: {referral.reason} Follow up by {short_date(follow_up_on)}.",
    )
    audit_case(officer, AuditAction.CREATE, f"Referred {person} to {service.name}", case, obj=referral)
    return referral


def _locked(referral: SupportReferral, expected_version: int) -> SupportReferral:
    current = SupportReferral.objects.select_for_update().select_related("case", "person").get(pk=referral.pk)
    if current.version != expected_version:
        raise ReferralChangedError(current)
    return current


def _save_step(current: SupportReferral, officer: Officer, text: str, audit: str) -> SupportReferral:
    current.version += 1
    current.full_clean()
    current.save()
    write_entry(case=current.case, officer=officer, text=text)
    audit_case(officer, AuditAction.CHANGE, audit, current.case, obj=current)
    return current


@transaction.atomic
def referral_respond(
    *,
    referral: SupportReferral,
    officer: Officer,
    expected_version: int,
    accepted: bool,
    responded_on: datetime.date,
    decline_reason: str = "",
    follow_up_on: datetime.date | None = None,
) -> SupportReferral:
    """Record whether the service accepted or declined the referral. A declined referral is finished."""
    current = _locked(referral, expected_version)
    if not can_respond(current):
        raise ValidationError({"accepted": "The service's response is already recorded"})
    errors: dict[str, str] = {}
    _not_in_future(errors, "responded_on", responded_on, "The date of the response")
    _not_before(errors, "responded_on", responded_on, current.referred_on, "The date of the response", "the referral")
    if not accepted and not decline_reason.strip():
        errors["decline_reason"] = "Enter the reason the service gave for declining"
    if accepted:
        follow_up_on = follow_up_on or default_follow_up()
        _follow_up(errors, follow_up_on, responded_on)
    if errors:
        raise ValidationError(errors)
    current.responded_on = responded_on
    if accepted:
        current.status = ReferralStatus.ACCEPTED
        current.decline_reason = ""
        current.follow_up_on = follow_up_on
        text = (
            f"{current.service_name} accepted the referral of {current.person} on {short_date(responded_on)}. "
            f"Follow up by {short_date(follow_up_on)}."
        )
    else:
        current.status = ReferralStatus.DECLINED
        current.decline_reason = decline_reason.strip()
        current.follow_up_on = None
        text = (
            f"{current.service_name} declined the referral of {current.person} on {short_date(responded_on)}. "
            f"Reason: {current.decline_reason}"
        )
    label = "accepted" if accepted else "declined"
    return _save_step(current, officer, text, f"Recorded the referral to {current.service_name} {label}")


@transaction.atomic
def referral_record_engaged(
    *,
    referral: SupportReferral,
    officer: Officer,
    expected_version: int,
    engaged_on: datetime.date,
    follow_up_on: datetime.date | None = None,
) -> SupportReferral:
    """Record that the person engaged with the service, which must have accepted the referral first."""
    current = _locked(referral, expected_version)
    if not can_record_engaged(current):
        raise ValidationError({"engaged_on": "Record the service's acceptance of the referral before engagement"})
    errors: dict[str, str] = {}
    _not_in_future(errors, "engaged_on", engaged_on, "The date of engagement")
    _not_before(errors, "engaged_on", engaged_on, current.responded_on, "The date of engagement", "the acceptance")
    follow_up_on = follow_up_on or default_follow_up()
    _follow_up(errors, follow_up_on, engaged_on)
    if errors:
        raise ValidationError(errors)
    current.status = ReferralStatus.ENGAGED
    current.engaged_on = engaged_on
    current.follow_up_on = follow_up_on
    return _save_step(
        current,
        officer,
        f"{current.person} engaged with {current.service_name} from {short_date(engaged_on)}. "
        f"Follow up by {short_date(follow_up_on)}.",
        f"Recorded engagement with {current.service_name}",
    )


@transaction.atomic
def referral_close(
    *,
    referral: SupportReferral,
    officer: Officer,
    expected_version: int,
    outcome: str,
    closed_on: datetime.date,
    outcome_notes: str = "",
) -> SupportReferral:
    """Close the referral with its outcome, once the service has accepted it."""
    current = _locked(referral, expected_version)
    errors: dict[str, str] = {}
    if not can_record_outcome(current):
        if current.status == ReferralStatus.MADE:
            errors["outcome"] = "Record the service's acceptance of the referral before its outcome"
        else:
            errors["outcome"] = f"The referral is {current.get_status_display().lower()}: it has no outcome to record"
    if outcome not in ReferralOutcome.values:
        errors.setdefault("outcome", "Choose the outcome of the referral")
    elif outcome == ReferralOutcome.OTHER and not outcome_notes.strip():
        errors["outcome_notes"] = "Describe the outcome"
    _not_in_future(errors, "closed_on", closed_on, "The date of the outcome")
    _not_before(errors, "closed_on", closed_on, current.referred_on, "The date of the outcome", "the referral")
    _not_before(errors, "closed_on", closed_on, current.responded_on, "The date of the outcome", "the acceptance")
    _not_before(errors, "closed_on", closed_on, current.engaged_on, "The date of the outcome", "the engagement")
    if errors:
        raise ValidationError(errors)
    current.status = ReferralStatus.CLOSED
    current.outcome = outcome
    current.outcome_notes = outcome_notes.strip()
    current.closed_on = closed_on
    current.follow_up_on = None
    notes = f" {current.outcome_notes}" if current.outcome_notes else ""
    return _save_step(
        current,
        officer,
        f"Referral of {current.person} to {current.service_name} closed on {short_date(closed_on)}: "
        f"{ReferralOutcome(outcome).label}.{notes}",
        f"Closed the referral to {current.service_name}",
    )


@transaction.atomic
def referral_set_follow_up(
    *, referral: SupportReferral, officer: Officer, expected_version: int, follow_up_on: datetime.date
) -> SupportReferral:
    """Move the date the referring officer follows an open referral up."""
    current = _locked(referral, expected_version)
    if not current.is_open:
        raise ValidationError({"follow_up_on": "The referral is finished: it has nothing to follow up"})
    errors: dict[str, str] = {}
    _follow_up(errors, follow_up_on, current.referred_on)
    if errors:
        raise ValidationError(errors)
    current.follow_up_on = follow_up_on
    return _save_step(
        current,
        officer,
        f"Follow-up of the referral of {current.person} to {current.service_name} set for {short_date(follow_up_on)}.",
        f"Changed the follow-up date of the referral to {current.service_name}",
    )


class IomReferralChangedError(StaleEdit):
    """Someone else recorded the panel's decision after the officer's form was opened."""


@transaction.atomic
def iom_refer(*, case: Case, officer: Officer, person: Person, reasons: str, referred_on: datetime.date) -> IomReferral:
    """Refer a perpetrator on the case to the IOM panel. A person has one referral awaiting the panel at a time."""
    Case.objects.select_for_update().get(pk=case.pk)
    errors: dict[str, str] = {}
    if PersonRole.PERPETRATOR not in person_roles(case, person):
        errors["person"] = f"{person} is not a perpetrator on this case"
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for the referral"
    _not_in_future(errors, "referred_on", referred_on, "The date of the referral")
    if IomReferral.objects.filter(person=person, decision=IomDecision.PENDING).exists():
        errors["person"] = f"{person} is already referred to the IOM panel and awaits its decision"
    if errors:
        raise ValidationError(errors)
    referral = IomReferral(
        case=case, person=person, reasons=reasons.strip(), referred_on=referred_on, referred_by=officer
    )
    referral.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        # Another officer referred the same person a moment ago (the partial unique index).
        raise ValidationError(
            {"person": f"{person} is already referred to the IOM panel and awaits its decision"}
        ) from None
    write_entry(
        case=case,
        officer=officer,
        text=f"{person} referred to the Integrated Offender Management (IOM) panel on {short_date(referred_on)}. "
        f"Reasons: {referral.reasons}",
    )
    audit_case(officer, AuditAction.CREATE, f"Referred {person} to the IOM panel", case, obj=referral)
    return referral


@transaction.atomic
def iom_decide(
    *,
    referral: IomReferral,
    officer: Officer,
    expected_version: int,
    decision: str,
    decided_on: datetime.date,
    decision_notes: str = "",
    lead_name: str = "",
    lead_agency: Agency | None = None,
    lead_officer: Officer | None = None,
) -> IomReferral:
    """Record the IOM panel's decision; when the person is adopted, who leads on them (name and agency)."""
    current = IomReferral.objects.select_for_update().select_related("case", "person").get(pk=referral.pk)
    if current.version != expected_version:
        raise IomReferralChangedError(current)
    errors: dict[str, str] = {}
    if current.decision != IomDecision.PENDING:
        errors["decision"] = "The panel's decision is already recorded"
    if decision not in (IomDecision.ADOPTED, IomDecision.NOT_ADOPTED, IomDecision.ALREADY_KNOWN):
        errors.setdefault("decision", "Choose the panel's decision")
    _not_in_future(errors, "decided_on", decided_on, "The date of the decision")
    _not_before(errors, "decided_on", decided_on, current.referred_on, "The date of the decision", "the referral")
    if decision == IomDecision.ADOPTED:
        if lead_officer is not None and not lead_name.strip():
            lead_name = lead_officer.display_name
        if lead_officer is not None and lead_agency is None:
            lead_agency = lead_officer.agency
        if not lead_name.strip():
            errors["lead_name"] = "Enter the name of the IOM lead"
        if lead_agency is None:
            errors["lead_agency"] = "Choose the IOM lead's agency"
        elif lead_officer is not None and lead_officer.agency_id != lead_agency.pk:
            errors["lead_officer"] = f"{lead_officer.display_name} is not an officer of {lead_agency}"
    else:
        lead_name, lead_agency, lead_officer = "", None, None
    if errors:
        raise ValidationError(errors)
    current.decision = decision
    current.decided_on = decided_on
    current.decision_notes = decision_notes.strip()
    current.lead_name = lead_name.strip()
    current.lead_agency = lead_agency
    current.lead_officer = lead_officer
    current.version += 1
    current.full_clean(validate_constraints=False)
    current.save()
    label = IomDecision(decision).label
    lead = f" IOM lead: {current.lead_name}, {lead_agency}." if decision == IomDecision.ADOPTED else ""
    notes = f" {current.decision_notes}" if current.decision_notes else ""
    write_entry(
        case=current.case,
        officer=officer,
        text=f"IOM panel decision on {current.person} ({short_date(decided_on)}): {label}.{lead}{notes}",
    )
    audit_case(officer, AuditAction.CHANGE, f"Recorded the IOM panel's decision: {label}", current.case, obj=current)
    return current
