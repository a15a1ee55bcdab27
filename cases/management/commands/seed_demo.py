"""Load the LLR demo data: partner agencies, officers (one login per role), a JAG per locality and about fifty cases.

Cases are written through the services, exactly as officers would write them, while a simulated clock replays
each case's history over the past months: the case is opened, people and incidents recorded, risk assessed and
reviewed, partners brought in, actions logged and plans revised on the dates they happened. So the chronology,
the audit trail, case references and review dates all agree, and a review left undone is simply overdue now;
nothing in the append-only record is ever updated. A fixed random seed makes the data the same on every run
(relative to the day it is loaded).

The partnership's history is replayed with them, in one time line: cases referred to JAG case management, taken
off, re-referred and transferred; the daily long-standing check (its e-mails are not sent: they belong to the
past); the Leicester City JAG's meetings with their generated agendas, attendance, decisions and actions, and the
actions done afterwards; and an ASB Case Review. Steps that depend on what happened before (an agenda, the
actions a decision gives) are planned as the replay reaches them.
"""

import contextlib
import datetime
import heapq
import itertools
import random
import time
from dataclasses import dataclass, field
from unittest import mock

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from agencies.models import Agency, Department, Officer
from agencies.roles import Role, role_group_name
from cases import case_review_services, demo, jag_services, meeting_services, services
from cases.meeting_services import ActionInput, AttendanceInput
from cases.models import (
    AgendaItem,
    Case,
    CasePolicy,
    CaseReviewActivation,
    CaseReviewDecision,
    CaseStatus,
    Category,
    ChronologyEntry,
    Incident,
    MeetingAction,
    Person,
    PlanVersion,
    RiskAssessment,
    RiskBand,
)
from jag.models import Jag, Meeting

SEED = 2026
HIGH, MEDIUM, STANDARD = RiskBand.HIGH.value, RiskBand.MEDIUM.value, RiskBand.STANDARD.value
# How long ago cases were opened, by their final risk band: high-risk cases are reviewed every fortnight, so
# they are kept younger to keep their chronologies readable.
AGE_DAYS = {HIGH: (21, 100), MEDIUM: (30, 260), STANDARD: (20, 420)}
CORRECTION_SHARE = 0.12
ONE_DAY = datetime.timedelta(days=1)


class Clock:
    def __init__(self, at: datetime.datetime):
        self.at = at

    def now(self) -> datetime.datetime:
        return self.at


@contextlib.contextmanager
def simulated_clock():
    """Make timezone.now() (and every model default that uses it) return the clock's time while loading."""
    real_now = timezone.now
    defaults = [
        f
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.has_default() and f.default is real_now
    ]
    clock = Clock(real_now())
    with mock.patch.object(timezone, "now", clock.now):
        # Field defaults hold the function itself, so override the cached default lookup as well.
        for f in defaults:
            f.__dict__["_get_default"] = clock.now
        try:
            yield clock
        finally:
            for f in defaults:
                f.__dict__.pop("_get_default", None)


@dataclass(order=True)
class Event:
    at: datetime.datetime
    order: int
    action: str = field(compare=False)
    data: dict = field(compare=False, default_factory=dict)


@dataclass
class CasePlan:
    index: int
    opened_at: datetime.datetime
    events: list[Event]


