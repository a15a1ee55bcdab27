"""Writes for a victim's side of a case: the contact plan and its single point of contact, the updates given, and the
victim's own risk and vulnerability assessment. Each lands on the case's chronology and the audit trail in the same
transaction; the plan is edited against the version the officer's form was opened at."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from agencies.models import AuditAction, Officer
from core import clock
from core.dates import short_date
from core.versions import StaleEdit

from ..models import (
    METHOD_FIELDS,
    Case,
    CasePerson,
    CasePolicy,
    ContactMethod,
    EntryKind,
    Person,
    PersonRole,
    RiskBand,
    VictimAssessment,
    VictimContact,
    VictimContactChange,
    VictimContactPlan,
)
from ..record import audit_case, write_entry

# The victim's band from their answers, as the assessment page states it before asking whether to change it.
BAND_RULE = (
    "A victim who feels unsafe in their home is high risk. Otherwise each answer of yes scores: targeted 2, "
    "vulnerable household 2, repeat victim 1, health affected 1, children in the household 1. "
    "A score of 4 or more is high risk, 2 or 3 medium, 0 or 1 standard."
)

ANSWERS = (
    "repeat_victim",
    "targeted",
    "household_vulnerable",
    "health_impact",
    "children_in_household",
    "unsafe_at_home",
)

# How an update given appears on the chronology.
_ENTRY_KIND = {
    ContactMethod.PHONE: EntryKind.CALL,
    ContactMethod.VISIT: EntryKind.VISIT,
    ContactMethod.EMAIL: EntryKind.EMAIL,
    ContactMethod.LETTER: EntryKind.LETTER,
}


class ContactPlanChangedError(StaleEdit):
    """Someone else saved the victim's contact plan after the officer's form was opened."""


def victim_band(
    *,
    repeat_victim: bool,
    targeted: bool,
    household_vulnerable: bool,
    health_impact: bool,
    children_in_household: bool,
    unsafe_at_home: bool,
) -> str:
    """The band BAND_RULE states."""
    if unsafe_at_home:
        return RiskBand.HIGH
    score = (
        2 * int(targeted)
        + 2 * int(household_vulnerable)
        + int(repeat_victim)
        + int(health_impact)
        + int(children_in_household)
    )
    if score >= 4:
        return RiskBand.HIGH
    if score >= 2:
        return RiskBand.MEDIUM
    return RiskBand.STANDARD


def latest_band(case: Case, victim: Person) -> str:
    """The band of the victim's latest assessment on the case, '' if never assessed."""
    found = (
        VictimAssessment.objects.filter(case=case, victim=victim).order_by("-assessed_at", "-id").values("band").first()
    )
    return found["band"] if found else ""


def default_frequency(band: str, policy: CasePolicy | None = None) -> int:
    return (policy or CasePolicy.current()).victim_contact_days(band)


def next_contact_due(plan: VictimContactPlan) -> datetime.date:
    return (plan.last_contact_on or plan.starts_on) + datetime.timedelta(days=plan.frequency_days)


def spoc_choices(case: Case):
    """Who may be the single point of contact: active officers of the lead agency and of the agencies brought in."""
    agencies = [case.lead_agency_id, *case.agency_links.values_list("agency_id", flat=True)]
    return (
        Officer.objects.filter(is_active=True, agency_id__in=agencies)
        .select_related("agency")
        .order_by("agency__name", "last_name", "first_name")
    )


def _check_victim(case: Case, victim: Person) -> None:
    if not CasePerson.objects.filter(case=case, person=victim, role=PersonRole.COMPLAINANT).exists():
        raise ValidationError(f"{victim} is not a complainant or victim on this case")


def _locked_plan(case: Case, victim: Person) -> VictimContactPlan | None:
    return VictimContactPlan.objects.select_for_update().filter(case=case, victim=victim).first()


@transaction.atomic
def contact_plan_save(
    *,
    case: Case,
    victim: Person,
    officer: Officer,
    expected_version: int,
    spoc: Officer,
    frequency_days: int | None,
    methods: list[str],
    safe_times: str = "",
    safe_ways: str = "",
    language: str = "",
    interpreter_needed: bool = False,
    accessibility_needs: str = "",
    others_to_speak_to: str = "",
) -> VictimContactPlan:
    """Make or change the victim's contact plan (version 0: there was none when the form was opened). Without a
    frequency the plan follows the victim's risk band (CasePolicy). A new single point of contact is kept in the
    history."""
    Case.objects.select_for_update().get(pk=case.pk)
    _check_victim(case, victim)
    current = _locked_plan(case, victim)
    if (current.version if current else 0) != expected_version:
        raise ContactPlanChangedError(current or VictimContactPlan(case=case, victim=victim, version=0))
    errors = {}
    chosen = [method for method in methods if method in METHOD_FIELDS]
    if not chosen:
        errors["methods"] = "Choose at least one way to contact the victim"
    if not spoc_choices(case).filter(pk=spoc.pk).exists():
        errors["spoc"] = "Choose an active officer of an agency working the case"
    if frequency_days is not None and not 1 <= frequency_days <= 365:
        errors["frequency_days"] = "Enter a number of days between 1 and 365"
    if errors:
        raise ValidationError(errors)
    previous_spoc_id = current.spoc_id if current else None
    plan = current or VictimContactPlan(case=case, victim=victim, starts_on=clock.today(), version=0)
    plan.spoc = spoc
    plan.frequency_chosen = frequency_days is not None
    plan.frequency_days = frequency_days or default_frequency(latest_band(case, victim))
    for method, field in METHOD_FIELDS.items():
        setattr(plan, field, method in chosen)
    plan.safe_times, plan.safe_ways = safe_times.strip(), safe_ways.strip()
    plan.language, plan.interpreter_needed = language.strip(), interpreter_needed
    plan.accessibility_needs, plan.others_to_speak_to = accessibility_needs.strip(), others_to_speak_to.strip()
    plan.next_contact_due = next_contact_due(plan)
    plan.version += 1
    plan.updated_by, plan.updated_at = officer, clock.now()
    plan.full_clean()
    plan.save()
    if previous_spoc_id != spoc.pk:
        VictimContactChange.objects.create(
            case=case, victim=victim, spoc=spoc, previous_id=previous_spoc_id, changed_by=officer
        )
    how = ", ".join(label.lower() for label in plan.method_labels)
    text = (
        f"Contact plan for {victim} {'made' if plan.version == 1 else 'changed'}: single point of contact "
        f"{spoc.display_name}, at least every {plan.frequency_days} days by {how}; next contact due by "
        f"{short_date(plan.next_contact_due)}."
    )
    write_entry(case=case, officer=officer, text=text)
    audit_case(officer, AuditAction.CHANGE, f"Saved the contact plan for {victim}", case, obj=plan)
    return plan


