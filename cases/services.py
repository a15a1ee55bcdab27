"""Every write to the case file. Each writes its chronology entry and audit event in the same transaction."""

import datetime
import hashlib
from collections.abc import Iterable
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.db.models import F

from agencies.models import Agency, AuditAction, Officer
from core import clock
from core.dates import short_date, short_datetime
from core.versions import StaleEdit
from jag.models import Jag

from .models import (
    Case,
    CaseAgency,
    CasePerson,
    CaseReferenceCounter,
    CaseStatus,
    Category,
    ChronologyEntry,
    Document,
    EntryKind,
    Incident,
    JagManagementPeriod,
    PeriodEnd,
    Person,
    PersonRole,
    PlanAction,
    PlanVersion,
    RiskAssessment,
    RiskBand,
    RiskReviewInterval,
    VictimClosure,
    normalise_police_reference,
    normalise_postcode,
    victims_not_told,
)
from .notifications import notify_agency_brought_in, notify_lead_of_partner
from .permissions import case_grant_access
from .record import audit_case, write_entry

# Fields an officer of the lead agency may change on the case details form.
EDITABLE_CASE_FIELDS = (
    "address",
    "postcode",
    "ward",
    "category",
    "hate_incident",
    "jag",
    "lead_agency",
    "lead_officer",
    "summary",
)

DEFAULT_REVIEW_DAYS = {RiskBand.HIGH: 14, RiskBand.MEDIUM: 28, RiskBand.STANDARD: 56}


class ConcurrentEditError(StaleEdit):
    """Someone else saved the case after this form was opened."""


class PlanChangedError(StaleEdit):
    """Someone else saved a version of the plan after this form was opened; `current` is the latest version."""


def _next_reference(year: int) -> str:
    counter, _ = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
    CaseReferenceCounter.objects.filter(pk=year).update(last_number=F("last_number") + 1)
    counter.refresh_from_db()
    return f"ASB-{year}-{counter.last_number:06d}"


def _check_lead(lead_agency: Agency, lead_officer: Officer) -> None:
    if lead_officer.agency_id != lead_agency.pk:
        raise ValidationError({"lead_officer": f"The lead officer must be an officer of {lead_agency}"})


@transaction.atomic
def case_open(
    *,
    officer: Officer,
    address: str,
    postcode: str,
    ward: str,
    category: Category,
    hate_incident: bool,
    jag: Jag,
    lead_agency: Agency,
    lead_officer: Officer,
    summary: str,
) -> Case:
    _check_lead(lead_agency, lead_officer)
    now = clock.now()
    case = Case(
        reference=_next_reference(clock.today().year),
        address=address,
        postcode=normalise_postcode(postcode),
        ward=ward,
        category=category,
        hate_incident=hate_incident or category.is_hate_incident,
        jag=jag,
        lead_agency=lead_agency,
        lead_officer=lead_officer,
        summary=summary,
        opened_by=officer,
        opened_at=now,
        updated_at=now,
    )
    case.full_clean()
    case.save()
    if officer.agency_id and officer.agency_id != lead_agency.pk:
        # The opening officer's agency stays involved so it can still see the case it opened.
        CaseAgency.objects.create(case=case, agency_id=officer.agency_id, added_by=officer)
    case_grant_access(case)
    write_entry(
        case=case,
        officer=officer,
        text=f"Case opened: {category}, led by {lead_agency} ({lead_officer.display_name}), managed by {jag}.",
    )
    audit_case(officer, AuditAction.CREATE, f"Opened case {case.reference}", case)
    return case


