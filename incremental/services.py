"""Every write to the ladder: issuing interventions and recording what happens to them afterwards.

Each write locks the person's ladder (their Person row) first, so two officers cannot both read the ladder, both
find the same suggested stage and both record a stage on it at once; events also lock the intervention and
check its version, so a stale form cannot overwrite what someone else recorded. Every write lands on the case
chronology and the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from agencies.models import Agency, AuditAction, Officer
from cases.models import Case, CaseAgency, CasePerson, ChronologyEntry, EntryKind, Incident, Person, PersonRole
from cases.notifications import notify_lead_of_partner
from cases.record import audit_case, write_entry
from core import clock
from core.dates import long_date, long_datetime
from core.versions import StaleEdit

from . import rules
from .catalogue import Catalogue, locality_of, rule_of
from .models import EventType, Intervention, InterventionEvent, InterventionKind, InterventionStatus

# Conditions and terms can be long; the chronology carries the start of them, the intervention the whole text.
CHRONOLOGY_TERMS_LIMIT = 1000


class InterventionChanged(StaleEdit):
    """Someone else recorded something on the intervention after this form was opened."""


@dataclass(frozen=True)
class _PersonFacts:
    """The person as the rules see them: with the date of birth the officer is giving now, if their record has none."""

    first_name: str
    last_name: str
    date_of_birth: datetime.date | None


def kind_rule(intervention: Intervention) -> rules.KindRule:
    """The rules an intervention was issued under: its own version of the catalogue entry (one recorded before
    versions existed reads the version in force on its date issued in its case's area)."""
    version = intervention.kind_version
    if version is None:
        version = Catalogue.load().version(intervention.kind, intervention.issued_on, locality_of(intervention.case))
    if version is None:
        version = intervention.kind.versions.order_by("in_force_from").first()
    if version is None:
        raise ValidationError({"kind": _no_version(intervention.kind)})
    return rule_of(intervention.kind, version)


def _no_version(kind: InterventionKind) -> str:
    return f"{kind.name} has no version in the catalogue: an administrator must add one with its rules"


def _errors(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _terms(text: str) -> str:
    text = text.strip()
    if len(text) <= CHRONOLOGY_TERMS_LIMIT:
        return text
    return text[: CHRONOLOGY_TERMS_LIMIT - 1] + "… (the full terms are on the intervention)"


def is_perpetrator(case: Case, person: Person) -> bool:
    return CasePerson.objects.filter(case=case, person=person, role=PersonRole.PERPETRATOR).exists()


def _case_agency_ids(case: Case) -> set[int]:
    return {case.lead_agency_id, *CaseAgency.objects.filter(case=case).values_list("agency_id", flat=True)}


@transaction.atomic
def intervention_issue(
    *,
    officer: Officer,
    case: Case,
    person: Person,
    kind: InterventionKind,
    issuing_agency: Agency,
    issuing_officer: Officer,
    issued_on: datetime.date,
    live_until: datetime.date | None = None,
    conditions: str = "",
    refused_to_sign: bool = False,
    court: str = "",
    first_hearing_on: datetime.date | None = None,
    order_made: str = "",
    order_ends_on: datetime.date | None = None,
    justification: str = "",
    date_of_birth: datetime.date | None = None,
    made_without_notice: bool = False,
    return_hearing_on: datetime.date | None = None,
    notice_hours: int | None = None,
    authorised_by: str = "",
    landlord_confirmed: bool = False,
) -> Intervention:
    """Record an intervention on a perpetrator of the case, at the stage the officer chose.

    `live_until` defaults from the catalogue. A stage above the suggested one needs a `justification`.
    `date_of_birth` is recorded on the person when their record has none (age-limited powers ask for it).
    `made_without_notice`: a court order made without notice, where its version allows it; `return_hearing_on`, the
    hearing on notice that follows, is then its next hearing.
    `notice_hours`, `authorised_by`: a notice whose version sets its hours (a closure notice). `landlord_confirmed`: a
    registered social landlord confirms its version's condition for landlords (premises it owns or manages).
    """
    today = clock.today()
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if not is_perpetrator(case, locked):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    f"{locked.full_name} is not a perpetrator in case {case.reference}. Add them to the case as a "
                    "perpetrator before recording an intervention"
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    if not kind.is_active:
        _errors(errors, "kind", f"{kind.name} is no longer in the catalogue: choose another intervention")

    # Who issued it.
    if issuing_agency.pk not in _case_agency_ids(case):
        _errors(errors, "issuing_agency", f"{issuing_agency} is not part of this case: bring it into the case first")
    if issuing_officer.agency_id != issuing_agency.pk:
        _errors(errors, "issuing_officer", f"The issuing officer must be an officer of {issuing_agency}")

    # Dates in order.
    if issued_on > today:
        _errors(errors, "issued_on", "The date issued must be today or in the past")
    # The law in force on the date issued in the case's area.
    catalogue = Catalogue.load()
    locality = locality_of(case)
    version = catalogue.version(kind, issued_on, locality)
    described = (
        version or catalogue.latest(kind, issued_on, locality) or kind.versions.order_by("in_force_from").first()
    )
    if described is None:
        raise ValidationError({"kind": _no_version(kind)})
    rule = rule_of(kind, described)
    if version is None and "issued_on" not in errors:
        _errors(errors, "kind", catalogue.not_in_force(rule.label, kind, issued_on, locality))
    if live_until is None:
        live_until = rules.default_live_until(rule, issued_on)
    if live_until is not None and live_until < issued_on:
        _errors(errors, "live_until", "The date it is live until must be the same as or after the date issued")
    if order_ends_on is not None and order_ends_on < issued_on:
        _errors(errors, "order_ends_on", "The date the order ends must be the same as or after the date issued")

    # Court stages.
    court, order_made = court.strip(), order_made.strip()
    if kind.court_stage:
        if not court:
            _errors(errors, "court", f"Enter the court: {rule.label} is a court stage")
        if first_hearing_on is None and not order_made:
            _errors(errors, "first_hearing_on", "Enter the date of the first hearing, or the order made")
    for field, messages in rules.without_notice_errors(
        rule, issued_on, made_without_notice, first_hearing_on, return_hearing_on
    ).items():
        errors.setdefault(field, []).extend(messages)
    if not made_without_notice:
        return_hearing_on = None
    authorised_by = authorised_by.strip()
    for field, messages in rules.authorised_notice_errors(rule, notice_hours, authorised_by).items():
        errors.setdefault(field, []).extend(messages)
    if not rules.notice_hours_allowed(rule):
        notice_hours, authorised_by = None, ""
    for field, messages in rules.landlord_condition_errors(rule, issuing_agency, landlord_confirmed).items():
        errors.setdefault(field, []).extend(messages)
    if refused_to_sign and not kind.can_be_refused:
        _errors(
            errors, "refused_to_sign", f"Only an agreement the person is asked to sign can be refused, not {rule.label}"
        )

    # The person's date of birth, when their record has none and the officer gives it now.
    new_birth_date = None
    if locked.date_of_birth is None and date_of_birth is not None:
        if date_of_birth > today or date_of_birth.year < 1900:
            _errors(errors, "date_of_birth", "Date of birth must be a real date in the past")
        else:
            new_birth_date = date_of_birth
    facts = _PersonFacts(locked.first_name, locked.last_name, locked.date_of_birth or new_birth_date)

    # The ladder, the rules and the skip.
    ladder = list(Intervention.objects.filter(person=locked).only("kind_id", "tier", "status", "issued_on"))
    others = catalogue.alternatives(kind, list(InterventionKind.objects.filter(is_active=True)), issued_on, locality)
    for field, messages in rules.precondition_errors(rule, facts, issuing_agency, issued_on, ladder, others).items():
        errors.setdefault(field, []).extend(messages)
    if "live_until" not in errors:
        for message in rules.live_period_errors(rule, facts.date_of_birth, issued_on, live_until):
            _errors(errors, "live_until", message)
    suggested = rules.suggested_tier(rules.ladder_as_of(ladder, issued_on))
    skipped = rules.is_skip(kind.tier, suggested)
    justification = justification.strip()
    if skipped and not justification:
        _errors(errors, "justification", rules.skip_message(rule, suggested))
    if errors:
        raise ValidationError(errors)

    if new_birth_date is not None:
        Person.objects.filter(pk=locked.pk).update(date_of_birth=new_birth_date)
        locked.date_of_birth = person.date_of_birth = new_birth_date
        audit_case(officer, AuditAction.CHANGE, f"Recorded the date of birth of {locked.full_name}", case, locked)

    intervention = Intervention(
        person=locked,
        case=case,
        kind=kind,
        kind_version=version,
        kind_name=rule.name,
        tier=kind.tier,
        court_stage=kind.court_stage,
        legal_basis=rule.legal_basis,
        issuing_agency=issuing_agency,
        issuing_officer=issuing_officer,
        issued_on=issued_on,
        live_until=live_until,
        conditions=conditions.strip(),
        refused_to_sign=refused_to_sign,
        court=court,
        first_hearing_on=first_hearing_on,
        next_hearing_on=return_hearing_on
        or (first_hearing_on if first_hearing_on and first_hearing_on >= today else None),
        made_without_notice=made_without_notice,
        notice_hours=notice_hours,
        authorised_by=authorised_by,
        landlord_confirmation=rules.landlord_statement(rule, issuing_agency),
        order_made=order_made,
        order_ends_on=order_ends_on,
        suggested_tier=suggested,
        skipped_stage=skipped,
        justification=justification,
        status=InterventionStatus.REFUSED if refused_to_sign else InterventionStatus.LIVE,
        status_on=issued_on if refused_to_sign else None,
        appeal_deadline=issued_on + datetime.timedelta(days=rule.appeal_days) if rule.appeal_days else None,
        recorded_by=officer,
    )
    intervention.full_clean()
    intervention.save()

    write_entry(case=case, officer=officer, text=_issue_text(intervention, new_birth_date), kind=EntryKind.INTERVENTION)
    audit_case(
        officer,
        AuditAction.CREATE,
        f"Recorded {rule.name} (tier {kind.tier}) for {locked.full_name}" + (" (stage skipped)" if skipped else ""),
        case,
        intervention,
    )
    notify_lead_of_partner(
        case=case,
        officer=officer,
        did=f"recorded {rule.name} for {locked.full_name}",
        section="cases:interventions",
        anchor=f"#ladder-{locked.pk}",
        key=f"intervention:{intervention.pk}",
    )
    # A kind with a letter has it written next (incremental.letter_views): the officer confirms the address and the
    # salutation and sees the letter before it is filed.
    return intervention


def _issue_text(intervention: Intervention, new_birth_date: datetime.date | None) -> str:
    i = intervention
    issuer = f"{i.issuing_agency} ({i.issuing_officer.display_name})"
    parts = [f"{i.kind_name} (tier {i.tier}) issued to {i.person.full_name} by {issuer} on {long_date(i.issued_on)}"]
    if i.live_until:
        parts[0] += f", live until {long_date(i.live_until)}"
    parts[0] += "."
    if i.refused_to_sign:
        parts.append(f"{i.person.full_name} refused to sign.")
    if i.notice_hours:
        parts.append(f"Notice for {i.notice_hours} hours, authorised by {i.authorised_by}.")
    if i.landlord_confirmation:
        parts.append(f"Confirmed by {i.issuing_agency}: {i.landlord_confirmation}.")
    if i.court_stage:
        court = [f"Court: {i.court}"] if i.court else []
        if i.first_hearing_on:
            court.append(f"first hearing {long_date(i.first_hearing_on)}")
        if i.order_made:
            court.append(f"order made: {_terms(i.order_made)}")
        if i.order_ends_on:
            court.append(f"order ends {long_date(i.order_ends_on)}")
        if i.made_without_notice:
            court.append(f"made without notice, return hearing (on notice) {long_date(i.next_hearing_on)}")
        parts.append("; ".join(court) + ".")
    if i.conditions:
        parts.append(f"Conditions or terms: {_terms(i.conditions)}")
    if i.appeal_deadline:
        parts.append(f"Appeal by {long_date(i.appeal_deadline)}.")
    if i.skipped_stage:
        parts.append(
            f"Entered at tier {i.tier}, above the suggested tier {i.suggested_tier}. "
            f"Severity justification: {_terms(i.justification)}"
        )
    if new_birth_date:
        parts.append(f"Date of birth recorded: {long_date(new_birth_date)}.")
    return " ".join(parts)


# --- What happens after issue -------------------------------------------------------------------------------------


def appeal_state(intervention: Intervention) -> tuple[bool, bool]:
    """(an appeal has been lodged, it is still waiting for a decision)."""
    types = list(
        InterventionEvent.objects.filter(
            intervention=intervention,
            event_type__in=[EventType.APPEAL_LODGED, EventType.APPEAL_DISMISSED, EventType.APPEAL_ALLOWED],
        ).values_list("event_type", flat=True)
    )
    lodged = types.count(EventType.APPEAL_LODGED)
    return lodged > 0, lodged > len(types) - lodged


@transaction.atomic
def intervention_record_event(
    *,
    officer: Officer,
    intervention: Intervention,
    expected_version: int,
    event_type: str,
    occurred_on: datetime.date,
    details: str,
    evidence_entry: ChronologyEntry | None = None,
    evidence_incident: Incident | None = None,
    hearing_on: datetime.date | None = None,
    new_live_until: datetime.date | None = None,
    new_conditions: str = "",
) -> InterventionEvent:
    """Record a breach, appeal, hearing, variation, discharge or expiry, refusing what makes no sense in the
    intervention's present state, and refusing a form opened before someone else recorded something on it."""
    today = clock.today()
    Person.objects.select_for_update().get(pk=intervention.person_id)
    current = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("person", "case__jag", "kind", "kind_version")
        .get(pk=intervention.pk)
    )
    if current.version != expected_version:
        raise InterventionChanged(current)
    lodged, pending = appeal_state(current)
    allowed = rules.allowed_events(
        status=current.status, has_appeal=current.appeal_deadline is not None, appealed=lodged, appeal_pending=pending
    )
    if event_type not in allowed:
        raise ValidationError({"event_type": rules.event_refusal(current, event_type, lodged=lodged, pending=pending)})

    errors: dict[str, list[str]] = {}
    details = details.strip()
    if not details:
        _errors(errors, "details", "Enter what happened")
    if occurred_on > today:
        _errors(errors, "occurred_on", "The date must be today or in the past")
    elif occurred_on < current.issued_on:
        _errors(
            errors,
            "occurred_on",
            f"The date must be on or after the date it was issued, {long_date(current.issued_on)}",
        )

    if event_type == EventType.BREACH:
        ended = rules.live_end(current)
        if ended is not None and occurred_on > ended:
            _errors(
                errors,
                "occurred_on",
                f"It was not live after {long_date(ended)}: a breach must happen while it is live",
            )
        if evidence_entry is None and evidence_incident is None:
            _errors(errors, "evidence_entry", "Choose the chronology entry or the incident that evidences the breach")
        if evidence_entry is not None and evidence_entry.case_id != current.case_id:
            _errors(errors, "evidence_entry", "The evidence must be on this case's chronology")
        if evidence_incident is not None and evidence_incident.case_id != current.case_id:
            _errors(errors, "evidence_incident", "The evidence must be an incident on this case")
    else:
        evidence_entry = evidence_incident = None
    if event_type == EventType.APPEAL_LODGED and current.appeal_deadline and occurred_on > current.appeal_deadline:
        _errors(errors, "occurred_on", f"The appeal window closed on {long_date(current.appeal_deadline)}")
    if event_type == EventType.HEARING_LISTED:
        if hearing_on is None:
            _errors(errors, "hearing_on", "Enter the date of the hearing")
        elif hearing_on < occurred_on:
            _errors(errors, "hearing_on", "The hearing must be on or after the date it was listed")
    else:
        hearing_on = None
    new_conditions = new_conditions.strip()
    if event_type == EventType.VARIED:
        if new_live_until is None and not new_conditions:
            _errors(errors, "new_live_until", "Enter the new date it is live until, or the new conditions, or both")
        elif new_live_until is not None:
            limits = rules.live_period_errors(
                kind_rule(current), current.person.date_of_birth, current.issued_on, new_live_until
            )
            for message in limits:
                _errors(errors, "new_live_until", message)
    else:
        new_live_until, new_conditions = None, ""
    if errors:
        raise ValidationError(errors)

    event = InterventionEvent(
        intervention=current,
        event_type=event_type,
        occurred_on=occurred_on,
        details=details,
        evidence_entry=evidence_entry,
        evidence_incident=evidence_incident,
        hearing_on=hearing_on,
        new_live_until=new_live_until,
        new_conditions=new_conditions,
        recorded_by=officer,
    )
    event.full_clean()

    changes: list[str] = []
    if event_type == EventType.BREACH:
        current.breach_count += 1
    elif event_type == EventType.APPEAL_ALLOWED:
        current.status, current.status_on = InterventionStatus.QUASHED, occurred_on
        current.next_hearing_on = None
    elif event_type == EventType.HEARING_LISTED:
        current.next_hearing_on = hearing_on
    elif event_type == EventType.VARIED:
        if new_live_until is not None:
            changes.append(f"live until {long_date(current.live_until) or '(no end)'} → {long_date(new_live_until)}")
            current.live_until = new_live_until
        if new_conditions:
            changes.append("conditions or terms varied")
            current.conditions = new_conditions
    elif event_type in (EventType.DISCHARGED, EventType.EXPIRED):
        current.status = (
            InterventionStatus.DISCHARGED if event_type == EventType.DISCHARGED else InterventionStatus.EXPIRED
        )
        current.status_on, current.next_hearing_on = occurred_on, None
    current.version += 1
    current.full_clean()
    current.save()

    entry = write_entry(
        case=current.case,
        officer=officer,
        text=_event_text(current, event, changes),
        kind=EntryKind.INTERVENTION,
    )
    event.chronology_entry = entry
    event.save()
    audit_case(
        officer,
        AuditAction.CHANGE,
        f"Recorded {EventType(event_type).label.lower()} on {current.kind_name} for {current.person.full_name}",
        current.case,
        current,
    )
    intervention.version = current.version
    return event


def _event_text(intervention: Intervention, event: InterventionEvent, changes: list[str]) -> str:
    i = intervention
    head = (
        f"{EventType(event.event_type).label} on {long_date(event.occurred_on)}: {i.kind_name} "
        f"issued to {i.person.full_name} on {long_date(i.issued_on)}."
    )
    parts = [head]
    if changes:
        parts.append("Varied: " + "; ".join(changes) + ".")
    if event.new_conditions:
        parts.append(f"New conditions or terms: {_terms(event.new_conditions)}")
    if event.hearing_on:
        parts.append(f"Hearing on {long_date(event.hearing_on)}.")
    entry = event.evidence_entry
    if entry is not None:
        parts.append(
            f"Evidence: chronology entry of {long_datetime(entry.occurred_at)} ({entry.get_kind_display().lower()})."
        )
    incident = event.evidence_incident
    if incident is not None:
        parts.append(f"Evidence: incident of {long_datetime(incident.occurred_at)}.")
    if event.event_type == EventType.BREACH:
        parts.append(f"Breaches recorded so far: {i.breach_count}.")
    parts.append(_terms(event.details))
    return " ".join(parts)