@transaction.atomic
def contact_log(
    *,
    case: Case,
    victim: Person,
    officer: Officer,
    contacted_at: datetime.datetime,
    method: str,
    summary: str,
) -> VictimContact:
    """Record an update given to the victim (on the chronology too); the plan's next contact is due from it."""
    Case.objects.select_for_update().get(pk=case.pk)
    _check_victim(case, victim)
    errors = {}
    if method not in ContactMethod.values:
        errors["method"] = "Choose how the victim was contacted"
    if contacted_at > clock.now():
        errors["contacted_at"] = "The contact must be in the past"
    if not summary.strip():
        errors["summary"] = "Enter what was said"
    if errors:
        raise ValidationError(errors)
    contact = VictimContact(
        case=case, victim=victim, contacted_at=contacted_at, method=method, officer=officer, summary=summary.strip()
    )
    contact.full_clean()
    contact.save()
    plan = _locked_plan(case, victim)
    day = timezone.localtime(contacted_at).date()
    if plan and (plan.last_contact_on is None or day > plan.last_contact_on):
        plan.last_contact_on = day
        plan.next_contact_due = next_contact_due(plan)
        plan.save(update_fields=["last_contact_on", "next_contact_due"])
    write_entry(
        case=case,
        officer=officer,
        kind=_ENTRY_KIND[ContactMethod(method)],
        occurred_at=contacted_at,
        text=f"Update given to {victim} ({ContactMethod(method).label.lower()}): {contact.summary}",
    )
    audit_case(officer, AuditAction.CREATE, f"Recorded an update given to {victim}", case, obj=contact)
    return contact


@transaction.atomic
def victim_assess(
    *,
    case: Case,
    victim: Person,
    officer: Officer,
    repeat_victim: bool,
    targeted: bool,
    household_vulnerable: bool,
    health_impact: bool,
    children_in_household: bool,
    unsafe_at_home: bool,
    band: str | None = None,
    override_reason: str = "",
) -> VictimAssessment:
    """Assess the victim: the band BAND_RULE gives, or another with a reason. A contact plan that follows the band
    takes its frequency from the new one."""
    Case.objects.select_for_update().get(pk=case.pk)
    _check_victim(case, victim)
    answers = {
        "repeat_victim": repeat_victim,
        "targeted": targeted,
        "household_vulnerable": household_vulnerable,
        "health_impact": health_impact,
        "children_in_household": children_in_household,
        "unsafe_at_home": unsafe_at_home,
    }
    calculated = victim_band(**answers)
    band = band or calculated
    override_reason = override_reason.strip()
    if band not in RiskBand.values:
        raise ValidationError({"override_band": "Choose a risk band from the list"})
    if band != calculated and not override_reason:
        raise ValidationError({"override_reason": "Give the reason for changing the band"})
    if band == calculated:
        override_reason = ""
    assessment = VictimAssessment(
        case=case,
        victim=victim,
        calculated_band=calculated,
        band=band,
        override_reason=override_reason,
        assessed_by=officer,
        **answers,
    )
    assessment.full_clean()
    assessment.save()
    plan = _locked_plan(case, victim)
    follows = ""
    if plan and not plan.frequency_chosen:
        plan.frequency_days = default_frequency(band)
        plan.next_contact_due = next_contact_due(plan)
        plan.version += 1
        plan.save(update_fields=["frequency_days", "next_contact_due", "version"])
        follows = (
            f" Contact at least every {plan.frequency_days} days, next due by {short_date(plan.next_contact_due)}."
        )
    label = RiskBand(band).label.lower()
    changed = (
        f" (calculated {RiskBand(calculated).label.lower()}; changed because: {override_reason})"
        if band != calculated
        else ""
    )
    write_entry(
        case=case, officer=officer, text=f"Victim risk assessment for {victim}: {label} risk{changed}.{follows}"
    )
    audit_case(officer, AuditAction.CREATE, f"Assessed the risk to {victim}", case, obj=assessment)
    return assessment