@transaction.atomic
def case_update(*, case: Case, officer: Officer, expected_version: int, **changes) -> Case:
    """Change the case details, refusing if the case changed since the officer's form was opened."""
    unknown = set(changes) - set(EDITABLE_CASE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    current = Case.objects.select_for_update().select_related("lead_agency", "jag", "category").get(pk=case.pk)
    if current.version != expected_version:
        raise ConcurrentEditError(current)
    changes["postcode"] = normalise_postcode(changes.get("postcode", current.postcode))
    before = {field: getattr(current, field) for field in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    _check_lead(current.lead_agency, current.lead_officer)
    if current.category.is_hate_incident:
        current.hate_incident = True
    current.full_clean()
    changed = [field for field in changes if before[field] != getattr(current, field)]
    if not changed:
        return current
    current.version = expected_version + 1
    current.save()
    if "lead_agency" in changed:
        old_lead = before["lead_agency"]
        # The previous lead agency stays involved; the new lead is no longer "involved", it leads.
        CaseAgency.objects.get_or_create(case=current, agency=old_lead, defaults={"added_by": officer})
        CaseAgency.objects.filter(case=current, agency=current.lead_agency).delete()
    if {"lead_agency", "lead_officer", "jag"} & set(changed):
        case_grant_access(current)
    descriptions = []
    for field in changed:
        # The editable fields are the case's own columns, never a relation's reverse side.
        label = cast(models.Field, Case._meta.get_field(field)).verbose_name
        descriptions.append(f"{label}: {_display(before[field])} → {_display(getattr(current, field))}")
    write_entry(case=current, officer=officer, text="Case details changed. " + "; ".join(descriptions))
    audit_case(officer, AuditAction.CHANGE, f"Changed {', '.join(changed)}", current)
    return current


def _display(value) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


@transaction.atomic
def case_add_agency(*, case: Case, officer: Officer, agency: Agency) -> CaseAgency:
    Case.objects.select_for_update().get(pk=case.pk)
    if agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": f"{agency} already leads this case"})
    if CaseAgency.objects.filter(case=case, agency=agency).exists():
        raise ValidationError({"agency": f"{agency} is already involved in this case"})
    link = CaseAgency.objects.create(case=case, agency=agency, added_by=officer)
    case_grant_access(case)
    write_entry(case=case, officer=officer, text=f"Agency brought into the case: {agency}.")
    audit_case(officer, AuditAction.SHARE, f"Shared case with {agency}", case)
    notify_agency_brought_in(case=case, agency=agency, officer=officer, link_id=link.pk)
    return link


@transaction.atomic
def case_remove_agency(*, case: Case, officer: Officer, agency: Agency) -> None:
    Case.objects.select_for_update().get(pk=case.pk)
    deleted, _ = CaseAgency.objects.filter(case=case, agency=agency).delete()
    if not deleted:
        raise ValidationError({"agency": f"{agency} is not involved in this case"})
    case_grant_access(case)
    write_entry(case=case, officer=officer, text=f"Agency removed from the case: {agency}.")
    audit_case(officer, AuditAction.SHARE, f"Stopped sharing case with {agency}", case)


@transaction.atomic
def person_create(
    *,
    officer: Officer,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    address: str = "",
    postcode: str = "",
    telephone: str = "",
    email: str = "",
    notes: str = "",
) -> Person:
    person = Person(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        address=address,
        postcode=normalise_postcode(postcode),
        telephone=telephone,
        email=email,
        notes=notes,
        created_by=officer,
    )
    if date_of_birth and date_of_birth > clock.today():
        raise ValidationError({"date_of_birth": "Date of birth must be in the past"})
    person.full_clean(exclude=["search_name"])
    person.save()
    return person


@transaction.atomic
def case_add_person(*, case: Case, officer: Officer, person: Person, role: str) -> CasePerson:
    if CasePerson.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"role": f"{person} is already on this case as {PersonRole(role).label.lower()}"})
    link = CasePerson(case=case, person=person, role=role, added_by=officer)
    link.full_clean()
    link.save()
    write_entry(case=case, officer=officer, text=f"{PersonRole(role).label} added: {person.full_name}.")
    audit_case(officer, AuditAction.CREATE, f"Added {person.full_name} as {role}", case, obj=link)
    return link


