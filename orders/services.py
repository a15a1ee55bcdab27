"""Every write to the register's records. Each locks the intervention, lands on the case chronology and the audit
trail in the same transaction, and refuses what the law or the order's state does not allow, field by field."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from agencies.models import AgencyKind, AuditAction, Officer
from cases.models import Case, CasePerson, Document, EntryKind, Person, PersonRole
from cases.record import audit_case, write_entry
from core import clock
from core.dates import long_date
from core.versions import StaleEdit
from incremental.models import EventType, Intervention, InterventionEvent

from .models import (
    BreachAction,
    Compliance,
    ExclusionGround,
    OrderService,
    OrderTerm,
    OrderTermVariation,
    RespectRiskAssessment,
    ServedHow,
    SupervisorUpdate,
    TermKind,
)


class BreachActionChanged(StaleEdit):
    """Someone else recorded what was done about this breach after the form was opened."""


class TermChanged(StaleEdit):
    """Someone else varied or discharged the term after the form was opened."""


def _lock(intervention: Intervention) -> Intervention:
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("person", "case", "kind", "issuing_agency")
        .get(pk=intervention.pk)
    )


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _past_date(errors: dict, field: str, value: datetime.date | None, label: str, since: datetime.date | None = None):
    if value is None:
        return
    if value > clock.today():
        _add(errors, field, f"{label} must be today or in the past")
    elif since is not None and value < since:
        _add(errors, field, f"{label} must be on or after {long_date(since)}")


def _entry(officer: Officer, case: Case, text: str) -> None:
    write_entry(case=case, officer=officer, text=text, kind=EntryKind.INTERVENTION)


@transaction.atomic
def record_service(
    *,
    officer: Officer,
    intervention: Intervention,
    served_on: datetime.date,
    served_how: str,
    served_by: str,
    proof: Document | None = None,
    notes: str = "",
) -> OrderService:
    current = _lock(intervention)
    errors: dict[str, list[str]] = {}
    _past_date(errors, "served_on", served_on, "The date served", current.issued_on)
    if served_how not in ServedHow.values:
        _add(errors, "served_how", "Choose how it was served")
    served_by = served_by.strip()
    if not served_by:
        _add(errors, "served_by", "Enter who served it")
    if proof is not None and proof.case_id != current.case_id:
        _add(errors, "proof", "The proof of service must be a document on this case")
    if errors:
        raise ValidationError(errors)
    service = OrderService.objects.create(
        intervention=current,
        served_on=served_on,
        served_how=served_how,
        served_by=served_by,
        proof=proof,
        notes=notes.strip(),
        recorded_by=officer,
    )
    text = (
        f"{current.kind_name} for {current.person.full_name} served on {long_date(served_on)}, "
        f"{service.get_served_how_display().lower()}, by {served_by}."
    )
    if proof is not None:
        text += f" Proof of service: {proof.title}."
    _entry(officer, current.case, text)
    audit_case(officer, AuditAction.CHANGE, f"Recorded service of {current.kind_name}", current.case, current)
    return service


def _checked_wording(
    errors: dict[str, list[str]],
    order: Intervention,
    kind: str,
    text: str,
    supervisor: str,
    update_every_days: int | None,
    excludes_from_home: bool,
    exclusion_ground: str,
) -> tuple[str, str, int | None, str]:
    """The rules every wording of a term keeps, when it is added and when a court varies it: the wording as it
    will be stored (a prohibition has no reporting interval, a term that does not exclude has no ground)."""
    text, supervisor = text.strip(), supervisor.strip()
    if kind not in TermKind.values:
        _add(errors, "kind", "Choose whether it is a prohibition or a positive requirement")
    if not text:
        _add(errors, "text", "Enter the term as the order words it")
    if kind == TermKind.REQUIREMENT:
        if not supervisor:
            _add(
                errors,
                "supervisor",
                "Enter the person or organisation who supervises this requirement: every positive requirement "
                "needs one",
            )
    else:
        update_every_days = None
    if excludes_from_home and exclusion_ground not in ExclusionGround.values:
        _add(
            errors,
            "exclusion_ground",
            "Choose the ground for excluding the respondent from their home: violence, threatened violence or a "
            "significant risk of harm",
        )
    if excludes_from_home and order.issuing_agency.kind == AgencyKind.BRITISH_TRANSPORT_POLICE:
        _add(
            errors,
            "excludes_from_home",
            "An order the British Transport Police applied for cannot exclude the respondent from their home",
        )
    if not excludes_from_home:
        exclusion_ground = ""
    if update_every_days is not None and not 1 <= update_every_days <= 365:
        _add(errors, "update_every_days", "Enter a number of days from 1 to 365")
    return text, supervisor, update_every_days, exclusion_ground


@transaction.atomic
def add_term(
    *,
    officer: Officer,
    intervention: Intervention,
    kind: str,
    text: str,
    supervisor: str = "",
    update_every_days: int | None = None,
    excludes_from_home: bool = False,
    exclusion_ground: str = "",
) -> OrderTerm:
    """A prohibition or positive requirement of the order (as proposed, made or varied). A positive requirement
    needs its supervising person or organisation; exclusion from the respondent's home needs its ground."""
    current = _lock(intervention)
    errors: dict[str, list[str]] = {}
    text, supervisor, update_every_days, exclusion_ground = _checked_wording(
        errors, current, kind, text, supervisor, update_every_days, excludes_from_home, exclusion_ground
    )
    if errors:
        raise ValidationError(errors)
    position = (OrderTerm.objects.filter(intervention=current).aggregate(n=Max("position"))["n"] or 0) + 1
    term = OrderTerm.objects.create(
        intervention=current,
        kind=kind,
        text=text,
        supervisor=supervisor,
        update_every_days=update_every_days,
        next_update_due=clock.today() + datetime.timedelta(days=update_every_days) if update_every_days else None,
        excludes_from_home=excludes_from_home,
        exclusion_ground=exclusion_ground,
        position=position,
        recorded_by=officer,
    )
    line = (
        f"{term.get_kind_display()} {position} added to the {current.kind_name} for {current.person.full_name}: {text}"
    )
    if supervisor:
        line += f" Supervised by {supervisor}."
    if excludes_from_home:
        line += f" Excludes the respondent from their home; ground: {term.get_exclusion_ground_display().lower()}."
    _entry(officer, current.case, line)
    audit_case(officer, AuditAction.CHANGE, f"Added a term to {current.kind_name}", current.case, current)
    return term


