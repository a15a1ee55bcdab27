"""The demo's one timeline: agencies, officers (one login per role), a JAG per locality, about fifty cases, the
partnership's history and the Incremental Approach ladders, replayed up to the day the demo is loaded as of.

Everything is written through the services, exactly as officers would write it, while the project clock
(`core.clock.stopped_at`) is stopped at each step's moment: the case is opened, people and incidents recorded,
risk assessed and reviewed, partners brought in, actions logged and plans revised on the dates they happened. So
the chronology, the audit trail, case references and review dates all agree, and a review left undone is simply
overdue on the day; nothing in the append-only record is ever updated. The officers' narrative entries that no
later step follows or reads are the exception, for speed: they are kept and written in bulk (`write_logged`), with
the rows `services.chronology_add` writes. A random generator with a fixed seed makes the data the same on every
run (relative to the day it is loaded as of).

Every step is planned onto one heap, ordered by its moment, and replayed in that order: the cases; the JAG
history (cases referred to JAG case management, taken off, re-referred and transferred; the daily long-standing
check, whose e-mails belong to the past and are not sent; the Leicester City JAG's meetings with their generated
agendas, attendance, decisions and actions, and the actions done afterwards; an ASB Case Review); the
interventions, breaches, hearings and variations of demo.ladders; and the cessation proposal that goes onto the
next meeting's agenda. A step may have a key and name the steps it must follow by key: the timeline refuses a
step planned before one of them, so an order broken by a date (a weekend moved to the Friday before, a month
shorter than another) shows at once instead of as a confusing refusal from a service. Steps that depend on what
happened before (an agenda, the actions a decision gives) are planned as the replay reaches them. Nothing is
dated after the moment the story ends, except what is ahead by nature: the next JAG meeting and the injunction's
return hearing.
"""

from __future__ import annotations

import base64
import datetime
import heapq
import itertools
import random
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Agency, AuditAction, AuditEvent, Department, Officer
from agencies.roles import Role, role_group_name
from agencies.second_factor import AUTHENTICATOR_NAME
from cases import services
from cases.case_reviews import services as case_review_services
from cases.closure import services as closure_services
from cases.jag_management import services as jag_services
from cases.jag_management.job import long_standing_flag_all
from cases.meetings import services as meeting_services
from cases.meetings.services import ActionInput, AttendanceInput
from cases.models import (
    AgendaItem,
    ApplicationReceivedHow,
    Case,
    CasePolicy,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseStatus,
    Category,
    ChronologyEntry,
    ConsultedHow,
    EntryKind,
    Incident,
    MeetingAction,
    Person,
    PersonRole,
    PlanVersion,
    RiskAssessment,
    RiskBand,
    ToldHow,
    VictimAttendance,
    VictimOutcome,
)
from cessation.models import CessationProposal
from cessation.services import cessation_propose
from core import clock
from core.dates import add_months
from incremental.letter_details import default_details
from incremental.letters import intervention_letter_generate
from incremental.models import EventType, Intervention, InterventionKind
from incremental.services import intervention_issue, intervention_record_event
from jag.models import Jag, Meeting

from . import data as demo
from . import ladders

SEED = 2026
Made = TypeVar("Made")
HIGH, MEDIUM, STANDARD = RiskBand.HIGH.value, RiskBand.MEDIUM.value, RiskBand.STANDARD.value
# How long ago cases were opened, by their final risk band: high-risk cases are reviewed every fortnight, so
# they are kept younger to keep their chronologies readable.
AGE_DAYS = {HIGH: (21, 100), MEDIUM: (30, 260), STANDARD: (20, 420)}
CORRECTION_SHARE = 0.12
ONE_DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)
# When the office day of a story that ends before today ends.
END_OF_DAY = datetime.time(18, 0)


class StoryError(Exception):
    """The story does not fit the day it is loaded as of (a step planned before one it must follow, or after the
    story ends)."""


@dataclass(order=True)
class Event:
    at: datetime.datetime
    order: int
    action: str = field(compare=False)
    data: dict = field(compare=False, default_factory=dict)
    key: str | None = field(compare=False, default=None)
    after: tuple[str, ...] = field(compare=False, default=())


class OfficerRow(demo.LoginData):
    login: bool  # a demo login, with the published password


class RiskAnswers(TypedDict):
    """The screening answers of cases.services.risk_assess."""

    happened_before: bool
    reported_elsewhere: bool
    feels_targeted: bool
    household_vulnerable: bool
    children_involved: bool
    override_band: NotRequired[str]
    override_reason: NotRequired[str]


@dataclass
class CasePlan:
    index: int
    opened_at: datetime.datetime
    events: list[Event]


def agency_of(officer: Officer) -> Agency:
    """The officer's agency: every demo officer belongs to one."""
    if officer.agency is None:
        raise StoryError(f"{officer.username} belongs to no agency")
    return officer.agency


def officer_agency_id(officer: Officer) -> int:
    if officer.agency_id is None:
        raise StoryError(f"{officer.username} belongs to no agency")
    return officer.agency_id


def entry_key(address: str, step: str) -> str:
    """The key of the chronology entry that tells of a scenario step on the case at `address`."""
    return f"entry:{address}:{step}"


class Timeline:
    """The heap of steps, in order of their moment; a keyed step is remembered, with what its replay made."""

    def __init__(self, ends_at: datetime.datetime):
        self.ends_at = ends_at
        self.queue: list[tuple[datetime.datetime, int, str, int | None, str | None, dict]] = []
        self.sequence = itertools.count()
        self.moments: dict[str, datetime.datetime] = {}
        self.made: dict[str, object] = {}

    def add(
        self,
        at: datetime.datetime,
        action: str,
        index: int | None = None,
        *,
        key: str | None = None,
        after: tuple[str, ...] = (),
        **data,
    ) -> datetime.datetime:
        if at >= self.ends_at:
            raise StoryError(f"{action} ({key or index}) at {at:%Y-%m-%d %H:%M}, after the story ends")
        for earlier in after:
            if earlier not in self.moments:
                raise StoryError(f"{action} ({key or index}) follows {earlier}, which is not planned")
            if self.moments[earlier] >= at:
                raise StoryError(
                    f"{action} ({key or index}) at {at:%Y-%m-%d %H:%M} would come before {earlier} "
                    f"at {self.moments[earlier]:%Y-%m-%d %H:%M}"
                )
        if key is not None:
            if key in self.moments:
                raise StoryError(f"two steps with the key {key}")
            self.moments[key] = at
        heapq.heappush(self.queue, (at, next(self.sequence), action, index, key, data))
        return at

    def __bool__(self) -> bool:
        return bool(self.queue)

    def pop(self) -> tuple[datetime.datetime, str, int | None, str | None, dict]:
        at, _, action, index, key, data = heapq.heappop(self.queue)
        return at, action, index, key, data