@transaction.atomic
def incident_record(
    *,
    case: Case,
    officer: Officer,
    occurred_at: datetime.datetime,
    reported_at: datetime.datetime,
    reported_to: Agency,
    description: str,
    hate_incident: bool,
    police_log_number: str = "",
    crime_number: str = "",
    reported_by: Person | None = None,
) -> Incident:
    if (
        reported_by is not None
        and not CasePerson.objects.filter(case=case, person=reported_by, role=PersonRole.COMPLAINANT).exists()
    ):
        raise ValidationError({"reported_by": "Choose a complainant or victim of this case"})
    incident = Incident(
        case=case,
        reported_by=reported_by,
        occurred_at=occurred_at,
        reported_at=reported_at,
        reported_to=reported_to,
        description=description,
        hate_incident=hate_incident,
        police_log_number=normalise_police_reference(police_log_number),
        crime_number=normalise_police_reference(crime_number),
        recorded_by=officer,
    )
    incident.full_clean()
    incident.save()
    flag = " (hate incident)" if hate_incident else ""
    references = "".join(
        f" {label} {value}."
        for label, value in (("Police log", incident.police_log_number), ("Crime number", incident.crime_number))
        if value
    )
    write_entry(
        case=case,
        officer=officer,
        text=f"Incident recorded{flag}: happened {short_datetime(occurred_at)}, "
        f"reported to {reported_to} {short_datetime(reported_at)}"
        f"{f' by {reported_by.full_name}' if reported_by else ''}.{references} {description[:300]}",
    )
    audit_case(officer, AuditAction.CREATE, "Recorded an incident", case, obj=incident)
    notify_lead_of_partner(
        case=case, officer=officer, did="recorded an incident", section="cases:incidents", key=f"incident:{incident.pk}"
    )
    return incident


@transaction.atomic
def chronology_add(
    *, case: Case, officer: Officer, kind: str, occurred_at: datetime.datetime, text: str
) -> ChronologyEntry:
    if kind in (EntryKind.SYSTEM, EntryKind.CORRECTION):
        raise ValidationError({"kind": "Choose the kind of action"})
    if occurred_at > clock.now():
        raise ValidationError({"occurred_at": "The date of the action must be in the past"})
    entry = write_entry(case=case, officer=officer, kind=kind, occurred_at=occurred_at, text=text)
    audit_case(officer, AuditAction.CREATE, f"Logged {EntryKind(kind).label.lower()}", case, obj=entry)
    notify_lead_of_partner(
        case=case,
        officer=officer,
        did=f"logged a {EntryKind(kind).label.lower()} on the chronology",
        section="cases:chronology",
        key=f"entry:{entry.pk}",
    )
    return entry


@transaction.atomic
def chronology_correct(*, entry: ChronologyEntry, officer: Officer, text: str) -> ChronologyEntry:
    """Correct an entry by appending a new one that points at it; the original stays as it was."""
    if entry.is_system:
        raise ValidationError({"text": "System events cannot be corrected; log a note instead"})
    correction = write_entry(case=entry.case, officer=officer, kind=EntryKind.CORRECTION, text=text, corrects=entry)
    audit_case(officer, AuditAction.CREATE, f"Corrected chronology entry {entry.pk}", entry.case, obj=correction)
    return correction


def risk_calculate(
    *,
    happened_before: bool,
    reported_elsewhere: bool,
    feels_targeted: bool,
    household_vulnerable: bool,
    children_involved: bool,
) -> str:
    """The screening band. Vulnerability weighs double: a vulnerable household is never standard risk."""
    score = (
        int(happened_before)
        + int(reported_elsewhere)
        + int(feels_targeted)
        + 2 * int(household_vulnerable)
        + int(children_involved)
    )
    if score >= 4:
        return RiskBand.HIGH
    if score >= 2:
        return RiskBand.MEDIUM
    return RiskBand.STANDARD


def review_days_for(band: str) -> int:
    configured = RiskReviewInterval.objects.filter(band=band).values_list("days", flat=True).first()
    return configured or DEFAULT_REVIEW_DAYS[RiskBand(band)]