@transaction.atomic
def record_supervisor_update(
    *,
    officer: Officer,
    term: OrderTerm,
    reported_on: datetime.date,
    compliance: str,
    text: str,
    next_due_on: datetime.date | None = None,
) -> SupervisorUpdate:
    current = _lock(term.intervention)
    locked = OrderTerm.objects.select_for_update().get(pk=term.pk)
    errors: dict[str, list[str]] = {}
    if locked.kind != TermKind.REQUIREMENT:
        _add(errors, "compliance", "Only a positive requirement has a supervisor's updates")
    if locked.discharged_on is not None:
        _add(
            errors,
            "compliance",
            f"This requirement was discharged on {long_date(locked.discharged_on)}: it has no more supervisor's "
            "updates",
        )
    _past_date(errors, "reported_on", reported_on, "The date of the update", current.issued_on)
    if compliance not in Compliance.values:
        _add(errors, "compliance", "Choose whether the respondent is complying")
    text = text.strip()
    if not text:
        _add(errors, "text", "Enter what the supervisor reports")
    if next_due_on is not None and reported_on is not None and next_due_on <= reported_on:
        _add(errors, "next_due_on", "The next update must be due after this one")
    if errors:
        raise ValidationError(errors)
    if next_due_on is None and locked.update_every_days:
        next_due_on = reported_on + datetime.timedelta(days=locked.update_every_days)
    update = SupervisorUpdate.objects.create(
        term=locked,
        reported_on=reported_on,
        compliance=compliance,
        text=text,
        next_due_on=next_due_on,
        recorded_by=officer,
    )
    locked.next_update_due = next_due_on
    locked.save(update_fields=["next_update_due"])
    line = (
        f"Supervisor's update of {long_date(reported_on)} from {locked.supervisor} on requirement {locked.position} "
        f"of the {current.kind_name} for {current.person.full_name}: {update.get_compliance_display().lower()}. {text}"
    )
    if next_due_on:
        line += f" Next update due {long_date(next_due_on)}."
    _entry(officer, current.case, line)
    audit_case(
        officer, AuditAction.CHANGE, f"Recorded a supervisor's update on {current.kind_name}", current.case, current
    )
    return update


def _lock_term(term: OrderTerm) -> tuple[Intervention, OrderTerm]:
    current = _lock(term.intervention)
    return current, OrderTerm.objects.select_for_update().get(pk=term.pk)