class Command(BaseCommand):
    help = "Load demo agencies, officers, JAGs and cases for Leicester, Leicestershire and Rutland (idempotent)."

    def handle(self, *args, **options) -> None:
        agency_names = [a["name"] for a in demo.AGENCIES.values()]
        usernames = [login["username"] for login in demo.DEMO_LOGINS]
        if (
            Agency.objects.filter(name__in=agency_names).exists()
            or Officer.objects.filter(username__in=usernames).exists()
        ):
            self.stdout.write("The demo data is already loaded: nothing changed.")
            self.print_logins()
            return
        started = time.monotonic()
        # The daily long-standing checks replayed here e-mail their changes: those e-mails belong to the past.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            summary = Seeder(random.Random(SEED)).run()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f}s."))
        for label, value in summary:
            self.stdout.write(f"  {label}: {value}")
        self.print_logins()

    def print_logins(self) -> None:
        officers = {
            o.username: o
            for o in Officer.objects.filter(username__in=[d["username"] for d in demo.DEMO_LOGINS]).select_related(
                "agency"
            )
        }
        rows = [("Username", "Name", "Agency", "Role")]
        for login in demo.DEMO_LOGINS:
            officer = officers.get(login["username"])
            if officer is None:
                continue
            rows.append(
                (
                    officer.username,
                    officer.display_name,
                    officer.agency.name if officer.agency else "",
                    Role(login["role"]).label,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for n, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(value.ljust(widths[i]) for i, value in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))


class Seeder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.agencies: dict[str, Agency] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.officers: dict[str, Officer] = {}
        self.officer_meta: dict[str, dict] = {}
        self.jags: dict[str, Jag] = {}
        self.categories = {c.name: c for c in Category.objects.all()}
        self.people: dict[str, Person] = {}
        self.review_days = {band: services.review_days_for(band) for band in (HIGH, MEDIUM, STANDARD)}
        # The time line: (when, sequence, action, case index or None, data), replayed in order of time.
        self.queue: list[tuple[datetime.datetime, int, str, int | None, dict]] = []
        self.sequence = itertools.count()
        self.info: dict[int, dict] = {}
        self.meetings: dict[int, Meeting] = {}
        self.index_of: dict[int, int] = {}
        self.decisions: dict[int, int] = {}
        self.overdue_claimed = False
        self.noted: dict[int, set[str]] = {}

    # -- reference data ----------------------------------------------------------------------------------------

    def run(self) -> list[tuple[str, object]]:
        self.create_agencies()
        self.create_officers()
        self.create_jags()
        plans = [self.plan_case(index, spec) for index, spec in enumerate(demo.CASES)]
        self.cases: dict[int, Case] = {}
        self.entries: dict[tuple[int, int], ChronologyEntry] = {}
        for plan in plans:
            for event in sorted(plan.events):
                self.schedule(event.at, event.action, plan.index, **event.data)
        self.plan_long_standing_checks()
        self.plan_meetings()
        with simulated_clock() as clock:
            self.clock = clock
            # One time line for every case and the JAG: cases are opened in date order, so references run in the
            # order the cases came in, and a meeting's agenda sees the cases as they were that day.
            while self.queue:
                at, _, action, index, data = heapq.heappop(self.queue)
                clock.at = at
                getattr(self, f"do_{action}")(index, **data)
        return self.summary()

    def schedule(self, at: datetime.datetime, action: str, index: int | None = None, **data) -> None:
        """Put a step on the time line; steps may schedule later ones while the time line is replayed."""
        if at >= self.now:
            raise AssertionError(f"Demo event in the future: {action} at {at}")
        heapq.heappush(self.queue, (at, next(self.sequence), action, index, data))

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
        rows = [dict(login, login=True) for login in demo.DEMO_LOGINS] + [
            dict(
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

        def add(moment: datetime.datetime, action: str, **data) -> None:
            events.append(Event(moment, next(order), action, data))

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
            add(opened_at + datetime.timedelta(minutes=minutes), "person", officer=lead, key=key, role=role)

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

        # The story so far: older cases have got further. The first two steps at the start, then more activity
        # in the early weeks than later.
        steps = [
            step
            for step in scenario["steps"]
            if actor(step[1]) is not None and (perpetrators or "{perp}" not in step[2])
        ]
        wanted = min(len(steps), max(3, min(15, age // 20 + rng.randint(2, 5))))
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

        # Each action is logged (at its step time) a little after it happened.
        happened_times = [
            max(opened_at + datetime.timedelta(minutes=40), moment - datetime.timedelta(minutes=rng.randint(15, 120)))
            for moment in step_times
        ]

        # Partners: every agency acting in the story, brought in just before its first action, plus the police
        # or the council as the usual partner.
        first_use: dict[str, datetime.datetime] = {}
        for step, happened in zip(picked, happened_times, strict=True):
            key = actor(step[1])[0]
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
            kind, who, text = step
            _, officer = actor(who)
            add(
                moment,
                "entry",
                officer=officer,
                kind=kind,
                occurred_at=happened,
                text=text.format_map(context),
                number=n,
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
            if overdue:
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
            self.plan_jag_story(story, add, locality, lead, opened_day, end_day, end_at)
        if closed_reason:
            add(end_at, "close", officer=lead, reason=closed_reason)
        return CasePlan(index, opened_at, events)

    def person_name(self, key: str) -> str:
        first, last, *_ = demo.PEOPLE[key]
        return f"{first} {last}"

    # -- replaying a case through the services -----------------------------------------------------------------

    def do_open(self, index: int, *, officer: Officer, **fields) -> None:
        self.cases[index] = services.case_open(officer=officer, lead_officer=officer, **fields)
        self.index_of[self.cases[index].pk] = index

    def do_person(self, index: int, *, officer: Officer, key: str, role: str) -> None:
        person = self.people.get(key)
        if person is None:
            first, last, dob, address, postcode, telephone, notes = demo.PEOPLE[key]
            person = services.person_create(
                officer=officer,
                first_name=first,
                last_name=last,
                date_of_birth=datetime.date.fromisoformat(dob) if dob else None,
                address=address,
                postcode=postcode,
                telephone=telephone,
                notes=notes,
            )
            self.people[key] = person
        services.case_add_person(case=self.cases[index], officer=officer, person=person, role=role)

    def do_incident(self, index: int, **fields) -> None:
        services.incident_record(case=self.cases[index], **fields)

    def do_agency(self, index: int, *, officer: Officer, agency: Agency) -> None:
        services.case_add_agency(case=self.cases[index], officer=officer, agency=agency)

    def do_entry(self, index: int, *, number: int, **fields) -> None:
        self.entries[index, number] = services.chronology_add(case=self.cases[index], **fields)

    def do_correct(self, index: int, *, officer: Officer, number: int, text: str) -> None:
        services.chronology_correct(entry=self.entries[index, number], officer=officer, text=text)

    def do_risk(self, index: int, *, officer: Officer, band: str, children: bool, override: str, victim: str) -> None:
        answers = self.risk_answers(band, children, override)
        services.risk_assess(case=self.cases[index], officer=officer, victim=self.people.get(victim), **answers)

    def risk_answers(self, band: str, children: bool, override: str) -> dict:
        """Screening answers that give `band` (or, with an override reason, medium answers overridden to it)."""
        answers = dict(
            happened_before=True,
            reported_elsewhere=False,
            feels_targeted=False,
            household_vulnerable=False,
            children_involved=False,
        )
        if band == HIGH and override:
            answers.update(reported_elsewhere=True, feels_targeted=True, override_band=HIGH, override_reason=override)
        elif band == HIGH:
            answers.update(
                reported_elsewhere=True, feels_targeted=True, household_vulnerable=True, children_involved=children
            )
        elif band == MEDIUM:
            answers.update(reported_elsewhere=True, children_involved=children)
        else:
            answers.update(happened_before=not children, children_involved=children)
        return answers

    def do_close(self, index: int, *, officer: Officer, reason: str) -> None:
        services.case_set_status(case=self.cases[index], officer=officer, status=CaseStatus.CLOSED, reason=reason)

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
        story: dict,
        add,
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
            add(moved, "jag_transfer", officer=chair, to_jag=self.jags[to_locality], on=self.day(moved))
        review = story.get("case_review")
        if review:
            recorder = self.officers[review["officer"]]
            applied = self.office(self.today - datetime.timedelta(days=review["applied"]), floor)
            decided = self.office(self.today - datetime.timedelta(days=review["decided"]), self.day(applied))
            outcome = self.office(self.today - datetime.timedelta(days=review["outcome"]), self.day(decided))
            add(applied, "case_review_apply", officer=recorder, application_date=self.day(applied))
            add(decided, "case_review_decide", officer=recorder, decision_date=self.day(decided))
            add(
                outcome,
                "case_review_outcome",
                officer=recorder,
                review_meeting_date=self.today - datetime.timedelta(days=review["meeting"]),
                outcome_date=self.day(outcome),
            )

    def do_jag_refer(self, index: int, *, officer: Officer, started_on: datetime.date) -> None:
        jag_services.jag_refer(case=self.cases[index], officer=officer, started_on=started_on)

    def do_jag_take_off(self, index: int, *, officer: Officer, ended_on: datetime.date) -> None:
        jag_services.jag_take_off(case=self.cases[index], officer=officer, ended_on=ended_on)

    def do_jag_transfer(self, index: int, *, officer: Officer, to_jag: Jag, on: datetime.date) -> None:
        self.cases[index] = jag_services.jag_transfer(case=self.cases[index], officer=officer, to_jag=to_jag, on=on)

    def plan_long_standing_checks(self) -> None:
        """The daily check at 02:30 (the Celery beat schedule's time), from the first day a case could have become
        long standing until yesterday: today's is the `flag_long_standing` run that follows the seed."""
        first_referral = max(start for story in demo.JAG_MANAGEMENT.values() for start, _ in story["periods"])
        threshold = CasePolicy.current().long_standing_days
        day = self.today - datetime.timedelta(days=first_referral - threshold + 1)
        while day < self.today:
            self.schedule(self.aware(day, datetime.time(2, 30)), "long_standing_check", as_of=day)
            day += ONE_DAY

    def do_long_standing_check(self, _: None, *, as_of: datetime.date) -> None:
        jag_services.long_standing_flag_all(as_of=as_of)

    def aware(self, day: datetime.date, at: datetime.time) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, at), self.tz)

    def plan_meetings(self) -> None:
        """The JAG's meetings (demo.JAG_MEETINGS), on its usual weekday: each scheduled three weeks ahead by the
        chair and its agenda generated by a member the week before; the last one is still to come."""
        spec = demo.JAG_MEETINGS
        self.meeting_jag = self.jags[spec["locality"]]
        chair = self.meeting_jag.chair
        member = self.officers[spec["agenda_by"]]
        weekday = spec["weekday"]
        starts_at = datetime.time(*spec["starts_at"])
        days = [self.today - datetime.timedelta(days=ago) for ago, _ in spec["held"]]
        days = [day - datetime.timedelta(days=(day.weekday() - weekday) % 7) for day in days]
        ahead = self.today + datetime.timedelta(days=spec["next_in"])
        days.append(ahead + datetime.timedelta(days=(weekday - ahead.weekday()) % 7))
        locations = [location for _, location in spec["held"]] + [spec["next_location"]]
        self.held_meetings = len(spec["held"])
        for number, (day, location) in enumerate(zip(days, locations, strict=True)):
            scheduled = self.office(day - datetime.timedelta(days=21), day - datetime.timedelta(days=23))
            if number < self.held_meetings:
                agenda = self.aware(day - datetime.timedelta(days=6), datetime.time(14, 0))
            else:
                agenda = self.now - datetime.timedelta(minutes=20)
            self.schedule(
                scheduled,
                "meeting_schedule",
                number=number,
                officer=chair,
                starts_at=self.aware(day, starts_at),
                location=location,
            )
            self.schedule(agenda, "meeting_agenda", number=number, officer=member)
            if number < self.held_meetings:
                self.schedule(self.aware(day, starts_at) + datetime.timedelta(minutes=5), "meeting_open", number=number)
        for number, address in spec["added_by_hand"].items():
            day = days[number] - datetime.timedelta(days=2)
            self.schedule(self.aware(day, datetime.time(11, 0)), "agenda_add", number=number, address=address)

    def do_meeting_schedule(self, _: None, *, number: int, officer: Officer, **fields) -> None:
        self.meetings[number] = meeting_services.meeting_schedule(officer=officer, jag=self.meeting_jag, **fields)

    def do_meeting_agenda(self, _: None, *, number: int, officer: Officer) -> None:
        meeting_services.meeting_generate_agenda(meeting=self.meetings[number], officer=officer)

    def do_agenda_add(self, _: None, *, number: int, address: str) -> None:
        case = Case.objects.get(address=address)
        meeting_services.agenda_add_case(
            meeting=self.meetings[number], officer=self.meeting_jag.chair, reference=case.reference
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
        meeting_services.attendance_record(meeting=meeting, officer=self.meeting_jag.chair, rows=rows)
        at = self.clock.at
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"):
            at += datetime.timedelta(minutes=self.rng.randint(6, 12))
            self.schedule(at, "meeting_decision", self.index_of[item.case_id], number=number, item_pk=item.pk)
        self.schedule(at + datetime.timedelta(minutes=15), "meeting_held", number=number)

    def do_meeting_held(self, _: None, *, number: int) -> None:
        meeting_services.meeting_mark_held(meeting=self.meetings[number], officer=self.meeting_jag.chair)

    def do_meeting_decision(self, index: int, *, number: int, item_pk: int) -> None:
        item = AgendaItem.objects.select_related("case", "meeting").get(pk=item_pk)
        decision, actions, notes, left_open = self.jag_decision(index, item, number)
        meeting_services.agenda_record_decision(
            item=item, officer=self.meeting_jag.chair, decision=decision, actions=actions
        )
        meeting_day = meeting_services.meeting_date(item.meeting)
        created = MeetingAction.objects.filter(agenda_item=item).order_by("pk")
        for action, note, stays_open in zip(created, notes, left_open, strict=True):
            if not stays_open:
                self.plan_action_done(index, action, note, meeting_day)

    def jag_decision(
        self, index: int, item: AgendaItem, number: int
    ) -> tuple[str, list[ActionInput], list[str], list[bool]]:
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
        actions, notes, left_open = [], [], []
        for role, description, due_days, note in decision["actions"]:
            agency = self.role_agency(index, role)
            if agency is None or agency.pk not in allowed:
                continue
            overdue = number == self.held_meetings - 2 and not self.overdue_claimed
            if overdue:
                due_days, self.overdue_claimed = 14, True
            actions.append(
                ActionInput(agency, description.format_map(context), meeting_day + datetime.timedelta(due_days))
            )
            notes.append(note.format_map(context))
            left_open.append(overdue)
        return text, actions, notes, left_open

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
        )

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
        ]