@transaction.atomic
def risk_assess(
    *,
    case: Case,
    officer: Officer,
    happened_before: bool,
    reported_elsewhere: bool,
    feels_targeted: bool,
    household_vulnerable: bool,
    children_involved: bool,
    override_band: str = "",
    override_reason: str = "",
    victim: Person | None = None,
) -> RiskAssessment:
    answers = dict(
        happened_before=happened_before,
        reported_elsewhere=reported_elsewhere,
        feels_targeted=feels_targeted,
        household_vulnerable=household_vulnerable,
        children_involved=children_involved,
    )
    calculated = risk_calculate(**answers)
    band = override_band or calculated
    if band != calculated and not override_reason.strip():
        raise ValidationError({"override_reason": "Give the reason for changing the calculated risk band"})
    locked = Case.objects.select_for_update().get(pk=case.pk)
    days = review_days_for(band)
    today = clock.today()
    assessment = RiskAssessment(
        case=case,
        victim=victim,
        calculated_band=calculated,
        band=band,
        override_reason=override_reason.strip() if band != calculated else "",
        review_days=days,
        next_review_date=today + datetime.timedelta(days=days),
        assessed_by=officer,
        **answers,
    )
    assessment.full_clean()
    assessment.save()
    previous = locked.risk_band
    Case.objects.filter(pk=case.pk).update(risk_band=band, next_review_date=assessment.next_review_date)
    case.risk_band, case.next_review_date = band, assessment.next_review_date
    label = RiskBand(band).label.lower()
    if previous and previous != band:
        text = f"Risk changed from {RiskBand(previous).label.lower()} to {label}"
    elif previous:
        text = f"Risk reviewed: remains {label}"
    else:
        text = f"Risk assessed as {label}"
    if band != calculated:
        text += f" (calculated {RiskBand(calculated).label.lower()}, overridden: {assessment.override_reason})"
    write_entry(case=case, officer=officer, text=f"{text}. Next review by {short_date(assessment.next_review_date)}.")
    audit_case(officer, AuditAction.CREATE, text, case, obj=assessment)
    return assessment


PLAN_FIELDS = (
    "overview",
    "partner_reports",
    "who_is_at_risk",
    "risk_from",
    "likely_outcome",
    "children_involved",
    "safeguarding_considered",
    "safeguarding_notes",
    "support_options",
    "powers_available",
    "actions",
    "rationale",
    "review_outcome",
    "risk_alleviated",
    "new_information",
    "further_actions",
)


@transaction.atomic
def plan_save(
    *,
    case: Case,
    officer: Officer,
    expected_version: int | None = None,
    planned_actions: Iterable[dict] = (),
    **sections,
) -> PlanVersion:
    """Save Appendix A as a new version; earlier versions are kept unchanged.

    `planned_actions`: section 5's actions, each a dict of description, agency (an agency on the case), officer
    (one of that agency's, or None) and due_on; the new version keeps its own copy of them.

    `expected_version` is the number of the version the officer's form was opened at (0: there was none yet); if
    someone saved another version since, the save is refused with PlanChangedError. None (imports, the demo)
    saves on top of whatever is there.
    """
    unknown = set(sections) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not a plan field: {', '.join(sorted(unknown))}")
    # The case row is the plan's lock: two saves of the same case's plan take their turns.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    last = PlanVersion.objects.filter(case=case).aggregate(n=models.Max("number"))["n"] or 0
    if expected_version is not None and expected_version != last:
        raise PlanChangedError(PlanVersion.objects.select_related("completed_by").get(case=case, number=last))
    if not locked.needs_plan:
        raise ValidationError("A problem-solving plan is for medium and high risk cases: assess the risk first")
    plan = PlanVersion(case=case, number=last + 1, completed_by=officer, **sections)
    plan.full_clean()
    actions = [PlanAction(position=n, **action) for n, action in enumerate(planned_actions, start=1)]
    on_case = {locked.lead_agency_id, *CaseAgency.objects.filter(case=locked).values_list("agency_id", flat=True)}
    for action in actions:
        if action.agency_id not in on_case:
            raise ValidationError(f"Action {action.position}: {action.agency} is not part of this case")
        if action.officer is not None and action.officer.agency_id != action.agency_id:
            raise ValidationError(f"Action {action.position}: the officer must be an officer of {action.agency}")
    plan.save()
    for action in actions:
        action.plan = plan
        action.full_clean()
    PlanAction.objects.bulk_create(actions)
    verb = "created" if plan.number == 1 else "revised"
    write_entry(case=case, officer=officer, text=f"Problem-solving plan (Appendix A) {verb}: version {plan.number}.")
    audit_case(officer, AuditAction.CREATE, f"Saved plan version {plan.number}", case, obj=plan)
    return plan