@transaction.atomic
def vary_term(
    *,
    officer: Officer,
    term: OrderTerm,
    expected_version: int,
    varied_on: datetime.date,
    varied_by: str,
    text: str,
    supervisor: str = "",
    update_every_days: int | None = None,
    excludes_from_home: bool = False,
    exclusion_ground: str = "",
) -> OrderTermVariation:
    """A court varies one term: its new wording (and a requirement's supervisor and reporting interval) under the
    same rules as a term added, the earlier wording kept as a variation. A new reporting interval runs from the
    date varied; otherwise the update already due stays due."""
    current, locked = _lock_term(term)
    if locked.version != expected_version:
        raise TermChanged(locked)
    errors: dict[str, list[str]] = {}
    if locked.discharged_on is not None:
        _add(errors, "text", f"This term was discharged on {long_date(locked.discharged_on)}: it cannot be varied")
    _past_date(errors, "varied_on", varied_on, "The date varied", current.issued_on)
    varied_by = varied_by.strip()
    if not varied_by:
        _add(errors, "varied_by", "Enter the court or hearing that varied the term")
    text, supervisor, update_every_days, exclusion_ground = _checked_wording(
        errors, current, locked.kind, text, supervisor, update_every_days, excludes_from_home, exclusion_ground
    )
    new = (text, supervisor, update_every_days, excludes_from_home, exclusion_ground)
    old = (
        locked.text,
        locked.supervisor,
        locked.update_every_days,
        locked.excludes_from_home,
        locked.exclusion_ground,
    )
    if not errors and new == old:
        _add(errors, "text", "Change the wording, the supervisor or the reporting interval: the term is the same")
    if errors:
        raise ValidationError(errors)
    variation = OrderTermVariation.objects.create(
        term=locked,
        varied_on=varied_on,
        varied_by=varied_by,
        was_text=locked.text,
        was_supervisor=locked.supervisor,
        was_update_every_days=locked.update_every_days,
        was_excludes_from_home=locked.excludes_from_home,
        was_exclusion_ground=locked.exclusion_ground,
        recorded_by=officer,
    )
    if update_every_days != locked.update_every_days and update_every_days:
        locked.next_update_due = varied_on + datetime.timedelta(days=update_every_days)
    locked.text, locked.supervisor, locked.update_every_days = text, supervisor, update_every_days
    locked.excludes_from_home, locked.exclusion_ground = excludes_from_home, exclusion_ground
    locked.version += 1
    locked.save()
    line = (
        f"{locked.get_kind_display()} {locked.position} of the {current.kind_name} for {current.person.full_name} "
        f"varied on {long_date(varied_on)} by {varied_by}. Now: {text}"
    )
    if supervisor != variation.was_supervisor:
        line += f" Supervised by {supervisor} (was {variation.was_supervisor})."
    if update_every_days != variation.was_update_every_days and update_every_days:
        line += f" Reports every {update_every_days} days; next update due {long_date(locked.next_update_due)}."
    if excludes_from_home:
        line += f" Excludes the respondent from their home; ground: {locked.get_exclusion_ground_display().lower()}."
    _entry(officer, current.case, line)
    audit_case(officer, AuditAction.CHANGE, f"Varied {locked.label} of {current.kind_name}", current.case, current)
    return variation


@transaction.atomic
def discharge_term(
    *, officer: Officer, term: OrderTerm, discharged_on: datetime.date, discharged_by: str, reason: str
) -> OrderTerm:
    """A court discharges one term. It stays on the order's page as discharged; it no longer counts on the
    register, has no supervisor's update due (its reminder is withdrawn) and takes no new updates."""
    current, locked = _lock_term(term)
    errors: dict[str, list[str]] = {}
    if locked.discharged_on is not None:
        _add(errors, "discharged_on", f"This term was already discharged on {long_date(locked.discharged_on)}")
    _past_date(errors, "discharged_on", discharged_on, "The date discharged", current.issued_on)
    discharged_by, reason = discharged_by.strip(), reason.strip()
    if not discharged_by:
        _add(errors, "discharged_by", "Enter the court or hearing that discharged the term")
    if not reason:
        _add(errors, "reason", "Enter why the court discharged the term")
    if errors:
        raise ValidationError(errors)
    locked.discharged_on, locked.discharged_by, locked.discharge_reason = discharged_on, discharged_by, reason
    locked.next_update_due = None
    locked.version += 1
    locked.save()
    _entry(
        officer,
        current.case,
        f"{locked.get_kind_display()} {locked.position} of the {current.kind_name} for {current.person.full_name} "
        f"discharged on {long_date(discharged_on)} by {discharged_by}: {reason} (The term was: {locked.text})",
    )
    audit_case(officer, AuditAction.CHANGE, f"Discharged {locked.label} of {current.kind_name}", current.case, current)
    return locked


