"""Import cases from the partnership's previous ASB system: one JSON file, described in docs/import-format.md.

All or nothing. The whole file is checked first and every problem is collected, each naming the record and
the field it is about (`cases[3] (legacy id "C-1042").incidents[1].occurred_at: ...`); only a file without
problems is written, in one transaction. The rules are the services' rules (postcodes, incident dates, JAG
management periods that never overlap, the lead officer an officer of the lead agency), applied to the whole
file at once, and the rows are written with set-based inserts: ten thousand cases through the per-case
services would take hours of queries, this takes seconds.

Matching, so that importing the same file twice creates nothing twice: agencies by short name (or name),
JAGs by name (or locality), officers by username, cases and people by their id in the previous system
(kept in ImportedCase / ImportedPerson). A case already imported is skipped, never changed.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from agencies.models import Agency, AgencyKind, AuditAction, AuditEvent, Department, Officer
from agencies.roles import Role, role_group_name
from core import clock
from jag.models import Jag

from ..models import (
    Case,
    CaseAgency,
    CaseGroupObjectPermission,
    CasePerson,
    CaseReferenceCounter,
    CaseStatus,
    CaseUserObjectPermission,
    Category,
    ChronologyEntry,
    EntryKind,
    ImportedCase,
    ImportedPerson,
    Incident,
    JagManagementPeriod,
    PeriodEnd,
    PeriodStart,
    Person,
    PersonRole,
    RiskBand,
    normalise_police_reference,
    normalise_postcode,
    police_reference_problem,
    validate_postcode,
)
from ..permissions import LEAD_PERMISSIONS, PARTNER_PERMISSIONS

FORMAT = "llr-asb-import"
VERSION = 1
REFERENCE_RE = re.compile(r"^ASB-(\d{4})-(\d{6})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_EXPECTED = "expected YYYY-MM-DD"
DATETIME_EXPECTED = "expected YYYY-MM-DD or ISO 8601 date-time"
# The kinds an officer logs; corrections and system events belong to this system, not to imported history.
ENTRY_KINDS = [k.value for k in EntryKind if k not in (EntryKind.CORRECTION, EntryKind.SYSTEM)]
BATCH = 2000


class ImportFailed(Exception):
    """The file cannot be imported; `errors` lists every problem found. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s) found: nothing was imported")
        self.errors = errors


@dataclass
class ImportResult:
    counts: dict[str, int] = field(default_factory=dict)
    case_references: dict[str, str] = field(default_factory=dict)  # legacy id -> reference, new cases only
    officers_needing_password: list[str] = field(default_factory=list)


# --- Reading values: each reader records a problem and returns a safe default, so checking goes on ----------


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def parse_date(value: str) -> datetime.date:
    if not DATE_RE.match(value):
        raise ValueError(value)
    return datetime.date.fromisoformat(value)


def parse_datetime(value: str) -> datetime.datetime:
    """A date (midnight, UK time) or an ISO 8601 date-time; without an offset it is UK local time."""
    if DATE_RE.match(value):
        moment = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
    elif len(value) >= 16 and DATE_RE.match(value[:10]) and value[10] in "T ":
        moment = datetime.datetime.fromisoformat(value)
    else:
        raise ValueError(value)
    if moment.tzinfo is None:
        # What timezone.make_aware does for a zoneinfo zone, without its lookups on every one of 100,000 calls.
        moment = moment.replace(tzinfo=_local_zone())
    return moment