@transaction.atomic
def document_upload(
    *,
    case: Case,
    officer: Officer,
    uploaded: File,
    content_type: str,
    title: str,
    description: str = "",
    on_record: bool = True,
    uploaded_by_hand: bool = True,
) -> Document:
    """Keep a document on the case, with its SHA-256. With `on_record` false it is kept without a chronology entry
    (a print of the record is not an action on the case); the audit trail has it either way. A document uploaded
    by hand (not one the system made in the course of another step, which tells of itself) by an officer of a
    partner agency is notified to the lead officer."""
    name = uploaded.name
    if name is None:
        raise TypeError("A document's file must have a name")
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    document = Document(
        case=case,
        title=title,
        description=description,
        original_name=name[:255],
        content_type=content_type,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        uploaded_by=officer,
    )
    document.file.save(name, uploaded, save=False)
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    if on_record:
        write_entry(case=case, officer=officer, text=f"Document uploaded: {title} ({name}).")
    audit_case(officer, AuditAction.CREATE, f"Uploaded document {title}", case, obj=document)
    if on_record and uploaded_by_hand:
        notify_lead_of_partner(
            case=case,
            officer=officer,
            did=f"uploaded a document ({title})",
            section="cases:documents",
            key=f"document:{document.pk}",
        )
    return document


def document_store(
    *,
    case: Case,
    officer: Officer,
    content: bytes,
    filename: str,
    content_type: str,
    title: str,
    description: str = "",
    on_record: bool = True,
) -> Document:
    """Keep a document the system generated (a letter, a report) on the case, like an uploaded one."""
    return document_upload(
        case=case,
        officer=officer,
        uploaded=ContentFile(content, name=filename),
        content_type=content_type,
        title=title,
        description=description,
        on_record=on_record,
        uploaded_by_hand=False,
    )


def check_victims_told(case: Case) -> None:
    """A case closes only once each victim has been told it is closing and why, or the reason they were not is
    recorded (the 2025 statutory guidance); a case with no victims closes as before."""
    untold = victims_not_told(case)
    if untold:
        names = ", ".join(person.full_name for person in untold)
        raise ValidationError(
            {
                "victims": f"Record how each victim was told the case is closing and why, or why they were not told: "
                f"not yet recorded for {names}"
            }
        )


@transaction.atomic
def case_set_status(
    *, case: Case, officer: Officer, status: str, reason: str, expected_version: int | None = None
) -> Case:
    """Close a case as resolved, or reopen a closed one. Ceasing is the cessation workflow's alone.

    With `expected_version` (the case's version when the officer's form was opened), a case changed since is
    refused with ConcurrentEditError: a form opened to close the case must not reopen it after someone else closed
    it meanwhile.
    """
    current = Case.objects.select_for_update().select_related("lead_agency", "lead_officer").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current)
    allowed: dict[str, str] = {CaseStatus.OPEN: CaseStatus.CLOSED, CaseStatus.CLOSED: CaseStatus.OPEN}
    if allowed.get(current.status) != status:
        raise ValidationError(
            f"A case that is {current.get_status_display().lower()} cannot be made {CaseStatus(status).label.lower()}"
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason"})
    if status == CaseStatus.CLOSED:
        check_victims_told(current)
    now = clock.now()
    Case.objects.filter(pk=case.pk).update(
        status=status, closed_at=now if status == CaseStatus.CLOSED else None, version=F("version") + 1, updated_at=now
    )
    if status == CaseStatus.OPEN:
        # The records of the closing just undone stay as history; the next closing tells the victims afresh.
        VictimClosure.objects.filter(case=current, superseded_at__isnull=True).update(superseded_at=now)
    current.refresh_from_db()
    verb = "closed (resolved)" if status == CaseStatus.CLOSED else "reopened"
    write_entry(case=current, officer=officer, text=f"Case {verb}: {reason.strip()}")
    audit_case(officer, AuditAction.CHANGE, f"Case {verb}", current)
    return current


@transaction.atomic
def case_cease(*, case: Case, officer: Officer, text: str) -> Case:
    """Close the case as unresolved (ceased), ending its JAG management: the cessation workflow's step once the
    chair has signed the closure report, and no one else's."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.status != CaseStatus.OPEN:
        raise ValidationError(f"A case that is {current.get_status_display().lower()} cannot be ceased")
    now = clock.now()
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CEASED, closed_at=now, version=F("version") + 1, updated_at=now
    )
    JagManagementPeriod.objects.filter(case=current, ended_on__isnull=True).update(
        ended_on=clock.today(), end_reason=PeriodEnd.CASE_CLOSED, ended_by=officer
    )
    current.refresh_from_db()
    write_entry(case=current, officer=officer, kind=EntryKind.DECISION, text=text)
    audit_case(officer, AuditAction.CHANGE, "Case closed as unresolved (ceased)", current)
    return current