@transaction.atomic
def record_breach_action(
    *,
    officer: Officer,
    event: InterventionEvent,
    expected_version: int,
    reported_to_police_on: datetime.date | None = None,
    police_reference: str = "",
    referred_to_cps_on: datetime.date | None = None,
    prosecuted_on: datetime.date | None = None,
    outcome: str = "",
    evidence_document: Document | None = None,
) -> BreachAction:
    """What was done about a breach; `expected_version` is the version the form was opened at (0: nothing yet)."""
    current = _lock(event.intervention)
    action = BreachAction.objects.select_for_update().filter(event=event).first()
    if (action.version if action else 0) != expected_version:
        raise BreachActionChanged(action or current)
    errors: dict[str, list[str]] = {}
    if event.event_type != EventType.BREACH:
        _add(errors, "outcome", "Only a breach has actions recorded on it")
    _past_date(errors, "reported_to_police_on", reported_to_police_on, "The date reported to police", event.occurred_on)
    _past_date(errors, "referred_to_cps_on", referred_to_cps_on, "The date referred to the CPS", event.occurred_on)
    _past_date(errors, "prosecuted_on", prosecuted_on, "The date the prosecution started", event.occurred_on)
    if evidence_document is not None and evidence_document.case_id != current.case_id:
        _add(errors, "evidence_document", "The evidence must be a document on this case")
    outcome, police_reference = outcome.strip(), police_reference.strip()
    if not any([reported_to_police_on, referred_to_cps_on, prosecuted_on, outcome, evidence_document]):
        _add(
            errors,
            "reported_to_police_on",
            "Enter what was done: reported to police, referred to the CPS, prosecuted, or the outcome",
        )
    if errors:
        raise ValidationError(errors)
    if action is None:
        action = BreachAction(event=event, updated_by=officer, version=0)
    action.reported_to_police_on = reported_to_police_on
    action.police_reference = police_reference
    action.referred_to_cps_on = referred_to_cps_on
    action.prosecuted_on = prosecuted_on
    action.outcome = outcome.strip()
    action.evidence_document = evidence_document
    action.updated_by, action.updated_at = officer, clock.now()
    action.version += 1
    action.save()
    done = []
    if reported_to_police_on:
        done.append(
            f"reported to police on {long_date(reported_to_police_on)}"
            + (f" (reference {police_reference})" if police_reference else "")
        )
    if referred_to_cps_on:
        done.append(f"referred to the CPS on {long_date(referred_to_cps_on)}")
    if prosecuted_on:
        done.append(f"prosecution started on {long_date(prosecuted_on)}")
    if evidence_document:
        done.append(f"evidence: {evidence_document.title}")
    if outcome:
        done.append(f"outcome: {outcome}")
    _entry(
        officer,
        current.case,
        f"Breach of {long_date(event.occurred_on)} of the {current.kind_name} for {current.person.full_name}: "
        + "; ".join(done)
        + ".",
    )
    audit_case(
        officer,
        AuditAction.CHANGE,
        f"Recorded what was done about a breach of {current.kind_name}",
        current.case,
        current,
    )
    return action


@transaction.atomic
def record_risk_assessment(
    *,
    officer: Officer,
    case: Case,
    person: Person,
    assessed_on: datetime.date,
    harassment_risk: str,
    vulnerabilities: str,
    alternatives: str,
    other_matters: str,
) -> RespectRiskAssessment:
    errors: dict[str, list[str]] = {}
    if not CasePerson.objects.filter(case=case, person=person, role=PersonRole.PERPETRATOR).exists():
        _add(errors, "harassment_risk", f"{person.full_name} is not a perpetrator in case {case.reference}")
    _past_date(errors, "assessed_on", assessed_on, "The date of the assessment")
    values = {
        "harassment_risk": (harassment_risk.strip(), "Enter the risk of harassment, alarm or distress to others"),
        "vulnerabilities": (
            vulnerabilities.strip(),
            "Enter the respondent's vulnerabilities, or say there are none known",
        ),
        "alternatives": (alternatives.strip(), "Enter the other ways of stopping the behaviour that were considered"),
        "other_matters": (other_matters.strip(), "Enter any other material matter, or say there is none"),
    }
    for field, (value, message) in values.items():
        if not value:
            _add(errors, field, message)
    if errors:
        raise ValidationError(errors)
    assessment = RespectRiskAssessment.objects.create(
        case=case,
        person=person,
        assessed_on=assessed_on,
        recorded_by=officer,
        **{field: value for field, (value, _) in values.items()},
    )
    _entry(
        officer,
        case,
        f"Respect order risk assessment of {long_date(assessed_on)} recorded for {person.full_name}: "
        f"risk to others: {values['harassment_risk'][0][:300]}",
    )
    audit_case(
        officer,
        AuditAction.CREATE,
        f"Recorded a Respect order risk assessment for {person.full_name}",
        case,
        assessment,
    )
    return assessment