@functools.cache
def _local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class _Record:
    """One object of the file, with the label errors about it start with."""

    __slots__ = ("errors", "label", "data", "seen")

    def __init__(self, errors: list[str], label: str, data: Any):
        self.errors, self.label = errors, label
        self.seen: set[str] = set()
        if not isinstance(data, dict):
            errors.append(f"{label}: expected an object {{...}}, got {_kind(data)}")
            data = {}
        self.data = data

    def error(self, name: str, message: str) -> None:
        self.errors.append(f"{self.label}.{name}: {message}")

    def _value(self, name: str, required: bool) -> Any:
        self.seen.add(name)
        value = self.data.get(name)
        if value is None and required:
            self.error(name, "required field missing")
        return value

    def text(self, name: str, *, max_length: int, required: bool = True) -> str:
        value = self._value(name, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(name, f"expected a string, got {_kind(value)}: {_show(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.error(name, "required field is blank")
        elif len(value) > max_length:
            self.error(name, f"too long: {len(value)} characters (at most {max_length})")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._value(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(name, f"expected true or false, got {_show(value)}")
            return default
        return value

    def choice(self, name: str, choices: Iterable[str], *, required: bool = True, default: str = "") -> str:
        value = self._value(name, required)
        if value is None:
            return default
        choices = list(choices)
        if value not in choices:
            self.error(name, f"not one of {', '.join(choices)}: {_show(value)}")
            return default
        return value

    def date(self, name: str, *, required: bool = True) -> datetime.date | None:
        return self._parsed(name, parse_date, DATE_EXPECTED, required)

    def moment(self, name: str, *, required: bool = True) -> datetime.datetime | None:
        return self._parsed(name, parse_datetime, DATETIME_EXPECTED, required)

    def _parsed(self, name: str, parse, expected: str, required: bool):
        value = self._value(name, required)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return parse(value)
        except ValueError:
            self.error(name, f"not a date ({expected}): {_show(value)}")
            return None

    def items(self, name: str, *, required: bool = False) -> list:
        value = self._value(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, f"expected a list [...], got {_kind(value)}")
            return []
        return value

    def strings(self, name: str, *, max_length: int) -> list[str]:
        values = []
        for i, value in enumerate(self.items(name)):
            if not isinstance(value, str) or not value.strip():
                self.errors.append(f"{self.label}.{name}[{i}]: expected a non-blank string, got {_show(value)}")
            elif len(value.strip()) > max_length:
                self.errors.append(f"{self.label}.{name}[{i}]: too long (at most {max_length} characters)")
            else:
                values.append(value.strip())
        return values

    def child(self, name: str, index: int, data: Any) -> _Record:
        return _Record(self.errors, f"{self.label}.{name}[{index}]", data)

    def finish(self) -> None:
        for name in self.data:
            if name not in self.seen:
                self.error(name, "unknown field (see docs/import-format.md for the fields of this record)")


# --- The file's records, read ---------------------------------------------------------------------------------


@dataclass
class AgencyIn:
    label: str
    short_name: str
    name: str
    kind: str
    email: str
    telephone: str
    address: str
    departments: list[str]


@dataclass
class JagIn:
    label: str
    name: str
    locality: str
    member_agencies: list[str]
    chair: str


@dataclass
class OfficerIn:
    label: str
    username: str
    first_name: str
    last_name: str
    email: str
    agency: str
    department: str
    job_title: str
    telephone: str
    roles: list[str]
    is_active: bool


@dataclass
class PersonIn:
    label: str
    id: str
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    address: str
    postcode: str
    telephone: str
    email: str
    notes: str


@dataclass
class IncidentIn:
    occurred_at: datetime.datetime | None
    reported_at: datetime.datetime | None
    reported_to: str
    description: str
    hate_incident: bool
    recorded_by: str
    police_log_number: str = ""
    crime_number: str = ""


@dataclass
class PeriodIn:
    label: str
    jag: str
    started_on: datetime.date | None
    ended_on: datetime.date | None


@dataclass
class EntryIn:
    occurred_at: datetime.datetime | None
    kind: str
    agency: str
    officer: str
    text: str


@dataclass
class CaseIn:
    label: str
    legacy_id: str
    reference: str
    status: str
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    address: str
    postcode: str
    ward: str
    category: str
    hate_incident: bool
    jag: str
    lead_agency: str
    lead_officer: str
    opened_by: str
    summary: str
    risk_band: str
    next_review_date: datetime.date | None
    involved_agencies: list[str]
    people: list[tuple[str, str]]
    incidents: list[IncidentIn]
    periods: list[PeriodIn]
    entries: list[EntryIn]
    kept_reference: bool = False


def _read_agency(errors: list[str], i: int, data: Any) -> AgencyIn:
    short = data.get("short_name") if isinstance(data, dict) else None
    rec = _Record(errors, f"agencies[{i}]" + (f" (short name {_show(short)})" if isinstance(short, str) else ""), data)
    agency = AgencyIn(
        label=rec.label,
        short_name=rec.text("short_name", max_length=40),
        name=rec.text("name", max_length=200),
        kind=rec.choice("kind", AgencyKind.values, required=False, default=AgencyKind.OTHER),
        email=rec.text("email", max_length=254, required=False),
        telephone=rec.text("telephone", max_length=40, required=False),
        address=rec.text("address", max_length=2000, required=False),
        departments=rec.strings("departments", max_length=200),
    )
    _check_email(rec, agency.email)
    rec.finish()
    return agency


def _read_jag(errors: list[str], i: int, data: Any) -> JagIn:
    name = data.get("name") if isinstance(data, dict) else None
    rec = _Record(errors, f"jags[{i}]" + (f" (name {_show(name)})" if isinstance(name, str) else ""), data)
    jag = JagIn(
        label=rec.label,
        name=rec.text("name", max_length=200),
        locality=rec.text("locality", max_length=120),
        member_agencies=rec.strings("member_agencies", max_length=40),
        chair=rec.text("chair", max_length=150, required=False),
    )
    rec.finish()
    return jag


def _read_officer(errors: list[str], i: int, data: Any) -> OfficerIn:
    username = data.get("username") if isinstance(data, dict) else None
    label = f"officers[{i}]" + (f" (username {_show(username)})" if isinstance(username, str) else "")
    rec = _Record(errors, label, data)
    officer = OfficerIn(
        label=rec.label,
        username=rec.text("username", max_length=150),
        first_name=rec.text("first_name", max_length=150),
        last_name=rec.text("last_name", max_length=150),
        email=rec.text("email", max_length=254, required=False),
        agency=rec.text("agency", max_length=40),
        department=rec.text("department", max_length=200, required=False),
        job_title=rec.text("job_title", max_length=120, required=False),
        telephone=rec.text("telephone", max_length=40, required=False),
        roles=[],
        is_active=rec.boolean("active", default=True),
    )
    if officer.username:
        try:
            UnicodeUsernameValidator()(officer.username)
        except ValidationError:
            rec.error("username", f"letters, digits and @/./+/-/_ only: {_show(officer.username)}")
    _check_email(rec, officer.email)
    roles = rec.items("roles") if "roles" in rec.data else [Role.OFFICER.value]
    for k, role in enumerate(roles):
        if role not in Role.values:
            errors.append(f"{rec.label}.roles[{k}]: not one of {', '.join(Role.values)}: {_show(role)}")
        elif role not in officer.roles:
            officer.roles.append(role)
    rec.finish()
    return officer


def _check_email(rec: _Record, email: str) -> None:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            rec.error("email", f"not an e-mail address: {_show(email)}")


def _check_postcode(rec: _Record, name: str, postcode: str) -> str:
    if not postcode:
        return ""
    try:
        validate_postcode(postcode)
    except ValidationError:
        rec.error(name, f"not a UK postcode (like LE1 6ZG): {_show(postcode)}")
        return postcode
    return normalise_postcode(postcode)


def _read_person(errors: list[str], i: int, data: Any, today: datetime.date) -> PersonIn:
    pid = data.get("id") if isinstance(data, dict) else None
    rec = _Record(errors, f"people[{i}]" + (f" (id {_show(pid)})" if isinstance(pid, str) else ""), data)
    person = PersonIn(
        label=rec.label,
        id=rec.text("id", max_length=100),
        first_name=rec.text("first_name", max_length=100),
        last_name=rec.text("last_name", max_length=100),
        date_of_birth=rec.date("date_of_birth", required=False),
        address=rec.text("address", max_length=300, required=False),
        postcode=rec.text("postcode", max_length=10, required=False),
        telephone=rec.text("telephone", max_length=40, required=False),
        email=rec.text("email", max_length=254, required=False),
        notes=rec.text("notes", max_length=2000, required=False),
    )
    person.postcode = _check_postcode(rec, "postcode", person.postcode)
    _check_email(rec, person.email)
    if person.date_of_birth and person.date_of_birth > today:
        rec.error("date_of_birth", f"in the future: {person.date_of_birth}")
    rec.finish()
    return person


def _read_case(errors: list[str], i: int, data: Any, now: datetime.datetime) -> CaseIn:
    legacy = data.get("legacy_id") if isinstance(data, dict) else None
    rec = _Record(errors, f"cases[{i}]" + (f" (legacy id {_show(legacy)})" if isinstance(legacy, str) else ""), data)
    case = CaseIn(
        label=rec.label,
        legacy_id=rec.text("legacy_id", max_length=100),
        reference=rec.text("reference", max_length=40, required=False),
        status=rec.choice("status", CaseStatus.values, required=False, default=CaseStatus.OPEN),
        opened_at=rec.moment("opened_at"),
        closed_at=rec.moment("closed_at", required=False),
        address=rec.text("address", max_length=300),
        postcode=rec.text("postcode", max_length=10, required=False),
        ward=rec.text("ward", max_length=120, required=False),
        category=rec.text("category", max_length=120),
        hate_incident=rec.boolean("hate_incident"),
        jag=rec.text("jag", max_length=200),
        lead_agency=rec.text("lead_agency", max_length=40),
        lead_officer=rec.text("lead_officer", max_length=150),
        opened_by=rec.text("opened_by", max_length=150, required=False),
        summary=rec.text("summary", max_length=5000),
        risk_band=rec.choice("risk_band", RiskBand.values, required=False),
        next_review_date=rec.date("next_review_date", required=False),
        involved_agencies=rec.strings("involved_agencies", max_length=40),
        people=[],
        incidents=[],
        periods=[],
        entries=[],
    )
    case.postcode = _check_postcode(rec, "postcode", case.postcode)
    if case.opened_at and case.opened_at > now:
        rec.error("opened_at", f"in the future: {_show(rec.data['opened_at'])}")
    if case.status == CaseStatus.OPEN and case.closed_at:
        rec.error("closed_at", 'given for an open case (set "status" to "closed" or "ceased", or leave it out)')
    if case.status != CaseStatus.OPEN and rec.data.get("closed_at") is None:
        rec.error("closed_at", f'required when the status is "{case.status}"')
    if case.closed_at and case.opened_at and case.closed_at < case.opened_at:
        rec.error("closed_at", f"before opened_at ({rec.data['opened_at']}): {_show(rec.data['closed_at'])}")
    if case.closed_at and case.closed_at > now:
        rec.error("closed_at", f"in the future: {_show(rec.data['closed_at'])}")

    seen_roles = set()
    for k, item in enumerate(rec.items("people")):
        sub = rec.child("people", k, item)
        pair = (sub.text("person", max_length=100), sub.choice("role", PersonRole.values))
        sub.finish()
        if all(pair):
            if pair in seen_roles:
                sub.error("role", f"{_show(pair[0])} is already on this case as {pair[1]}")
            seen_roles.add(pair)
            case.people.append(pair)

    for k, item in enumerate(rec.items("incidents")):
        sub = rec.child("incidents", k, item)
        incident = IncidentIn(
            occurred_at=sub.moment("occurred_at"),
            reported_at=sub.moment("reported_at"),
            reported_to=sub.text("reported_to", max_length=40),
            description=sub.text("description", max_length=5000),
            hate_incident=sub.boolean("hate_incident"),
            recorded_by=sub.text("recorded_by", max_length=150, required=False),
        )
        for name in ("police_log_number", "crime_number"):
            # Checked here rather than by text()'s max_length, so that one message says what is wrong with it.
            value = normalise_police_reference(sub.text(name, max_length=10_000, required=False))
            problem = police_reference_problem(value) if value else None
            if problem:
                sub.error(name, f"{problem}: {_show(value)}")
            setattr(incident, name, value)
        # The rules of Incident.clean, the same as when an officer records an incident.
        if incident.occurred_at and incident.occurred_at > now:
            sub.error("occurred_at", f"in the future: {_show(sub.data['occurred_at'])}")
        if incident.reported_at and incident.reported_at > now:
            sub.error("reported_at", f"in the future: {_show(sub.data['reported_at'])}")
        if incident.occurred_at and incident.reported_at and incident.reported_at < incident.occurred_at:
            sub.error(
                "reported_at",
                f"before occurred_at ({sub.data['occurred_at']}): {_show(sub.data['reported_at'])}",
            )
        sub.finish()
        case.incidents.append(incident)

    for k, item in enumerate(rec.items("jag_periods")):
        sub = rec.child("jag_periods", k, item)
        period = PeriodIn(
            label=f"jag_periods[{k}]",
            jag=sub.text("jag", max_length=200, required=False),
            started_on=sub.date("started_on"),
            ended_on=sub.date("ended_on", required=False),
        )
        today = timezone.localdate(now)
        if period.started_on and period.started_on > today:
            sub.error("started_on", f"in the future: {period.started_on}")
        if period.ended_on and period.ended_on > today:
            sub.error("ended_on", f"in the future: {period.ended_on}")
        if period.started_on and period.ended_on and period.ended_on <= period.started_on:
            sub.error("ended_on", f"must be after started_on ({period.started_on}): {_show(sub.data['ended_on'])}")
            period.ended_on = None
            period.started_on = None  # already wrong; leave it out of the overlap check
        if case.opened_at and period.started_on and period.started_on < timezone.localdate(case.opened_at):
            sub.error(
                "started_on",
                f"before the case was opened ({timezone.localdate(case.opened_at)}): {period.started_on}",
            )
        if case.status != CaseStatus.OPEN and period.started_on and period.ended_on is None:
            sub.error("ended_on", f"required: the case is {case.status}, so its time under JAG management has ended")
        sub.finish()
        case.periods.append(period)
    _check_overlaps(rec, case.periods)

    for k, item in enumerate(rec.items("chronology")):
        sub = rec.child("chronology", k, item)
        entry = EntryIn(
            occurred_at=sub.moment("occurred_at"),
            kind=sub.choice("kind", ENTRY_KINDS),
            agency=sub.text("agency", max_length=40, required=False),
            officer=sub.text("officer", max_length=150),
            text=sub.text("text", max_length=10000),
        )
        if entry.occurred_at and entry.occurred_at > now:
            sub.error("occurred_at", f"in the future: {_show(sub.data['occurred_at'])}")
        sub.finish()
        case.entries.append(entry)
    rec.finish()
    return case


def _check_overlaps(rec: _Record, periods: list[PeriodIn]) -> None:
    """A case is under at most one JAG's management on any day: [started_on, ended_on) never overlap."""
    dated = sorted(((p.started_on, p) for p in periods if p.started_on), key=lambda dated_period: dated_period[0])
    latest: PeriodIn | None = None  # the period reaching furthest so far
    for started_on, period in dated:
        if latest is not None and (latest.ended_on is None or latest.ended_on > started_on):
            until = latest.ended_on or "open, no end date"
            rec.errors.append(
                f"{rec.label}.{period.label}.started_on: overlaps {latest.label} ({latest.started_on} to {until}); "
                "a case's JAG management periods may not overlap"
            )
        if (
            latest is None
            or latest.ended_on is not None
            and (period.ended_on is None or period.ended_on > latest.ended_on)
        ):
            latest = period


# --- Checking the file against itself and against what the system already holds ------------------------------


class _Checker:
    def __init__(self, data: dict, now: datetime.datetime):
        self.now = now
        self.errors: list[str] = []
        today = timezone.localdate(now)
        e = self.errors
        self.agencies = [_read_agency(e, i, d) for i, d in enumerate(self._list(data, "agencies"))]
        self.jags = [_read_jag(e, i, d) for i, d in enumerate(self._list(data, "jags"))]
        self.officers = [_read_officer(e, i, d) for i, d in enumerate(self._list(data, "officers"))]
        self.people = [_read_person(e, i, d, today) for i, d in enumerate(self._list(data, "people"))]
        self.cases = [_read_case(e, i, d, now) for i, d in enumerate(self._list(data, "cases"))]

    def _list(self, data: dict, name: str) -> list:
        value = data.get(name, [])
        if not isinstance(value, list):
            self.errors.append(f"{name}: expected a list [...], got {_kind(value)}")
            return []
        return value

    def _unique(self, records: list, attr: str, what: str) -> None:
        first: dict[str, str] = {}
        for record in records:
            key = getattr(record, attr)
            if not key:
                continue
            if key in first:
                self.errors.append(f"{record.label}.{attr}: {what} {_show(key)} is also used by {first[key]}")
            else:
                first[key] = record.label

    def resolve(self) -> None:
        """Match the file's records with the system's and check every cross-reference. Queries are per table."""
        e = self.errors
        self._unique(self.agencies, "short_name", "short name")
        self._unique(self.agencies, "name", "name")
        self._unique(self.jags, "name", "name")
        self._unique(self.jags, "locality", "locality")
        self._unique(self.officers, "username", "username")
        self._unique(self.people, "id", "person id")
        self._unique(self.cases, "legacy_id", "legacy id")

        # Agencies: the system's, matched by short name or else by name; then the file's new ones.
        existing = list(Agency.objects.all())
        by_short = {a.short_name: a for a in existing}
        by_name = {a.name: a for a in existing}
        self.agency_match: dict[str, Agency | None] = {}
        for agency in self.agencies:
            match = by_short.get(agency.short_name) or by_name.get(agency.name)
            other = by_name.get(agency.name)
            if match is not None and other is not None and other != match:
                e.append(
                    f"{agency.label}.name: {_show(agency.name)} is the name of the existing agency "
                    f"{_show(other.short_name)}, but the short name matches {_show(match.short_name)}"
                )
            self.agency_match[agency.short_name] = match
        self.known_agencies = set(by_short) | {a.short_name for a in self.agencies}
        departments = defaultdict(set)
        for agency_short, name in Department.objects.values_list("agency__short_name", "name"):
            departments[agency_short].add(name)
        for agency in self.agencies:
            match = self.agency_match.get(agency.short_name)
            departments[match.short_name if match else agency.short_name].update(agency.departments)
            if match is not None and match.short_name != agency.short_name:
                departments[agency.short_name].update(departments[match.short_name])

        # Officers: matched by username; the file's new officers' agency is checked like any reference.
        usernames = {o.username for o in self.officers} | {j.chair for j in self.jags}
        for case in self.cases:
            usernames |= {case.lead_officer, case.opened_by} | {i.recorded_by for i in case.incidents}
            usernames |= {x.officer for x in case.entries}
        usernames.discard("")
        self.existing_officers = {
            o.username: o for o in Officer.objects.filter(username__in=usernames).select_related("agency")
        }
        self.officer_agency: dict[str, str | None] = {
            u: (o.agency.short_name if o.agency else None) for u, o in self.existing_officers.items()
        }
        for officer in self.officers:
            if officer.agency:
                self._agency(officer.label, "agency", officer.agency)
            current = self.existing_officers.get(officer.username)
            if current is not None:
                now_in = current.agency.short_name if current.agency else None
                if officer.agency and now_in != self._canonical(officer.agency):
                    e.append(
                        f"{officer.label}.agency: the existing officer {_show(officer.username)} is an officer of "
                        f"{_show(now_in)}, not {_show(officer.agency)}"
                    )
            else:
                self.officer_agency[officer.username] = self._canonical(officer.agency)
            if officer.department and officer.department not in departments[officer.agency]:
                e.append(
                    f"{officer.label}.department: {_show(officer.department)} is not a department of "
                    f"{_show(officer.agency)}"
                )

        # JAGs: matched by name or else by locality.
        jags = list(Jag.objects.all())
        jag_by_name = {j.name: j for j in jags}
        jag_by_locality = {j.locality: j for j in jags}
        self.jag_match: dict[str, Jag | None] = {}
        for jag in self.jags:
            jag_match = jag_by_name.get(jag.name) or jag_by_locality.get(jag.locality)
            other_jag = jag_by_locality.get(jag.locality)
            if jag_match is not None and other_jag is not None and other_jag != jag_match:
                e.append(
                    f"{jag.label}.locality: {_show(jag.locality)} is the locality of the existing JAG "
                    f"{_show(other_jag.name)}, but the name matches {_show(jag_match.name)}"
                )
            self.jag_match[jag.name] = jag_match
            for k, short in enumerate(jag.member_agencies):
                self._agency(jag.label, f"member_agencies[{k}]", short)
            if jag.chair:
                self._officer(jag.label, "chair", jag.chair)
        self.known_jags = set(jag_by_name) | {j.name for j in self.jags}

        self.categories = {c.name: c for c in Category.objects.all()}
        self.imported_people = dict(
            ImportedPerson.objects.filter(legacy_id__in=[p.id for p in self.people]).values_list(
                "legacy_id", "person_id"
            )
        )
        self.imported_cases = dict(
            ImportedCase.objects.filter(legacy_id__in=[c.legacy_id for c in self.cases]).values_list(
                "legacy_id", "case__reference"
            )
        )
        people_ids = {p.id for p in self.people}
        self._check_references()
        for case in self.cases:
            self._check_case(case, people_ids)

    def _canonical(self, short: str) -> str:
        """The short name an agency of the file will have in the system (an existing agency keeps its own)."""
        match = self.agency_match.get(short)
        return match.short_name if match is not None else short

    def _agency(self, label: str, name: str, short: str) -> None:
        if short not in self.known_agencies:
            self.errors.append(
                f"{label}.{name}: unknown agency {_show(short)} (not in this file's agencies, nor in the system)"
            )

    def _officer(self, label: str, name: str, username: str) -> str | None:
        """The officer's agency short name; an error if the officer is neither in the file nor in the system."""
        if username not in self.officer_agency:
            self.errors.append(
                f"{label}.{name}: unknown officer {_show(username)} (not in this file's officers, nor in the system)"
            )
            return None
        return self.officer_agency[username]

    def _check_references(self) -> None:
        """Keep a reference in the ASB-YYYY-NNNNNN form unless another case has it; others are allocated."""
        wanted: dict[str, list[CaseIn]] = {}
        for case in self.cases:
            match = REFERENCE_RE.match(case.reference)
            if match and 0 < int(match[2]) and int(match[1]) <= self.now.year:
                wanted.setdefault(case.reference, []).append(case)
        taken = dict(
            Case.objects.filter(reference__in=list(wanted)).values_list("reference", "import_record__legacy_id")
        )
        for reference, cases in wanted.items():
            for n, case in enumerate(cases):
                if n:
                    self.errors.append(
                        f"{case.label}.reference: {_show(reference)} is also the reference of {cases[0].label}"
                    )
                elif reference in taken and taken[reference] != case.legacy_id:
                    self.errors.append(f"{case.label}.reference: {_show(reference)} is already used by another case")
                else:
                    case.kept_reference = True

    def _check_case(self, case: CaseIn, people_ids: set[str]) -> None:
        e, label = self.errors, case.label
        if case.category and case.category not in self.categories:
            e.append(
                f"{label}.category: unknown category {_show(case.category)} (one of: {', '.join(self.categories)})"
            )
        if case.jag and case.jag not in self.known_jags:
            e.append(f"{label}.jag: unknown JAG {_show(case.jag)} (not in this file's JAGs, nor in the system)")
        if case.lead_agency:
            self._agency(label, "lead_agency", case.lead_agency)
        if case.lead_officer:
            agency = self._officer(label, "lead_officer", case.lead_officer)
            known = case.lead_officer in self.officer_agency and case.lead_agency in self.known_agencies
            # The rule of case_open: the lead officer is an officer of the lead agency.
            # (An officer whose own agency is unknown has had that reported already.)
            if known and agency is None:
                e.append(f"{label}.lead_officer: {_show(case.lead_officer)} is not an officer of any agency")
            elif known and agency in self.known_agencies and agency != self._canonical(case.lead_agency):
                e.append(
                    f"{label}.lead_officer: {_show(case.lead_officer)} is an officer of {_show(agency)}, "
                    f"not of the lead agency {_show(case.lead_agency)}"
                )
        if case.opened_by:
            self._officer(label, "opened_by", case.opened_by)
        for k, short in enumerate(case.involved_agencies):
            self._agency(label, f"involved_agencies[{k}]", short)
            if short == case.lead_agency:
                e.append(f"{label}.involved_agencies[{k}]: {_show(short)} leads this case")
            elif short in case.involved_agencies[:k]:
                e.append(f"{label}.involved_agencies[{k}]: {_show(short)} is listed twice")
        for k, (person, _role) in enumerate(case.people):
            if person not in people_ids:
                e.append(f"{label}.people[{k}].person: unknown person id {_show(person)} (not in this file's people)")
        for k, incident in enumerate(case.incidents):
            if incident.reported_to:
                self._agency(label, f"incidents[{k}].reported_to", incident.reported_to)
            if incident.recorded_by:
                self._officer(label, f"incidents[{k}].recorded_by", incident.recorded_by)
        for period in case.periods:
            if period.jag and period.jag not in self.known_jags:
                e.append(
                    f"{label}.{period.label}.jag: unknown JAG {_show(period.jag)} "
                    "(not in this file's JAGs, nor in the system)"
                )
            if period.started_on and period.ended_on is None and period.jag and period.jag != case.jag:
                e.append(
                    f"{label}.{period.label}.jag: an open period must be with the case's managing JAG "
                    f"({_show(case.jag)}), not {_show(period.jag)}"
                )
        for k, entry in enumerate(case.entries):
            if entry.agency:
                self._agency(label, f"chronology[{k}].agency", entry.agency)
            if entry.officer:
                agency = self._officer(label, f"chronology[{k}].officer", entry.officer)
                if not entry.agency and agency is None and entry.officer in self.officer_agency:
                    e.append(f"{label}.chronology[{k}].agency: required: the officer has no agency")


# --- Writing ----------------------------------------------------------------------------------------------------


def import_file(path: str | Path, *, dry_run: bool = False) -> ImportResult:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ImportFailed([f"cannot read {path}: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]) from exc
    return import_data(data, source=Path(path).name, dry_run=dry_run)


def import_data(data: Any, *, source: str = "import file", dry_run: bool = False) -> ImportResult:
    """Check the whole of `data`, then write it in one transaction; ImportFailed lists every problem found."""
    if not isinstance(data, dict):
        raise ImportFailed([f"the file must hold one JSON object {{...}}, not {_kind(data)}"])
    header = []
    if data.get("format") != FORMAT:
        header.append(f'format: expected "{FORMAT}", got {_show(data.get("format"))}')
    if data.get("version") != VERSION:
        header.append(f"version: expected {VERSION}, got {_show(data.get('version'))}")
    unknown = set(data) - {
        "format",
        "version",
        "source",
        "exported_at",
        "agencies",
        "jags",
        "officers",
        "people",
        "cases",
    }
    header += [f"{name}: unknown top-level field" for name in sorted(unknown)]
    if header:
        raise ImportFailed(header)
    now = clock.now()
    with transaction.atomic():
        # The counters are locked first: references allocated here and by officers opening cases cannot clash.
        list(CaseReferenceCounter.objects.select_for_update().order_by("year"))
        checker = _Checker(data, now)
        checker.resolve()
        if checker.errors:
            raise ImportFailed(checker.errors)
        if dry_run:
            return _Writer(checker, now, source).summary_only()
        try:
            return _Writer(checker, now, source).write()
        except (IntegrityError, DatabaseError) as exc:
            raise ImportFailed([f"the database refused the import: {str(exc).strip().splitlines()[0]}"]) from exc


class _Writer:
    def __init__(self, checker: _Checker, now: datetime.datetime, source: str):
        self.c, self.now, self.source = checker, now, source
        self.result = ImportResult()
        self.new_cases = [case for case in checker.cases if case.legacy_id not in checker.imported_cases]

    def _count(self, name: str, n: int) -> None:
        self.result.counts[name] = self.result.counts.get(name, 0) + n

    def summary_only(self) -> ImportResult:
        self._count("cases to import", len(self.new_cases))
        self._count("cases already imported (skipped)", len(self.c.cases) - len(self.new_cases))
        return self.result

    def write(self) -> ImportResult:
        self._agencies()
        self._officers()
        self._jags()
        self._count("cases already imported (skipped)", len(self.c.cases) - len(self.new_cases))
        if self.new_cases:
            self._people()
            self._cases()
        return self.result

    def _agencies(self) -> None:
        self.agencies: dict[str, Agency] = {a.short_name: a for a in Agency.objects.all()}
        created = reused = 0
        for agency in self.c.agencies:
            match = self.c.agency_match.get(agency.short_name)
            if match is None:
                # Through save(): the agency's signals create its Django group, which case access is granted to.
                match = Agency.objects.create(
                    short_name=agency.short_name,
                    name=agency.name,
                    kind=agency.kind,
                    email=agency.email,
                    telephone=agency.telephone,
                    address=agency.address,
                )
                created += 1
            else:
                reused += 1
            self.agencies[agency.short_name] = match
            self.agencies[match.short_name] = match
        existing = set(Department.objects.values_list("agency_id", "name"))
        departments = {
            (self.agencies[a.short_name].pk, name)
            for a in self.c.agencies
            for name in a.departments
            if (self.agencies[a.short_name].pk, name) not in existing
        }
        Department.objects.bulk_create(Department(agency_id=a, name=n) for a, n in sorted(departments))
        self.departments = {
            (agency_id, name): pk for pk, agency_id, name in Department.objects.values_list("pk", "agency_id", "name")
        }
        self._count("agencies created", created)
        self._count("agencies already in the system", reused)
        self._count("departments created", len(departments))

    def _officers(self) -> None:
        self.officers: dict[str, Officer] = dict(self.c.existing_officers)
        new = []
        agency_group: dict[str, int] = {}
        for officer in self.c.officers:
            if officer.username in self.officers:
                continue
            agency = self.agencies[officer.agency]
            agency_group[officer.username] = agency.group_id
            new.append(
                Officer(
                    username=officer.username,
                    first_name=officer.first_name,
                    last_name=officer.last_name,
                    email=officer.email,
                    agency=agency,
                    department_id=self.departments.get((agency.pk, officer.department)),
                    job_title=officer.job_title,
                    telephone=officer.telephone,
                    is_active=officer.is_active,
                    # No usable password: an administrator issues each imported officer a password reset.
                    password=make_password(None),
                )
            )
        Officer.objects.bulk_create(new, batch_size=BATCH)
        roles = {o.username: o.roles for o in self.c.officers}
        groups = {}
        for role in {r for o in new for r in roles[o.username]}:
            groups[role] = Group.objects.get_or_create(name=role_group_name(role))[0].pk
        # bulk_create skips the signal that puts an officer in their agency's group: done here, with the roles.
        Officer.groups.through.objects.bulk_create(
            [Officer.groups.through(officer_id=o.pk, group_id=agency_group[o.username]) for o in new]
            + [Officer.groups.through(officer_id=o.pk, group_id=groups[r]) for o in new for r in roles[o.username]],
            batch_size=BATCH,
        )
        for created in new:
            self.officers[created.username] = created
        self.result.officers_needing_password = [o.username for o in new]
        self._count("officers created (no password yet)", len(new))
        self._count("officers already in the system", len(self.c.officers) - len(new))

    def _jags(self) -> None:
        self.jags: dict[str, Jag] = {j.name: j for j in Jag.objects.all()}
        created = 0
        for jag in self.c.jags:
            match = self.c.jag_match.get(jag.name)
            if match is None:
                match = Jag.objects.create(
                    name=jag.name,
                    locality=jag.locality,
                    chair=self.officers[jag.chair] if jag.chair else None,
                )
                created += 1
            match.member_agencies.add(*(self.agencies[a] for a in jag.member_agencies))
            self.jags[jag.name] = match
        self._count("JAGs created", created)
        self._count("JAGs already in the system", len(self.c.jags) - created)

    def _people(self) -> None:
        wanted = {pid for case in self.new_cases for pid, _role in case.people}
        self.people: dict[str, int] = {
            pid: person_id for pid, person_id in self.c.imported_people.items() if pid in wanted
        }
        fresh = [p for p in self.c.people if p.id in wanted and p.id not in self.people]
        records = [
            Person(
                first_name=p.first_name,
                last_name=p.last_name,
                date_of_birth=p.date_of_birth,
                address=p.address,
                postcode=p.postcode,
                telephone=p.telephone,
                email=p.email,
                notes=p.notes,
                # bulk_create skips Person.save(), which keeps the search name in step: set it the same way.
                search_name=f"{p.first_name} {p.last_name}".lower().strip(),
                created_at=self.now,
                created_by=self._first_officer_of(p.id),
            )
            for p in fresh
        ]
        Person.objects.bulk_create(records, batch_size=BATCH)
        ImportedPerson.objects.bulk_create(
            (
                ImportedPerson(person_id=r.pk, legacy_id=p.id, imported_at=self.now)
                for p, r in zip(fresh, records, strict=True)
            ),
            batch_size=BATCH,
        )
        self.people.update({p.id: r.pk for p, r in zip(fresh, records, strict=True)})
        self._count("people created", len(records))
        self._count("people already imported (reused)", len(wanted) - len(records))
        self._count("people not on any imported case (left out)", len({p.id for p in self.c.people} - wanted))

    def _first_officer_of(self, person_id: str) -> Officer:
        if not hasattr(self, "_recorded_by"):
            self._recorded_by: dict[str, Officer] = {}
            for case in self.new_cases:
                for pid, _role in case.people:
                    self._recorded_by.setdefault(pid, self.officers[case.lead_officer])
        return self._recorded_by[person_id]

    def _cases(self) -> None:
        now, c = self.now, self.c
        references = self._allocate_references()
        categories = c.categories
        cases = []
        for ci in self.new_cases:
            # Required: a file that lacks it is refused before anything is written.
            assert ci.opened_at is not None
            category = categories[ci.category]
            lead_officer = self.officers[ci.lead_officer].pk
            cases.append(
                Case(
                    reference=references[ci.legacy_id],
                    status=ci.status,
                    address=ci.address,
                    postcode=ci.postcode,
                    ward=ci.ward,
                    category_id=category.pk,
                    hate_incident=ci.hate_incident or category.is_hate_incident,
                    jag_id=self.jags[ci.jag].pk,
                    lead_agency_id=self.agencies[ci.lead_agency].pk,
                    lead_officer_id=lead_officer,
                    summary=ci.summary,
                    risk_band=ci.risk_band,
                    next_review_date=ci.next_review_date,
                    opened_at=ci.opened_at,
                    opened_by_id=self.officers[ci.opened_by].pk if ci.opened_by else lead_officer,
                    closed_at=ci.closed_at,
                    updated_at=now,
                )
            )
        Case.objects.bulk_create(cases, batch_size=BATCH)
        self.result.case_references = {
            ci.legacy_id: case.reference for ci, case in zip(self.new_cases, cases, strict=True)
        }
        insert_rows(
            ImportedCase,
            ["case", "legacy_id", "imported_at"],
            [(case.pk, ci.legacy_id, now) for ci, case in zip(self.new_cases, cases, strict=True)],
        )

        links, roles, incidents, periods, entries, audits = [], [], [], [], [], []
        agency_ids = {short: agency.pk for short, agency in self.agencies.items()}
        officer_ids = {username: officer.pk for username, officer in self.officers.items()}
        officer_agency = {username: officer.agency_id for username, officer in self.officers.items()}
        jag_ids = {name: jag.pk for name, jag in self.jags.items()}
        case_type = ContentType.objects.get_for_model(Case).pk
        imported, ended = PeriodStart.IMPORTED.value, PeriodEnd.IMPORTED.value
        # Rows as tuples in the column order of insert_rows below, not model instances: building a hundred
        # thousand instances costs more than inserting the rows.
        for ci, case in zip(self.new_cases, cases, strict=True):
            case_id, lead, opened_at = case.pk, case.lead_officer_id, case.opened_at
            for short in ci.involved_agencies:
                links.append((case_id, agency_ids[short], opened_at, lead))
            for pid, role in ci.people:
                roles.append((case_id, self.people[pid], role, opened_at, lead))
            for i in ci.incidents:
                recorded_by = officer_ids[i.recorded_by] if i.recorded_by else lead
                incidents.append(
                    (case_id, i.occurred_at, i.reported_at, agency_ids[i.reported_to], i.description, i.hate_incident)
                    + (recorded_by, i.reported_at, i.police_log_number, i.crime_number)
                )
            for p in ci.periods:
                end_reason, ended_by = (ended, lead) if p.ended_on else ("", None)
                periods.append(
                    (case_id, jag_ids[p.jag or ci.jag], p.started_on, p.ended_on, imported, end_reason, lead, ended_by)
                )
            for e in ci.entries:
                agency_id = agency_ids[e.agency] if e.agency else officer_agency[e.officer]
                entries.append((case_id, e.kind, e.occurred_at, agency_id, officer_ids[e.officer], e.text, now))
            kept = "kept" if ci.kept_reference else "allocated"
            previous = f' (its reference there, "{ci.reference}", was not in the ASB-YYYY-NNNNNN form)'
            note = (
                f'Case imported from the previous system, legacy id "{ci.legacy_id}"; reference {kept}'
                + (previous if ci.reference and not ci.kept_reference else "")
                + f". Imported with {len(ci.entries)} chronology entries, {len(ci.incidents)} incidents, "
                f"{len(ci.people)} people and {len(ci.periods)} JAG management periods from {self.source}."
            )
            entries.append((case_id, EntryKind.SYSTEM.value, now, case.lead_agency_id, lead, note, now))
            description = f'Imported case {case.reference} (legacy id "{ci.legacy_id}") from {self.source}'
            audits.append(
                (now, AuditAction.CREATE.value, case_type, str(case_id), case.reference, description[:500], "")
            )
        insert_rows(CaseAgency, ["case", "agency", "added_at", "added_by"], links)
        insert_rows(CasePerson, ["case", "person", "role", "added_at", "added_by"], roles)
        insert_rows(
            Incident,
            ["case", "occurred_at", "reported_at", "reported_to", "description", "hate_incident"]
            + ["recorded_by", "recorded_at", "police_log_number", "crime_number"],
            incidents,
        )
        insert_rows(
            JagManagementPeriod,
            ["case", "jag", "started_on", "ended_on", "start_reason", "end_reason", "started_by", "ended_by"],
            periods,
        )
        insert_rows(
            ChronologyEntry, ["case", "kind", "occurred_at", "agency", "officer", "text", "recorded_at"], entries
        )
        insert_rows(
            AuditEvent,
            ["at", "action", "content_type", "object_id", "case_reference", "description", "user_agent"],
            audits,
        )
        cases_grant_access(cases, [(row[0], row[1]) for row in links])
        self._count("cases imported", len(cases))
        self._count("references kept", sum(1 for ci in self.new_cases if ci.kept_reference))
        self._count("references allocated", sum(1 for ci in self.new_cases if not ci.kept_reference))
        self._count("incidents", len(incidents))
        self._count("JAG management periods", len(periods))
        self._count("chronology entries (with one import note per case)", len(entries))
        self._count("people on cases", len(roles))

    def _allocate_references(self) -> dict[str, str]:
        """Kept references stay; the others come from the year's counter, by the year the case was opened.

        Afterwards every year's counter is at least the highest number in use, so the next case an officer
        opens (through `_next_reference`) never collides with an imported one.
        """
        references = {ci.legacy_id: ci.reference for ci in self.new_cases if ci.kept_reference}
        to_allocate = sorted(
            (ci for ci in self.new_cases if not ci.kept_reference), key=lambda ci: (ci.opened_at, ci.legacy_id)
        )
        years = {int(r[4:8]) for r in references.values()} | {
            timezone.localdate(ci.opened_at).year for ci in to_allocate
        }
        counters = {c.year: c for c in CaseReferenceCounter.objects.select_for_update().filter(year__in=years)}
        last = {}
        for year in years:
            in_use = Case.objects.filter(reference__startswith=f"ASB-{year}-").aggregate(m=Max("reference"))["m"]
            kept = [int(r[9:]) for r in references.values() if int(r[4:8]) == year]
            last[year] = max(
                [counters[year].last_number if year in counters else 0, int(in_use[9:]) if in_use else 0, *kept]
            )
        for ci in to_allocate:
            year = timezone.localdate(ci.opened_at).year
            last[year] += 1
            references[ci.legacy_id] = f"ASB-{year}-{last[year]:06d}"
        for year, number in last.items():
            if year in counters:
                CaseReferenceCounter.objects.filter(pk=year).update(last_number=number)
            else:
                CaseReferenceCounter.objects.create(year=year, last_number=number)
        return references


def cases_grant_access(cases: list[Case], involved_agencies: list[tuple[int, int]]) -> None:
    """`case_grant_access` for many unrestricted cases at once: the same rows, written in a few statements.

    The lead agency's group may view, contribute and change; each involved agency's group may view and
    contribute; the managing JAG's chair may view and contribute. (A test checks the rows equal the ones
    case_grant_access writes for the same case.)
    """
    perms = dict(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), codename__in=LEAD_PERMISSIONS
        ).values_list("codename", "pk")
    )
    ids = [case.pk for case in cases]
    CaseGroupObjectPermission.objects.filter(content_object_id__in=ids).delete()
    CaseUserObjectPermission.objects.filter(content_object_id__in=ids).delete()
    group_of = dict(Agency.objects.values_list("pk", "group_id"))
    chair_of = dict(Jag.objects.filter(pk__in={case.jag_id for case in cases}).values_list("pk", "chair_id"))
    involved = defaultdict(list)
    for case_id, agency_id in involved_agencies:
        involved[case_id].append(agency_id)
    group_rows, user_rows = [], []
    for case in cases:
        grants: dict[int, tuple[str, ...]] = {group_of[case.lead_agency_id]: LEAD_PERMISSIONS}
        for agency_id in involved[case.pk]:
            grants.setdefault(group_of[agency_id], PARTNER_PERMISSIONS)
        group_rows += [(case.pk, g, perms[p]) for g, codenames in grants.items() for p in codenames]
        chair_id = chair_of.get(case.jag_id)
        if chair_id is not None:
            user_rows += [(case.pk, chair_id, perms[p]) for p in PARTNER_PERMISSIONS]
    insert_rows(CaseGroupObjectPermission, ["content_object", "group", "permission"], group_rows)
    insert_rows(CaseUserObjectPermission, ["content_object", "user", "permission"], user_rows)


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # dates and aware date-times, with their offset
        return value.isoformat()
    return '"' + str(value).replace('"', '""') + '"'


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model._meta.label}.{name} has no column of its own")
    return field.column


def insert_rows(model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
    """Insert many rows (tuples in the order of `fields`) in one statement: PostgreSQL's COPY.

    bulk_create builds a model instance per row; for the hundred thousand rows of a large import that costs
    more than the insert itself.
    """
    if not rows:
        return
    buffer = io.StringIO()
    buffer.writelines(",".join(map(_copy_value, row)) + "\n" for row in rows)
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(_column(model, name)) for name in fields)
    with connection.cursor() as cursor:
        # A quoted value is never NULL in COPY's CSV format; only the bare \N is.
        cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