class Seeder:
    def __init__(self, rng: random.Random, as_of: datetime.date, now: datetime.datetime):
        self.rng = rng
        self.tz = timezone.get_current_timezone()
        # The day the story is told as of, and the moment it ends: now on that day, else the end of its office day.
        self.today = as_of
        self.now = now
        self.timeline = Timeline(now)
        self.agencies: dict[str, Agency] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.officers: dict[str, Officer] = {}
        self.officer_meta: dict[str, OfficerRow] = {}
        self.jags: dict[str, Jag] = {}
        self.categories = {c.name: c for c in Category.objects.all()}
        self.intervention_kinds = {k.code: k for k in InterventionKind.objects.all()}
        self.people: dict[str, Person] = {}
        self.review_days = {band: services.review_days_for(band) for band in (HIGH, MEDIUM, STANDARD)}
        self.info: dict[int, dict] = {}
        self.meetings: dict[int, Meeting] = {}
        self.index_of: dict[int, int] = {}
        self.decisions: dict[int, int] = {}
        self.overdue_claimed = False
        self.noted: dict[int, set[str]] = {}
        self.recorded: list[str] = []
        self.logged: list[ChronologyEntry] = []

    def run(self) -> list[tuple[str, object]]:
        self.create_agencies()
        self.create_officers()
        self.create_jags()
        self.plan_ladder_days()
        plans = [self.plan_case(index, spec) for index, spec in enumerate(demo.CASES)]
        self.cases: dict[int, Case] = {}
        self.case_index = {spec[1]: index for index, spec in enumerate(demo.CASES)}
        self.entries: dict[tuple[int, int], ChronologyEntry] = {}
        for plan in plans:
            for event in sorted(plan.events):
                self.schedule(event.at, event.action, plan.index, key=event.key, after=event.after, **event.data)
        self.plan_meetings()
        self.plan_long_standing_checks()
        self.plan_ladders()
        self.plan_cessation()
        # One time line for every case, the JAG and the ladders: cases are opened in date order, so references run
        # in the order the cases came in, and a meeting's agenda sees the cases as they were that day.
        while self.timeline:
            at, action, index, key, data = self.timeline.pop()
            self.at_moment = at
            with clock.stopped_at(at):
                made = getattr(self, f"do_{action}")(index, **data)
            if key is not None:
                self.timeline.made[key] = made
        self.write_logged()
        return self.summary()

    def schedule(
        self,
        at: datetime.datetime,
        action: str,
        index: int | None = None,
        *,
        key: str | None = None,
        after: tuple[str, ...] = (),
        **data,
    ) -> datetime.datetime:
        """Put a step on the time line; steps may schedule later ones while the time line is replayed."""
        return self.timeline.add(at, action, index, key=key, after=after, **data)

    def create_agencies(self) -> None:
        for key, spec in demo.AGENCIES.items():
            mailbox = demo.AGENCY_MAILBOX.get(key, "community.safety")
            agency = Agency.objects.create(
                name=spec["name"],
                short_name=spec["short_name"],
                kind=spec["kind"],
                address=spec["address"],
                telephone=spec["telephone"],
                email=f"{mailbox}@{spec['domain']}",
            )
            self.agencies[key] = agency
            for name in spec["departments"]:
                self.departments[key, name] = Department.objects.create(agency=agency, name=name)

    def create_officers(self) -> None:
        # One hash for every demo login: hashing is deliberately slow, and they share the password anyway.
        password = make_password(demo.DEMO_PASSWORD)
        roles = {g.name: g for g in Group.objects.filter(name__startswith="role:")}
        rows: list[OfficerRow] = [{**login, "login": True} for login in demo.DEMO_LOGINS]
        rows += [
            OfficerRow(
                username=f"{first}.{last}".lower(),
                first=first,
                last=last,
                agency=agency,
                dept=dept,
                title=title,
                role=role,
                pool=pool,
                login=False,
            )
            for first, last, agency, dept, title, role, pool in demo.OTHER_OFFICERS
        ]
        for number, row in enumerate(rows):
            domain = demo.AGENCIES[row["agency"]]["domain"]
            officer = Officer(
                username=row["username"],
                first_name=row["first"],
                last_name=row["last"],
                email=f"{row['first']}.{row['last']}@{domain}".lower(),
                agency=self.agencies[row["agency"]],
                department=self.departments.get((row["agency"], row["dept"])),
                job_title=row["title"],
                telephone=f"07700 900{200 + number:03d}",
                is_staff=row["role"] == Role.ADMINISTRATOR,
                is_superuser=row["role"] == Role.ADMINISTRATOR,
            )
            if row["login"]:
                officer.password = password
            else:
                officer.set_unusable_password()
            officer.save()
            officer.groups.add(roles[role_group_name(row["role"])])
            if officer.is_staff and row["login"]:
                TOTPDevice.objects.create(
                    user=officer,
                    name=AUTHENTICATOR_NAME,
                    key=base64.b32decode(demo.DEMO_ADMIN_TOTP_KEY).hex(),
                    confirmed=True,
                )
            self.officers[officer.username] = officer
            self.officer_meta[officer.username] = row

    def create_jags(self) -> None:
        for locality, spec in demo.LOCALITIES.items():
            jag = Jag.objects.create(name=f"{locality} JAG", locality=locality, chair=self.officers[spec["chair"]])
            jag.member_agencies.set(self.agencies[key] for key in spec["members"])
            members = {self.officers[spec["chair"]]}
            for key in spec["members"]:
                members.update(self.workers(key, locality, pool="cs"))
                members.update(self.workers(key, locality, pool="eh"))
            if locality == "Leicester City":
                members.update(self.officers[u] for u in ("manager", "csm", "lpu"))
            elif "county" in spec["members"]:
                members.add(self.officers["county"])
            jag.members.set(members)
            self.jags[locality] = jag

    def workers(self, agency_key: str, locality: str, pool: str = "cs") -> list[Officer]:
        """Officers of an agency who work cases in the locality (police: the locality's LPU)."""
        lpu = demo.LOCALITIES[locality]["lpu"]
        return [
            self.officers[username]
            for username, meta in self.officer_meta.items()
            if meta["agency"] == agency_key and meta["pool"] == pool and (agency_key != "police" or meta["dept"] == lpu)
        ]

    def pick_worker(self, agency_key: str, locality: str, pool: str = "cs", avoid: Officer | None = None) -> Officer:
        candidates = self.workers(agency_key, locality, pool) or self.workers(agency_key, locality, "cs")
        if avoid is not None and len(candidates) > 1:
            candidates = [o for o in candidates if o != avoid]
        # The demo logins get most of the work, so the people trying the demo see plenty.
        weights = [4 if self.officer_meta[o.username]["login"] else 1 for o in candidates]
        return self.rng.choices(candidates, weights)[0]

    # -- planning a case ---------------------------------------------------------------------------------------

    def at(self, day: datetime.date, earliest: int = 9, latest: int = 16) -> datetime.datetime:
        naive = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(earliest, latest), self.rng.randrange(0, 60, 5))
        )
        return timezone.make_aware(naive, self.tz)

    def day(self, moment: datetime.datetime) -> datetime.date:
        return timezone.localtime(moment, self.tz).date()

    def office(
        self, day: datetime.date, floor: datetime.date, earliest: int = 9, latest: int = 16
    ) -> datetime.datetime:
        """A time in office hours on `day`, moved off a weekend to the Friday before (or the Monday after)."""
        if day.weekday() >= 5:
            friday = day - datetime.timedelta(days=day.weekday() - 4)
            monday = day + datetime.timedelta(days=7 - day.weekday())
            if friday >= floor:
                day = friday
            elif monday < self.today:
                day = monday
        return self.at(day, earliest, latest)

    def weekday_from(self, day: datetime.date, floor: datetime.date) -> datetime.date:
        """`day`, or `floor` if later; a weekend moves to the Friday before if that is not before `floor`, else to the
        Monday after."""
        day = max(day, floor)
        if day.weekday() >= 5:
            friday = day - datetime.timedelta(days=day.weekday() - 4)
            day = friday if friday >= floor else day + datetime.timedelta(days=7 - day.weekday())
        return day

    def office_after(self, day: datetime.date, moment: datetime.datetime) -> datetime.datetime:
        """A time in office hours on the weekday nearest `day` that is on a later day than `moment`."""
        return self.at(self.weekday_from(day, self.day(moment) + ONE_DAY))

    def recorded_after(self, moment: datetime.datetime) -> datetime.datetime:
        """When an officer would type up something reported at `moment`: soon in office hours, else next morning."""
        local = timezone.localtime(moment, self.tz)
        if local.weekday() < 5 and 8 <= local.hour < 16:
            return moment + datetime.timedelta(minutes=self.rng.randint(30, 120))
        day = local.date() + datetime.timedelta(days=1 if local.hour >= 16 else 0)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return self.at(day, 9, 11)

    def plan_case(self, index: int, spec: tuple) -> CasePlan:
        locality, address, postcode, ward, scenario_key, lead_code, lead_username, bands, overdue, people, opts = spec
        rng = self.rng
        loc = demo.LOCALITIES[locality]
        scenario = demo.SCENARIOS[scenario_key]
        housing_key = opts.get("housing", loc["housing"])
        lead_key = {"council": loc["council"], "housing": housing_key}.get(lead_code, lead_code)
        lead = self.officers[lead_username] if lead_username else self.pick_worker(lead_key, locality)
        children = opts.get("children", scenario["children"])
        final_band = bands[-1]
        # Not every council or landlord case needs the police; some stay between the lead and other partners.
        police_share = 0.75 if locality == "Leicester City" else 0.6
        without_police = scenario.get("police_optional", False) and lead_key != "police" and rng.random() > police_share
        # The scenario steps that tell of the ladders' interventions on this case, on the days of the ladders; the
        # police are part of every such case, as they issue or witness a step of each ladder.
        pins = self.pins.get(address, {})
        without_police = without_police and not pins

        # When: opened `age` days ago; an overdue case's last review fell due `overdue_by` days ago. A resolved
        # case's story ends on the day it was closed.
        age = rng.randint(*AGE_DAYS[final_band])
        story = demo.JAG_MANAGEMENT.get(address)
        if story is not None:
            # Fixed, so the story's dates fit the case on whatever day the demo is loaded.
            age = story["age"]
        overdue_by = rng.randint(3, 25) if overdue else 0
        if overdue:
            age = max(age, self.review_days[final_band] + overdue_by + rng.randint(10, 40))
        closed_reason = opts.get("closed", "")
        end_day = self.today
        if closed_reason:
            closed_ago = rng.randint(7, 45)
            end_day = self.today - datetime.timedelta(days=closed_ago)
            age = max(age, closed_ago + rng.randint(40, 120))
        end_at = self.office(end_day, end_day) if closed_reason else self.now
        last_day = end_day - ONE_DAY
        opened_at = self.office(
            self.today - datetime.timedelta(days=age), self.today - datetime.timedelta(days=age + 3), 9, 12
        )
        opened_day = self.day(opened_at)

        complainants = [k for k, role in people if role == "complainant"] or [people[0][0]]
        perpetrators = [k for k, role in people if role == "perpetrator"]
        motive = opts.get("motive", "")
        context = {
            "victim": " and ".join(self.person_name(k) for k in complainants),
            "perp": " and ".join(self.person_name(k) for k in perpetrators)
            or opts.get("perp", "the person responsible"),
            "address": address,
            "locality": locality,
            "jag": f"{locality} JAG",
            "motive": motive,
            "Motive": motive[:1].upper() + motive[1:],
            "specialist": opts.get("specialist", "a specialist support service"),
        }
        events: list[Event] = []
        order = iter(range(10_000))

        def add(
            moment: datetime.datetime, action: str, *, key: str | None = None, after: tuple[str, ...] = (), **data
        ) -> None:
            events.append(Event(moment, next(order), action, data, key, after))

        add(
            opened_at,
            "open",
            officer=lead,
            address=address,
            postcode=postcode,
            ward=ward,
            category=self.categories[scenario["category"]],
            hate_incident=scenario.get("hate", False),
            jag=self.jags[locality],
            lead_agency=self.agencies[lead_key],
            summary=scenario["summary"].format_map(context),
        )
        for minutes, (key, role) in enumerate(people, start=5):
            add(
                opened_at + datetime.timedelta(minutes=minutes),
                "person",
                key=f"person:{address}:{key}",
                officer=lead,
                person=key,
                role=role,
            )

        # Who acts for each actor in the story; None when the case has no such agency.
        chosen: dict[str, tuple[str, Officer] | None] = {}

        def actor(name: str) -> tuple[str, Officer] | None:
            if name in chosen:
                return chosen[name]
            council = loc["council"]
            if name == "lead" or (name == "lead_if_children" and children):
                result = (lead_key, lead)
            elif name == "lead_if_children":
                result = None
            elif name == "chair":
                chair = self.officers[loc["chair"]]
                result = (self.officer_meta[chair.username]["agency"], chair)
            elif name == "eh":
                result = (council, self.pick_worker(council, locality, "eh", avoid=lead))
            elif name == "housing":
                if housing_key is None:
                    result = None
                elif housing_key == lead_key and demo.AGENCIES[housing_key]["kind"] == "social_landlord":
                    result = (lead_key, lead)
                else:
                    pool = "housing" if demo.AGENCIES[housing_key]["kind"] == "local_authority" else "cs"
                    result = (housing_key, self.pick_worker(housing_key, locality, pool))
            elif name == "youth":
                result = (loc["youth"], self.pick_worker(loc["youth"], locality)) if loc["youth"] and children else None
            elif name == "county":
                if locality in ("Leicester City", "Rutland"):
                    result = None
                else:
                    result = ("county", self.officers[rng.choice(["county", "fiona.grant"])])
            else:
                key = {"council": council, "health": "icb"}.get(name, name)
                result = (key, lead if key == lead_key else self.pick_worker(key, locality))
            if result is not None and without_police and result[0] == "police":
                result = None
            chosen[name] = result
            return result

        def acting(name: str) -> tuple[str, Officer]:
            """Who acts for the actor of a step that was kept (the steps of actors the case lacks are left out)."""
            result = actor(name)
            if result is None:
                raise StoryError(f"{address}: no one acts for {name}")
            return result

        # The story so far: older cases have got further. The first two steps at the start, then more activity
        # in the early weeks than later.
        steps = [
            step
            for step in scenario["steps"]
            if actor(step[1]) is not None and (perpetrators or "{perp}" not in step[2])
        ]
        wanted = min(len(steps), max(3, min(15, age // 20 + rng.randint(2, 5))))
        pinned = {n: step[3] for n, step in enumerate(steps) if len(step) > 3 and step[3] in pins}
        if set(pinned.values()) != set(pins):
            raise StoryError(f"{address}: no step {', '.join(sorted(set(pins) - set(pinned.values())))} in its story")
        wanted = max([wanted, *(n + 1 for n in pinned)])
        picked = steps[:wanted]
        span = max(1, (last_day - opened_day).days)
        first_days = opened_day + datetime.timedelta(days=1)
        later = sorted(
            self.office(
                opened_day + datetime.timedelta(days=1 + int((span - 1) * rng.random() ** 1.4)), first_days, 10, 17
            )
            for _ in picked[2:]
        )
        step_times = [
            opened_at + datetime.timedelta(hours=rng.randint(1, 4)),
            self.office(opened_day + datetime.timedelta(days=rng.randint(1, min(5, span))), first_days, 10, 17),
            *later,
        ]
        step_times[1:] = sorted(step_times[1:])
        if pinned:
            step_times = self.story_times(len(picked), {n: pins[key] for n, key in pinned.items()}, opened_at, address)

        # Each action is logged (at its step time) a little after it happened.
        happened_times = [
            max(opened_at + datetime.timedelta(minutes=40), moment - datetime.timedelta(minutes=rng.randint(15, 120)))
            for moment in step_times
        ]

        # Partners: every agency acting in the story, brought in just before its first action, plus the police
        # or the council as the usual partner.
        first_use: dict[str, datetime.datetime] = {}
        for step, happened in zip(picked, happened_times, strict=True):
            key = acting(step[1])[0]
            if key != lead_key:
                first_use.setdefault(key, happened - datetime.timedelta(minutes=rng.randint(20, 90)))
        usual_partner = loc["council"] if lead_key == "police" else None if without_police else "police"
        if usual_partner and usual_partner not in first_use and rng.random() < 0.9:
            first_use[usual_partner] = self.office(opened_day + datetime.timedelta(days=rng.randint(1, 5)), first_days)
        for key, moment in first_use.items():
            add(
                max(opened_at + datetime.timedelta(minutes=30), moment),
                "agency",
                officer=lead,
                agency=self.agencies[key],
            )

        # Incidents: the first before the case was opened, the rest spread over its life.
        fallback = housing_key or loc["council"]
        reported_to_key = {
            "police": fallback if without_police else "police",
            "council": loc["council"],
            "housing": fallback,
        }
        incidents = scenario["incidents"]
        count = rng.randint(1, min(5, len(incidents)))
        chosen_incidents = [incidents[0]] + [
            incidents[i] for i in sorted(rng.sample(range(1, len(incidents)), count - 1))
        ]
        for n, (reported_to, text) in enumerate(chosen_incidents):
            if n == 0:
                occurred = self.at(opened_day - datetime.timedelta(days=rng.randint(1, 10)), 17, 23)
                reported = min(
                    occurred + datetime.timedelta(hours=rng.randint(1, 30)), opened_at - datetime.timedelta(minutes=30)
                )
                recorded = opened_at + datetime.timedelta(minutes=20)
            else:
                occurred = self.at(opened_day + datetime.timedelta(days=rng.randint(1, span)), 17, 23)
                reported = occurred + datetime.timedelta(hours=rng.randint(1, 40))
                recorded = self.recorded_after(reported)
                if recorded >= end_at - datetime.timedelta(hours=1):
                    continue
            add(
                recorded,
                "incident",
                officer=lead,
                occurred_at=occurred,
                reported_at=reported,
                reported_to=self.agencies[reported_to_key[reported_to]],
                description=text.format_map(context),
                hate_incident=scenario.get("hate", False),
            )

        # A few cases get a correction: an officer notices a slip a day or two later.
        corrected_step = rng.randrange(1, len(picked)) if rng.random() < CORRECTION_SHARE else None
        for n, (step, moment, happened) in enumerate(zip(picked, step_times, happened_times, strict=True)):
            kind, who, text, *_ = step
            _, officer = acting(who)
            # An entry that a later step follows or corrects is written as the replay reaches it; the rest in bulk.
            events.append(
                Event(
                    moment,
                    next(order),
                    "entry" if n in pinned or n == corrected_step else "logged",
                    dict(officer=officer, kind=kind, occurred_at=happened, text=text.format_map(context), number=n),
                    key=entry_key(address, pinned[n]) if n in pinned else None,
                )
            )
            if n == corrected_step:
                corrected = self.office(
                    self.day(moment) + datetime.timedelta(days=rng.randint(1, 3)), self.day(moment) + ONE_DAY
                )
                if moment < corrected < end_at - datetime.timedelta(hours=1):
                    correction = demo.CORRECTIONS.get(kind, demo.CORRECTIONS["other"])
                    add(corrected, "correct", officer=officer, number=n, text=correction)

        # Risk: assessed at the start, escalated at an early review if the bands change, then reviewed on time
        # (a few days early) until today, except for overdue cases, whose last review was due `overdue_by` ago.
        victim = complainants[0]
        override = opts.get("override", "")
        first_review = rng.randint(0, 2)
        reviews = [
            (
                opened_at + datetime.timedelta(hours=rng.randint(2, 4))
                if first_review == 0
                else self.office(opened_day + datetime.timedelta(days=first_review), first_days),
                bands[0],
            )
        ]
        if len(bands) > 1:
            gap = rng.randint(7, max(8, min(self.review_days[bands[0]] - 1, age - 5)))
            reviews.append((self.office(self.day(reviews[-1][0]) + datetime.timedelta(days=gap), first_days), bands[1]))
        deadline = self.today - datetime.timedelta(days=self.review_days[final_band] + overdue_by) if overdue else None
        while True:
            last, band = reviews[-1]
            due = self.day(last) + datetime.timedelta(days=self.review_days[band])
            if deadline is not None:
                if self.day(last) >= deadline:
                    break
                upcoming = min(due - datetime.timedelta(days=rng.randint(0, 3)), deadline)
            else:
                if due > end_day:
                    break
                upcoming = min(due - datetime.timedelta(days=rng.randint(0, 3)), last_day)
            reviews.append((self.office(upcoming, self.day(last) + datetime.timedelta(days=1)), final_band))
        for moment, band in reviews:
            add(moment, "risk", officer=lead, band=band, children=children, override=override, victim=victim)

        # Appendix A for medium and high risk: version 1 soon after the first medium or high assessment,
        # and for most of them a revision after a later review.
        plan_from = next((moment for moment, band in reviews if band in (MEDIUM, HIGH)), None)
        if plan_from is not None:
            sections = {k: v.format_map(context) for k, v in scenario["plan"].items()}
            first = self.office(
                self.day(plan_from) + datetime.timedelta(days=rng.randint(1, 5)), self.day(plan_from) + ONE_DAY
            )
            if plan_from < first < end_at - datetime.timedelta(hours=1):
                add(first, "plan", officer=lead, sections=sections, revised=False, children=children)
                later_reviews = [moment for moment, _ in reviews if moment > first + datetime.timedelta(days=7)]
                if later_reviews and rng.random() < 0.6:
                    review_day = self.day(rng.choice(later_reviews))
                    revised = self.office(review_day + ONE_DAY, review_day + ONE_DAY)
                    if first < revised < end_at - datetime.timedelta(hours=1):
                        add(revised, "plan", officer=lead, sections=sections, revised=True, children=children)
        self.info[index] = dict(
            locality=locality,
            scenario=scenario_key,
            context=context,
            lead=lead,
            lead_key=lead_key,
            housing_key=housing_key,
            complainants=complainants,
        )
        if story is not None:
            self.plan_jag_story(story, add, address, locality, lead, opened_day, end_day, end_at)
        if closed_reason:
            add(end_at, "close", officer=lead, reason=closed_reason)
        return CasePlan(index, opened_at, events)

    def story_times(
        self, count: int, pinned: dict[int, datetime.date], opened_at: datetime.datetime, address: str
    ) -> list[datetime.datetime]:
        """When each of a case's first `count` steps is logged, when some of them are pinned to a day: a pinned
        step in the late morning of its day; the others in story order, spread over the days between."""
        times: dict[int, datetime.datetime] = {}
        previous = opened_at
        for n in sorted(pinned):
            moment = self.at(pinned[n], 11, 14)
            if moment <= previous + datetime.timedelta(hours=2):
                raise StoryError(f"{address}: step {n} on {pinned[n]} is not after the steps before it")
            times[n] = previous = moment
        if 0 not in times:
            times[0] = opened_at + datetime.timedelta(hours=self.rng.randint(1, 4))
        end = self.aware(self.today, datetime.time(0, 0))
        run: list[int] = []
        for n in range(count + 1):
            if n < count and n not in times:
                run.append(n)
                continue
            if run:
                low = times[run[0] - 1]
                high = times[n] if n < count else end
                for m, moment in zip(run, self.between(low, high, len(run)), strict=True):
                    times[m] = moment
                run = []
        return [times[n] for n in range(count)]

    def between(self, low: datetime.datetime, high: datetime.datetime, count: int) -> list[datetime.datetime]:
        """`count` moments in order, strictly between `low` and `high`: in office hours on the weekdays between
        their days when there are any, else spread evenly."""
        first, last = self.day(low) + ONE_DAY, self.day(high) - ONE_DAY
        days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
        days = [day for day in days if day.weekday() < 5]
        if days:
            return sorted(self.at(self.rng.choice(days), 10, 16) for _ in range(count))
        return [low + (high - low) * (k + 1) / (count + 1) for k in range(count)]

    def person_name(self, key: str) -> str:
        first, last, *_ = demo.PEOPLE[key]
        return f"{first} {last}"

    # -- replaying a case through the services -----------------------------------------------------------------

    def do_open(self, index: int, *, officer: Officer, **fields) -> None:
        self.cases[index] = services.case_open(officer=officer, lead_officer=officer, **fields)
        self.index_of[self.cases[index].pk] = index

    def do_person(self, index: int, *, officer: Officer, person: str, role: str) -> None:
        found = self.people.get(person)
        if found is None:
            first, last, dob, address, postcode, telephone, notes = demo.PEOPLE[person]
            found = services.person_create(
                officer=officer,
                first_name=first,
                last_name=last,
                date_of_birth=datetime.date.fromisoformat(dob) if dob else None,
                address=address,
                postcode=postcode,
                telephone=telephone,
                notes=notes,
            )
            self.people[person] = found
        services.case_add_person(case=self.cases[index], officer=officer, person=found, role=role)

    def do_incident(self, index: int, **fields) -> None:
        services.incident_record(case=self.cases[index], **fields)

    def do_agency(self, index: int, *, officer: Officer, agency: Agency) -> None:
        services.case_add_agency(case=self.cases[index], officer=officer, agency=agency)

    def do_entry(self, index: int, *, number: int, **fields) -> ChronologyEntry:
        self.entries[index, number] = entry = services.chronology_add(case=self.cases[index], **fields)
        return entry

    def do_logged(
        self, index: int, *, number: int, officer: Officer, kind: str, occurred_at: datetime.datetime, text: str
    ) -> None:
        """An officer's entry that no later step follows: kept until `write_logged` writes it with the others."""
        if kind in (EntryKind.SYSTEM, EntryKind.CORRECTION) or occurred_at > self.at_moment:
            raise StoryError(f"a {kind} entry that happened at {occurred_at}, logged at {self.at_moment}")
        entry = ChronologyEntry(
            case=self.cases[index],
            kind=kind,
            occurred_at=occurred_at,
            agency_id=officer_agency_id(officer),
            officer=officer,
            text=text,
            recorded_at=self.at_moment,
        )
        entry.clean_fields(exclude=["case", "agency", "officer", "corrects"])
        self.logged.append(entry)

    def write_logged(self) -> None:
        """Write the officers' entries kept so far, in bulk, as `services.chronology_add` writes each: the entry, its
        audit event at the moment it was logged, and the case's last change. Done before any step that reads a
        case's chronology (the cessation proposal's summary) and at the end."""
        if not self.logged:
            return
        entries = ChronologyEntry.objects.bulk_create(self.logged)
        content_type = ContentType.objects.get_for_model(ChronologyEntry)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                at=entry.recorded_at,
                officer=entry.officer,
                agency_id=entry.agency_id,
                action=AuditAction.CREATE,
                content_type=content_type,
                object_id=str(entry.pk),
                case_reference=entry.case.reference,
                description=f"Logged {EntryKind(entry.kind).label.lower()}",
            )
            for entry in entries
        )
        last: dict[int, datetime.datetime] = {}
        for entry in entries:
            last[entry.case_id] = max(entry.recorded_at, last.get(entry.case_id, entry.recorded_at))
        for case_id, moment in last.items():
            Case.objects.filter(pk=case_id, updated_at__lt=moment).update(updated_at=moment)
        self.logged = []

    def do_correct(self, index: int, *, officer: Officer, number: int, text: str) -> None:
        services.chronology_correct(entry=self.entries[index, number], officer=officer, text=text)

    def do_risk(self, index: int, *, officer: Officer, band: str, children: bool, override: str, victim: str) -> None:
        answers = self.risk_answers(band, children, override)
        services.risk_assess(case=self.cases[index], officer=officer, victim=self.people.get(victim), **answers)

    def risk_answers(self, band: str, children: bool, override: str) -> RiskAnswers:
        """Screening answers that give `band` (or, with an override reason, medium answers overridden to it)."""
        answers = RiskAnswers(
            happened_before=True,
            reported_elsewhere=False,
            feels_targeted=False,
            household_vulnerable=False,
            children_involved=False,
        )
        if band == HIGH and override:
            answers.update(
                {"reported_elsewhere": True, "feels_targeted": True, "override_band": HIGH, "override_reason": override}
            )
        elif band == HIGH:
            answers.update(
                {
                    "reported_elsewhere": True,
                    "feels_targeted": True,
                    "household_vulnerable": True,
                    "children_involved": children,
                }
            )
        elif band == MEDIUM:
            answers.update({"reported_elsewhere": True, "children_involved": children})
        else:
            answers.update({"happened_before": not children, "children_involved": children})
        return answers

    def do_close(self, index: int, *, officer: Officer, reason: str) -> None:
        case = self.cases[index]
        # Each victim is told first, by phone, why the case is closing; they say how it went.
        for position, link in enumerate(case.case_people.filter(role=PersonRole.COMPLAINANT).select_related("person")):
            closure_services.victim_closure_record(
                case=case,
                victim=link.person,
                officer=officer,
                expected_version=0,
                told_how=ToldHow.PHONE,
                told_on=clock.today(),
                told_what=reason,
                not_told_reason="",
                not_told_explanation="",
                outcome=VictimOutcome.STOPPED if position % 3 < 2 else VictimOutcome.REDUCED,
                satisfaction=4 + position % 2,
            )
        services.case_set_status(case=case, officer=officer, status=CaseStatus.CLOSED, reason=reason)

    def do_plan(self, index: int, *, officer: Officer, sections: dict, revised: bool, children: bool) -> None:
        case = self.cases[index]
        review = ("review_outcome", "risk_alleviated", "new_information", "further_actions")
        fields = {k: v for k, v in sections.items() if revised or k not in review}
        services.plan_save(
            case=case,
            officer=officer,
            overview=case.summary,
            children_involved=children,
            safeguarding_considered=True if children else None,
            **fields,
        )

    # -- JAG case management, the daily long-standing check, meetings and an ASB Case Review -----------------------

    def plan_jag_story(
        self,
        story: demo.JagManagementData,
        add,
        address: str,
        locality: str,
        lead: Officer,
        opened_day: datetime.date,
        end_day: datetime.date,
        end_at: datetime.datetime,
    ) -> None:
        """The case's referrals, take-offs and transfer (demo.JAG_MANAGEMENT), and its ASB Case Review. The lead
        officer refers; the JAG's chair takes the case off, as the JAG decided; a period still open when a case
        closes ends that day, before it is closed."""
        chair = self.officers[demo.LOCALITIES[locality]["chair"]]
        floor = opened_day + ONE_DAY
        started_on = floor
        for start_ago, end_ago in story["periods"]:
            start = max(self.today - datetime.timedelta(days=start_ago), floor)
            referred = self.office(start, floor, 10, 15)
            started_on = self.day(referred)
            add(referred, "jag_refer", officer=lead, started_on=started_on)
            if end_ago is None:
                continue
            if end_ago == "closed":
                taken_off = end_at - datetime.timedelta(minutes=30)
            else:
                end = max(self.today - datetime.timedelta(days=end_ago), started_on + ONE_DAY)
                taken_off = self.office(end, started_on + ONE_DAY, 10, 15)
            floor = self.day(taken_off)
            add(taken_off, "jag_take_off", officer=chair, ended_on=floor)
        if "transfer" in story:
            ago, to_locality = story["transfer"]
            day = max(self.today - datetime.timedelta(days=ago), started_on + ONE_DAY)
            moved = self.office(day, started_on + ONE_DAY, 10, 15)
            add(
                moved,
                "jag_transfer",
                key=f"transfer:{address}",
                officer=chair,
                to_jag=self.jags[to_locality],
                on=self.day(moved),
            )
        review = story.get("case_review")
        if review:
            recorder = self.officers[review["officer"]]
            # Each step on a later day than the one before, whatever a weekend moved.
            applied = self.office(self.today - datetime.timedelta(days=review["applied"]), floor)
            decided = self.office_after(self.today - datetime.timedelta(days=review["decided"]), applied)
            meeting = self.weekday_from(self.today - datetime.timedelta(days=review["meeting"]), self.day(decided))
            outcome = self.office_after(
                self.today - datetime.timedelta(days=review["outcome"]), self.aware(meeting, datetime.time(17, 0))
            )
            add(applied, "case_review_apply", officer=recorder, application_date=self.day(applied))
            add(decided, "case_review_decide", officer=recorder, decision_date=self.day(decided))
            add(
                outcome,
                "case_review_outcome",
                officer=recorder,
                review_meeting_date=meeting,
                outcome_date=self.day(outcome),
            )

    def do_jag_refer(self, index: int, *, officer: Officer, started_on: datetime.date) -> None:
        jag_services.jag_refer(case=self.cases[index], officer=officer, started_on=started_on)

    def do_jag_take_off(self, index: int, *, officer: Officer, ended_on: datetime.date) -> None:
        jag_services.jag_take_off(case=self.cases[index], officer=officer, ended_on=ended_on)

    def do_jag_transfer(self, index: int, *, officer: Officer, to_jag: Jag, on: datetime.date) -> None:
        self.cases[index] = jag_services.jag_transfer(case=self.cases[index], officer=officer, to_jag=to_jag, on=on)

    def plan_long_standing_checks(self) -> None:
        """The long-standing check at 02:30 (the Celery beat schedule's time), from the first day a case could have
        become long standing until yesterday: the day's own check follows the load. The job runs daily; replayed
        here on Mondays, on the days a meeting's agenda is generated and yesterday, it finds the same cases and
        dates (a case is long standing since the day it crossed the threshold, whichever day the check runs), and
        the agendas see the same changes."""
        first_referral = max(start for story in demo.JAG_MANAGEMENT.values() for start, _ in story["periods"])
        threshold = CasePolicy.current().long_standing_days
        day = self.today - datetime.timedelta(days=first_referral - threshold + 1)
        while day < self.today:
            if day.weekday() == 0 or day in self.agenda_days or day == self.today - ONE_DAY:
                self.schedule(self.aware(day, datetime.time(2, 30)), "long_standing_check", as_of=day)
            day += ONE_DAY

    def do_long_standing_check(self, _: None, *, as_of: datetime.date) -> None:
        long_standing_flag_all(as_of=as_of)

    def aware(self, day: datetime.date, at: datetime.time) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, at), self.tz)

    def plan_meetings(self) -> None:
        """The JAG's meetings (demo.JAG_MEETINGS), on its usual weekday: each scheduled three weeks ahead by the
        chair and its agenda generated by a member the week before; the last one is still to come."""
        spec = demo.JAG_MEETINGS
        self.meeting_jag = self.jags[spec["locality"]]
        chair = self.meeting_jag.chair
        if chair is None:
            raise StoryError(f"{self.meeting_jag} has no chair to hold its meetings")
        self.meeting_chair = chair
        member = self.officers[spec["agenda_by"]]
        weekday = spec["weekday"]
        starts_at = datetime.time(*spec["starts_at"])
        days = [self.today - datetime.timedelta(days=ago) for ago, _ in spec["held"]]
        days = [day - datetime.timedelta(days=(day.weekday() - weekday) % 7) for day in days]
        ahead = self.today + datetime.timedelta(days=spec["next_in"])
        days.append(ahead + datetime.timedelta(days=(weekday - ahead.weekday()) % 7))
        locations = [location for _, location in spec["held"]] + [spec["next_location"]]
        self.held_meetings = len(spec["held"])
        self.agenda_days: set[datetime.date] = set()
        for number, (day, location) in enumerate(zip(days, locations, strict=True)):
            scheduled = self.office(day - datetime.timedelta(days=21), day - datetime.timedelta(days=23))
            if number < self.held_meetings:
                agenda = self.aware(day - datetime.timedelta(days=6), datetime.time(14, 0))
                self.agenda_days.add(self.day(agenda))
            else:
                agenda = self.now - datetime.timedelta(minutes=20)
            self.schedule(
                scheduled,
                "meeting_schedule",
                key=f"meeting:{number}",
                number=number,
                officer=chair,
                starts_at=self.aware(day, starts_at),
                location=location,
            )
            self.schedule(
                agenda,
                "meeting_agenda",
                key=f"agenda:{number}",
                after=(f"meeting:{number}",),
                number=number,
                officer=member,
            )
            if number < self.held_meetings:
                self.schedule(
                    self.aware(day, starts_at) + datetime.timedelta(minutes=5),
                    "meeting_open",
                    after=(f"agenda:{number}",),
                    number=number,
                )
        self.next_agenda = f"agenda:{len(days) - 1}"
        for number, address in spec["added_by_hand"].items():
            day = days[number] - datetime.timedelta(days=2)
            self.schedule(
                self.aware(day, datetime.time(11, 0)),
                "agenda_add",
                after=(f"agenda:{number}", f"transfer:{address}"),
                number=number,
                address=address,
            )

    def do_meeting_schedule(self, _: None, *, number: int, officer: Officer, **fields) -> None:
        self.meetings[number] = meeting_services.meeting_schedule(officer=officer, jag=self.meeting_jag, **fields)

    def do_meeting_agenda(self, _: None, *, number: int, officer: Officer) -> None:
        meeting_services.meeting_generate_agenda(meeting=self.meetings[number], officer=officer)

    def do_agenda_add(self, _: None, *, number: int, address: str) -> None:
        case = Case.objects.get(address=address)
        meeting_services.agenda_add_case(
            meeting=self.meetings[number], officer=self.meeting_chair, reference=case.reference
        )

    def do_meeting_open(self, _: None, *, number: int) -> None:
        """Attendance as the meeting opens; then each case on the agenda in turn, and the chair marks it held."""
        meeting = self.meetings[number]
        attendance = demo.JAG_MEETINGS["attendance"]
        absent = demo.JAG_MEETINGS["absent"].get(number, ())
        rows = [
            AttendanceInput(self.agencies[key], key not in absent, "" if key in absent else attendees)
            for key, attendees in attendance.items()
        ]
        meeting_services.attendance_record(meeting=meeting, officer=self.meeting_chair, rows=rows)
        at = self.at_moment
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"):
            at += datetime.timedelta(minutes=self.rng.randint(6, 12))
            self.schedule(at, "meeting_decision", self.index_of[item.case_id], number=number, item_pk=item.pk)
        self.schedule(at + datetime.timedelta(minutes=15), "meeting_held", number=number)

    def do_meeting_held(self, _: None, *, number: int) -> None:
        meeting_services.meeting_mark_held(meeting=self.meetings[number], officer=self.meeting_chair)

    def do_meeting_decision(self, index: int, *, number: int, item_pk: int) -> None:
        item = AgendaItem.objects.select_related("case", "meeting").get(pk=item_pk)
        decision, actions, notes, left_open, keys = self.jag_decision(index, item, number)
        meeting_services.agenda_record_decision(
            item=item, officer=self.meeting_chair, decision=decision, actions=actions
        )
        meeting_day = meeting_services.meeting_date(item.meeting)
        created = MeetingAction.objects.filter(agenda_item=item).order_by("pk")
        for action, note, stays_open, key in zip(created, notes, left_open, keys, strict=True):
            issue = self.told_by_action.get((item.case.address, key))
            issued_at = self.timeline.moments.get(issue) if issue else None
            if issued_at is not None and self.day(issued_at) > meeting_day:
                # The action that leads to an intervention of the ladders is done the morning it is issued.
                self.schedule(
                    issued_at - 30 * MINUTE,
                    "action_done",
                    index,
                    action_pk=action.pk,
                    officer=self.officer_of(index, action.agency),
                    completed_on=self.day(issued_at),
                    note=note,
                )
            elif not stays_open:
                self.plan_action_done(index, action, note, meeting_day)

    def jag_decision(
        self, index: int, item: AgendaItem, number: int
    ) -> tuple[str, list[ActionInput], list[str], list[bool], list[str]]:
        """The JAG's decision on the case (the scenario's next one) and its actions, to agencies in the case. The
        first action given at the last meeting but one is due a fortnight on and is the one left overdue."""
        info = self.info[index]
        context = info["context"]
        previous = self.decisions.get(index, 0)
        self.decisions[index] = previous + 1
        options = demo.JAG_DECISIONS[info["scenario"]]
        decision = options[previous % len(options)]
        reasons = set(item.reasons.split(",")) - self.noted.get(index, set())
        self.noted.setdefault(index, set()).update(reasons)
        opening = " ".join(text for reason, text in demo.JAG_REASON_NOTES.items() if reason in reasons)
        text = (opening + " " + decision["decision"]).strip().format_map(context)
        allowed = set(meeting_services.action_agencies(item.case).values_list("pk", flat=True))
        meeting_day = meeting_services.meeting_date(item.meeting)
        actions: list[ActionInput] = []
        notes: list[str] = []
        left_open: list[bool] = []
        keys: list[str] = []
        for role, description, due_days, note, *rest in decision["actions"]:
            agency = self.role_agency(index, role)
            if agency is None or agency.pk not in allowed:
                continue
            key = rest[0] if rest else ""
            told = (item.case.address, key) in self.told_by_action
            overdue = number == self.held_meetings - 2 and not self.overdue_claimed and not told
            if overdue:
                due_days, self.overdue_claimed = 14, True
            actions.append(
                ActionInput(agency, description.format_map(context), meeting_day + datetime.timedelta(due_days))
            )
            notes.append(note.format_map(context))
            left_open.append(overdue)
            keys.append(key)
        return text, actions, notes, left_open, keys

    def role_agency(self, index: int, role: str) -> Agency | None:
        info = self.info[index]
        loc = demo.LOCALITIES[info["locality"]]
        key = {
            "lead": info["lead_key"],
            "council": loc["council"],
            "housing": info["housing_key"],
            "youth": loc["youth"],
            "health": "icb",
        }.get(role, role)
        return self.agencies.get(key) if key else None

    def plan_action_done(self, index: int, action: MeetingAction, note: str, meeting_day: datetime.date) -> None:
        """Actions are done around their due date; of those not yet due, about a third are already done."""
        if action.due_on >= self.today and self.rng.random() < 0.65:
            return
        earliest = meeting_day + datetime.timedelta(days=2)
        latest = min(action.due_on + datetime.timedelta(days=self.rng.randint(-4, 2)), self.today - ONE_DAY)
        if latest < earliest:
            return
        day = earliest + datetime.timedelta(days=self.rng.randint(0, (latest - earliest).days))
        done = self.office(day, earliest, 9, 16)
        if done >= self.now - datetime.timedelta(hours=1):
            return
        self.schedule(
            done,
            "action_done",
            index,
            action_pk=action.pk,
            officer=self.officer_of(index, action.agency),
            completed_on=self.day(done),
            note=note,
        )

    def officer_of(self, index: int, agency: Agency) -> Officer:
        """Who in the agency does the case's work: the lead officer for the lead agency, else one of its workers."""
        info = self.info[index]
        if agency.pk == self.agencies[info["lead_key"]].pk:
            return info["lead"]
        key = next(key for key, candidate in self.agencies.items() if candidate.pk == agency.pk)
        if not (self.workers(key, info["locality"]) or self.workers(key, info["locality"], "cs")):
            return info["lead"]
        return self.pick_worker(key, info["locality"])

    def do_action_done(self, index: int, *, action_pk: int, officer: Officer, completed_on, note: str) -> None:
        meeting_services.action_complete(
            action=MeetingAction.objects.get(pk=action_pk), officer=officer, completed_on=completed_on, note=note
        )

    def do_case_review_apply(self, index: int, *, officer: Officer, application_date: datetime.date) -> None:
        """The victim applies; the council's community safety team, the point of contact, is brought into the case
        first if it is not already in it."""
        case = self.cases[index]
        info = self.info[index]
        council = self.agencies[demo.LOCALITIES[info["locality"]]["council"]]
        if council.pk != case.lead_agency_id and not case.agency_links.filter(agency=council).exists():
            services.case_add_agency(case=case, officer=info["lead"], agency=council)
        self.case_review = case_review_services.case_review_apply(
            case=case,
            officer=officer,
            victim=self.people[info["complainants"][0]],
            application_date=application_date,
            point_of_contact=officer,
            received_how=ApplicationReceivedHow.PHONE,
            received_by=officer,
        )

    def do_case_review_decide(self, index: int, *, officer: Officer, decision_date: datetime.date) -> None:
        self.case_review = case_review_services.case_review_decide(
            activation=self.case_review,
            officer=officer,
            expected_version=self.case_review.version,
            decision=CaseReviewDecision.MET,
            reason=demo.CASE_REVIEW["threshold_reason"].format_map(self.info[index]["context"]),
            decision_date=decision_date,
        )

    def do_case_review_outcome(
        self, index: int, *, officer: Officer, review_meeting_date: datetime.date, outcome_date: datetime.date
    ) -> None:
        context = self.info[index]["context"]
        self.case_review = case_review_services.case_review_record_review(
            activation=self.case_review,
            officer=officer,
            expected_version=self.case_review.version,
            review_meeting_date=review_meeting_date,
            outcome=demo.CASE_REVIEW["outcome"].format_map(context),
            recommendations=demo.CASE_REVIEW["recommendations"].format_map(context),
            outcome_date=outcome_date,
            chair_name="Gareth Lloyd",
            chair_agency="Leicestershire County Council community safety team",
            chair_independent=True,
            victim_consulted=True,
            consulted_on=review_meeting_date,
            consulted_how=ConsultedHow.PHONE,
            victim_attendance=VictimAttendance.PHONE,
        )

    # -- the ladders and the cessation proposal --------------------------------------------------------------------

    def plan_ladder_days(self) -> None:
        """The day of each step of the ladders (demo.ladders): the day the story wants, on a weekday, and on a later
        day than every step it follows; and so the day of each scenario step that tells of one (`self.pins`)."""
        self.ladder_days: dict[str, datetime.date] = {}
        self.ladder_after: dict[str, tuple[str, ...]] = {}
        self.ladder_issues: dict[str, ladders.Issue] = {}
        self.first_hearings: dict[str, datetime.date] = {}
        self.pins: dict[str, dict[str, datetime.date]] = {}
        self.told_by_action: dict[tuple[str, str], str] = {}
        last_on_ladder: dict[str, str] = {}
        for step in ladders.STEPS:
            after = list(getattr(step, "after", ()))
            if isinstance(step, ladders.Issue):
                if step.person in last_on_ladder:
                    after.append(last_on_ladder[step.person])
                last_on_ladder[step.person] = step.key
                self.ladder_issues[step.key] = step
            else:
                after.append(step.of)
                self.ladder_issues[step.key] = self.ladder_issues[step.of]
            unknown = [key for key in after if key not in self.ladder_days]
            if unknown:
                raise StoryError(f"{step.key} follows {', '.join(unknown)}, which must come before it in the ladders")
            floor = max((self.ladder_days[key] + ONE_DAY for key in after), default=datetime.date.min)
            if isinstance(step, ladders.HearingListed):
                day = self.first_hearings[step.of]
            elif isinstance(step, ladders.Breach):
                day = max(self.today - datetime.timedelta(days=step.ago), floor)
            else:
                day = self.weekday_from(self.today - datetime.timedelta(days=step.ago), floor)
            if not floor <= day < self.today:
                raise StoryError(f"{step.key} on {day} is not between {floor} and the day before {self.today}")
            self.ladder_days[step.key] = day
            self.ladder_after[step.key] = tuple(after)
            if isinstance(step, ladders.Issue) and step.first_hearing_in is not None:
                self.first_hearings[step.key] = self.weekday_on_or_after(
                    day + datetime.timedelta(days=step.first_hearing_in)
                )
            if isinstance(step, ladders.Issue) and step.told_by_action:
                self.told_by_action[step.address, step.told_by_action] = step.key
            if isinstance(step, ladders.Issue) and step.told_by:
                pins = self.pins.setdefault(step.address, {})
                if pins.setdefault(step.told_by, day) != day:
                    raise StoryError(f"{step.told_by} at {step.address} would tell of steps on two days")

    @staticmethod
    def weekday_on_or_after(day: datetime.date) -> datetime.date:
        while day.weekday() >= 5:
            day += ONE_DAY
        return day

    def plan_ladders(self) -> None:
        """Each step of the ladders on its day: an intervention a few minutes after the chronology entry that tells
        of it (else mid-morning), its issuing agency brought into the case just before if it is not part of it yet;
        a breach's incident first thing, the breach later that morning; a hearing in the afternoon."""
        told: dict[str, int] = {}
        for step in ladders.STEPS:
            day = self.ladder_days[step.key]
            after = self.ladder_after[step.key]
            issue = self.ladder_issues[step.key]
            index = self.case_index[issue.address]
            if isinstance(step, ladders.Issue):
                if step.told_by:
                    entry = entry_key(step.address, step.told_by)
                    told[entry] = told.get(entry, 0) + 1
                    at = self.timeline.moments[entry] + 10 * told[entry] * MINUTE
                    after = (*after, entry)
                else:
                    at = self.aware(day, datetime.time(10, 30))
                issuer = self.officers[step.issued_by]
                self.schedule(
                    at - 5 * MINUTE,
                    "agency_join",
                    index,
                    key=f"{step.key}:agency",
                    after=(f"person:{step.address}:{step.person}",),
                    officer=self.info[index]["lead"],
                    agency=issuer.agency,
                )
                self.schedule(at, "issue", index, key=step.key, after=(*after, f"{step.key}:agency"), step=step)
            elif isinstance(step, ladders.Breach):
                incident = f"{step.key}:incident"
                self.schedule(
                    self.aware(day, datetime.time(9, 30)),
                    "breach_incident",
                    index,
                    key=incident,
                    after=after,
                    step=step,
                )
                self.schedule(
                    self.aware(day, datetime.time(11, 0)), "breach", index, key=step.key, after=(incident,), step=step
                )
            elif isinstance(step, ladders.HearingListed):
                self.schedule(
                    self.aware(day, datetime.time(14, 0)), "hearing_listed", index, key=step.key, after=after, step=step
                )
            else:
                self.schedule(
                    self.aware(day, datetime.time(11, 0)), "varied", index, key=step.key, after=after, step=step
                )

    def do_agency_join(self, index: int, *, officer: Officer, agency: Agency) -> None:
        case = self.cases[index]
        if agency.pk != case.lead_agency_id and not case.agency_links.filter(agency=agency).exists():
            services.case_add_agency(case=case, officer=officer, agency=agency)

    def do_issue(self, index: int, *, step: ladders.Issue) -> Intervention:
        day = self.ladder_days[step.key]
        officer = self.officers[step.issued_by]
        intervention = intervention_issue(
            officer=self.officers[step.recorded_by or step.issued_by],
            case=self.cases[index],
            person=self.people[step.person],
            kind=self.intervention_kinds[step.kind],
            issuing_agency=agency_of(officer),
            issuing_officer=officer,
            issued_on=day,
            conditions=step.conditions,
            refused_to_sign=step.refused_to_sign,
            court=step.court,
            first_hearing_on=self.first_hearings.get(step.key),
            order_made=step.order_made,
            justification=step.justification,
            notice_hours=step.notice_hours,
            authorised_by=step.authorised_by,
        )
        if intervention.kind.letter:
            # Sent as the officer would confirm it: to the person's own address, else by hand.
            intervention_letter_generate(
                intervention=intervention,
                officer=intervention.recorded_by,
                details=default_details(intervention.person, intervention.case),
            )
            intervention.refresh_from_db()
        self.recorded.append(f"{day:%-d %b %Y}: {intervention.kind_name} to {intervention.person.full_name}")
        return intervention

    def made(self, key: str, kind: type[Made]) -> Made:
        """What the step `key` made, which is a `kind`."""
        made = self.timeline.made[key]
        if not isinstance(made, kind):
            raise StoryError(f"{key} made {made!r}, not a {kind.__name__}")
        return made

    def intervention(self, key: str) -> Intervention:
        """The intervention the step `key` issued, as it is now."""
        return Intervention.objects.get(pk=self.made(key, Intervention).pk)

    def do_breach_incident(self, index: int, *, step: ladders.Breach) -> Incident:
        day = self.ladder_days[step.key]
        officer = self.officers[step.officer]
        return services.incident_record(
            case=self.cases[index],
            officer=officer,
            occurred_at=self.aware(day - ONE_DAY, step.incident_time),
            reported_at=self.aware(day, datetime.time(8, 45)),
            reported_to=agency_of(officer),
            description=step.incident,
            hate_incident=False,
        )

    def do_breach(self, index: int, *, step: ladders.Breach) -> None:
        day = self.ladder_days[step.key]
        intervention = self.intervention(step.of)
        intervention_record_event(
            officer=self.officers[step.officer],
            intervention=intervention,
            expected_version=intervention.version,
            event_type=EventType.BREACH,
            occurred_on=day - ONE_DAY,
            details=step.details,
            evidence_incident=self.made(f"{step.key}:incident", Incident),
        )
        self.recorded.append(
            f"{day:%-d %b %Y}: breach of the {intervention.kind_name} by {intervention.person.full_name}"
        )

    def do_hearing_listed(self, index: int, *, step: ladders.HearingListed) -> None:
        day = self.ladder_days[step.key]
        intervention = self.intervention(step.of)
        hearing_on = self.weekday_on_or_after(self.today + datetime.timedelta(days=step.next_in))
        intervention_record_event(
            officer=self.officers[step.officer],
            intervention=intervention,
            expected_version=intervention.version,
            event_type=EventType.HEARING_LISTED,
            occurred_on=day,
            details=step.details,
            hearing_on=hearing_on,
        )
        self.recorded.append(
            f"{day:%-d %b %Y}: the {intervention.kind_name} for {intervention.person.full_name} "
            f"is back in court on {hearing_on:%-d %b %Y}"
        )

    def do_varied(self, index: int, *, step: ladders.Varied) -> None:
        day = self.ladder_days[step.key]
        intervention = self.intervention(step.of)
        new_live_until = add_months(intervention.issued_on, step.months)
        intervention_record_event(
            officer=self.officers[step.officer],
            intervention=intervention,
            expected_version=intervention.version,
            event_type=EventType.VARIED,
            occurred_on=day,
            details=step.details,
            new_live_until=new_live_until,
        )
        self.recorded.append(
            f"{day:%-d %b %Y}: the {intervention.kind_name} for {intervention.person.full_name} "
            f"varied to run until {new_live_until:%-d %b %Y}"
        )

    def plan_cessation(self) -> None:
        """The lead officer proposes cessation once the next meeting's agenda is out, so it goes onto that agenda."""
        proposal = ladders.CESSATION
        self.schedule(
            self.now - 10 * MINUTE,
            "propose_cessation",
            self.case_index[proposal.address],
            key=proposal.key,
            after=(self.next_agenda, *proposal.after),
            officer=self.officers[proposal.proposed_by],
            reasoning=proposal.reasoning,
        )

    def do_propose_cessation(self, index: int, *, officer: Officer, reasoning: str) -> CessationProposal:
        self.write_logged()
        proposal = cessation_propose(case=self.cases[index], officer=officer, reasoning=reasoning)
        self.recorded.append(f"today: cessation proposed on {proposal.case.reference} ({proposal.case.address})")
        return proposal

    # -- report ------------------------------------------------------------------------------------------------

    def summary(self) -> list[tuple[str, object]]:
        open_cases = Case.objects.filter(status=CaseStatus.OPEN)
        by_locality = ", ".join(
            f"{jag.locality} {jag.cases.count()}"
            for jag in Jag.objects.filter(pk__in=[j.pk for j in self.jags.values()])
        )
        return [
            ("Agencies", len(self.agencies)),
            ("Officers", len(self.officers)),
            ("JAGs", len(self.jags)),
            ("Cases", f"{len(self.cases)} ({by_locality})"),
            ("Closed (resolved)", Case.objects.filter(status=CaseStatus.CLOSED).count()),
            ("Reviews overdue", open_cases.filter(next_review_date__lt=self.today).count()),
            ("People", Person.objects.count()),
            ("Incidents", Incident.objects.count()),
            ("Chronology entries", ChronologyEntry.objects.count()),
            ("Risk assessments", RiskAssessment.objects.count()),
            ("Plan versions", PlanVersion.objects.count()),
            (
                "Under JAG case management",
                f"{open_cases.filter(jag_periods__ended_on__isnull=True, jag_periods__isnull=False).count()} now, "
                f"{open_cases.filter(jag_periods__isnull=False).distinct().count()} of {open_cases.count()} open "
                f"cases now or before",
            ),
            (
                "Long standing",
                f"{open_cases.filter(long_standing_since__isnull=False).count()} ("
                f"{open_cases.filter(long_standing_since__isnull=False, jag=self.meeting_jag).count()} in "
                f"{self.meeting_jag.locality}; today's check follows)",
            ),
            (
                "JAG meetings",
                ", ".join(
                    f"{timezone.localtime(m.starts_at):%-d %b %Y} {m.get_status_display().lower()}"
                    for m in Meeting.objects.filter(pk__in=[m.pk for m in self.meetings.values()]).order_by("starts_at")
                ),
            ),
            (
                "JAG actions",
                f"{MeetingAction.objects.count()} ({MeetingAction.objects.filter(completed_on__isnull=False).count()} "
                f"done, {MeetingAction.objects.filter(completed_on__isnull=True, due_on__lt=self.today).count()} "
                f"overdue)",
            ),
            ("ASB Case Reviews", CaseReviewActivation.objects.count()),
            ("Interventions", Intervention.objects.count()),
            ("Cessation proposals", CessationProposal.objects.count()),
        ]
