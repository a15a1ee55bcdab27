"""Demo interventions for the demo database (`manage.py seed_demo`): a realistic handful of Incremental Approach
ladders on the demo's perpetrators, recorded through the services exactly as officers would record them.

The demo's chronologies already tell of warnings, contracts and orders in officers' words; the ladders here record
those same steps as interventions, on the day each chronology entry says it happened (found by the entry's
opening words, falling back to a fixed number of days ago), plus a few steps the story leads to:

- Tyler Hodgson and Reece Maddox, the youths at Heathley Parade: words of advice, first warning letters, then
  Acceptable Behaviour Contracts they signed.
- Shane Broadley, noise at 8 Wessex Row: words of advice from the police, first and final warning letters from
  Soarbank, then an Acceptable Behaviour Contract he refused to sign.
- Wayne Ruddock's dogs at 33 Glenmore Road: a Community Protection Warning (a stage skipped, justified), a second
  one, its breach evidenced by an incident, then a Community Protection Notice whose appeal window is closing.
- Kyle Dempsey (a perpetrator on three cases): a premises closure at the alleyway off Brindley Walk (entered at
  the court stage, justified), the order extended by the court.
- Connor Pike, racist abuse at 88 Melbourne Walk: a civil injunction (justified), an interim injunction made at
  the first hearing and the return hearing listed for the coming days.

Each step is replayed on the demo's simulated clock, so the chronology, the letters and the audit trail carry the
day it happened. Dates are relative to the day the demo is loaded, so the reminders due "now" (an appeal window
closing, a hearing coming up) are always there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from agencies.models import Officer
from cases import services as case_services
from cases.management.commands.seed_demo import simulated_clock
from cases.models import Case, ChronologyEntry, Person

from .models import EventType, Intervention, InterventionKind
from .rules import add_months
from .services import intervention_issue, intervention_record_event

OFFICE_TIME = datetime.time(10, 30)


@dataclass(frozen=True)
class Issue:
    """An intervention issued on the case at `address`: on the day of the case's chronology entry that starts with
    `anchor` (a few minutes after it was recorded), or else `ago` days before today (a weekend moves to the Friday
    before)."""

    name: str
    ago: int
    address: str
    person: tuple[str, str]
    kind: str
    issued_by: str  # username; the issuing agency is theirs
    conditions: str = ""
    anchor: str = ""
    recorded_by: str = ""  # username, if someone else keys it in
    justification: str = ""
    refused_to_sign: bool = False
    court: str = ""
    first_hearing_in: int | None = None  # days after it was issued
    order_made: str = ""


@dataclass(frozen=True)
class Breach:
    """A breach of the intervention `of` the evening before the day `ago` days before today, reported and recorded
    that day with an incident as its evidence."""

    of: str
    ago: int
    officer: str
    incident: str
    details: str
    incident_time: datetime.time = datetime.time(22, 40)


@dataclass(frozen=True)
class HearingListed:
    """At the first hearing (about `ago` days before today) the court listed the next one `next_in` days after
    today."""

    of: str
    ago: int
    officer: str
    next_in: int
    details: str


@dataclass(frozen=True)
class Varied:
    """`ago` days before today the intervention `of` was varied to run `months` months from its issue."""

    of: str
    ago: int
    officer: str
    months: int
    details: str


@dataclass
class DemoRun:
    recorded: list[str] = field(default_factory=list)


HEATHLEY = "Shops at Heathley Parade, Kinross Avenue"
WESSEX = "8 Wessex Row"
GLENMORE = "33 Glenmore Road"
BRINDLEY = "Alleyway off Brindley Walk"
MELBOURNE = "88 Melbourne Walk"

TYLER, REECE, SHANE = ("Tyler", "Hodgson"), ("Reece", "Maddox"), ("Shane", "Broadley")
WAYNE, KYLE, CONNOR = ("Wayne", "Ruddock"), ("Kyle", "Dempsey"), ("Connor", "Pike")

YOUTH_ADVICE = "Home visit with a parent present: words of advice given to"
YOUTH_LETTERS = "First warning letters sent to the parents of the young people identified"
YOUTH_TERMS = (
    "Do not gather outside the shops at Heathley Parade after 7pm.\n"
    "Do not enter 3 Heathley Parade unless you are with an adult.\n"
    "Do not ride a bicycle on the pavement of the parade."
)
YOUTH_ABC = (
    "1. I will not shout at, threaten or abuse staff or customers at the Heathley Parade shops.\n"
    "2. I will not block the doorway of 3 Heathley Parade or ride a bike on the pavement of the parade.\n"
    "3. I will take part in the detached youth work sessions on Tuesday evenings."
)
YOUTH_ABC_WHY = (
    "Agreed at the Leicester City JAG: the behaviour carried on after the first warning letters, and a contract "
    "signed with a parent and the youth justice worker, with support attached, suits young people better than a "
    "final warning or a Community Protection Warning."
)
DOG_TERMS = "Keep the dogs under control, repair the rear fence within 14 days and muzzle the dogs in public."

STEPS: list[Issue | Breach | HearingListed | Varied] = [
    Issue(
        "tyler_advice",
        254,
        HEATHLEY,
        TYLER,
        "words_of_advice",
        "police",
        "Words of advice at home with a parent present about the behaviour at the shops: shouting at customers, "
        "blocking the shop doorway and riding bikes on the pavement.",
        anchor=YOUTH_ADVICE,
    ),
    Issue(
        "reece_advice",
        254,
        HEATHLEY,
        REECE,
        "words_of_advice",
        "police",
        "Words of advice at home with a parent present about the behaviour at the shops.",
        anchor=YOUTH_ADVICE,
    ),
    Issue(
        "kyle_closure",
        156,
        BRINDLEY,
        KYLE,
        "closure",
        "police",
        "Closure notice for 48 hours, authorised by a superintendent: nobody but the tenant and those who live "
        "there may enter the premises.",
        anchor="Closure notice served at Alleyway off Brindley Walk",
        justification="Class A drugs supplied from the premises, a vulnerable tenant exploited and residents "
        "threatened: the harm is serious and immediate, so the premises are closed without going through the "
        "earlier stages.",
        court="Leicester Magistrates' Court",
        order_made="Closure order made at the hearing 48 hours after the notice, for three months: no entry to the "
        "premises except by the tenant with the agreement of the police.",
    ),
    Issue(
        "wayne_cpw",
        192,
        GLENMORE,
        WAYNE,
        "cpw",
        "aisha.begum",
        DOG_TERMS,
        anchor="Community Protection Warning issued to Wayne Ruddock",
        justification="Two large dogs loose and aggressive in the street, a neighbour's child chased: a statutory "
        "warning with conditions is the proportionate first step; words of advice would not get the fence "
        "repaired.",
    ),
    Issue(
        "shane_advice",
        193,
        WESSEX,
        SHANE,
        "words_of_advice",
        "police",
        "Police attended a late-night call about noise; words of advice given at the door.",
        anchor="Police attended a late-night call about noise and shouting at 8 Wessex Row",
    ),
    Issue(
        "shane_first",
        188,
        WESSEX,
        SHANE,
        "first_warning",
        "housing",
        "Keep noise from your flat to a reasonable level, especially between 11pm and 7am.\n"
        "Do not slam doors or play music loud enough to be heard in the neighbouring flats.",
        anchor="First warning letter hand-delivered to Shane Broadley",
    ),
    Issue("tyler_first", 184, HEATHLEY, TYLER, "first_warning", "officer", YOUTH_TERMS, anchor=YOUTH_LETTERS),
    Issue("reece_first", 184, HEATHLEY, REECE, "first_warning", "officer", YOUTH_TERMS, anchor=YOUTH_LETTERS),
    Issue(
        "tyler_abc",
        167,
        HEATHLEY,
        TYLER,
        "abc",
        "officer",
        YOUTH_ABC,
        anchor="Acceptable Behaviour Contract signed by Tyler Hodgson",
        justification=YOUTH_ABC_WHY,
    ),
    Issue(
        "reece_abc",
        167,
        HEATHLEY,
        REECE,
        "abc",
        "officer",
        YOUTH_ABC,
        anchor="Acceptable Behaviour Contract signed by Tyler Hodgson",
        justification=YOUTH_ABC_WHY,
    ),
    Issue(
        "shane_final",
        135,
        WESSEX,
        SHANE,
        "final_warning",
        "housing",
        "No loud music or parties after 11pm.\nNo shouting or swearing in the communal stairwell.\n"
        "A further breach of your tenancy will lead to an Acceptable Behaviour Contract or court action.",
        anchor="Joint visit to Shane Broadley with the tenancy officer",
    ),
    Varied(
        "kyle_closure",
        68,
        "police",
        6,
        "The magistrates' court extended the closure order by three months (six months in all): visitors were "
        "still trying to get into the premises.",
    ),
    Issue(
        "wayne_cpw_again",
        41,
        GLENMORE,
        WAYNE,
        "cpw",
        "aisha.begum",
        DOG_TERMS + " Keep the dogs on a lead.",
        anchor="JAG action done: Serve a Community Protection Warning on Wayne Ruddock",
    ),
    Issue(
        "shane_abc",
        38,
        WESSEX,
        SHANE,
        "abc",
        "housing",
        "1. I will not play amplified music after 11pm.\n2. I will not hold gatherings in my flat after midnight.\n"
        "3. I will not shout or swear at my neighbours or at Soarbank staff.",
        refused_to_sign=True,
    ),
    Issue(
        "connor_injunction",
        27,
        MELBOURNE,
        CONNOR,
        "civil_injunction",
        "police",
        "Not to use racist or abusive language or gestures towards the residents of 88 Melbourne Walk.\n"
        "Not to enter Melbourne Walk between Kensington Street and Berners Street (the exclusion zone).\n"
        "Not to encourage anyone else to do so.",
        anchor="JAG action done: Prepare the injunction application with legal services",
        justification="Repeated racist abuse of a family with three children who live above the shop, by a "
        "neighbour two streets away: the risk is high, so the police apply for an injunction with an exclusion "
        "zone without going through warnings first.",
        court="Leicester County Court",
        first_hearing_in=8,
    ),
    Breach(
        "wayne_cpw_again",
        25,
        "aisha.begum",
        "Both dogs loose in Glenmore Road at 17:20; one ran at a child on a scooter. The fence has still not been "
        "repaired.",
        "The dogs were out of the garden and off the lead, contrary to the warning's conditions.",
        datetime.time(17, 20),
    ),
    Issue(
        "wayne_cpn",
        16,
        GLENMORE,
        WAYNE,
        "cpn",
        "officer",
        "1. Repair the rear fence of 33 Glenmore Road within 7 days so that the dogs cannot get out.\n"
        "2. Keep the dogs on a lead and muzzled in any public place.\n"
        "3. Do not let the dogs out of the house or garden unattended.",
        justification="The dogs got out again after two warnings and the fence is still not repaired; an "
        "Acceptable Behaviour Contract cannot make an owner repair a fence, and a notice's requirements can be "
        "enforced.",
        court="Leicester Magistrates' Court (appeals and breach proceedings)",
        order_made="Notice served in person at 33 Glenmore Road.",
    ),
    HearingListed(
        "connor_injunction",
        19,
        "police",
        9,
        "Interim injunction granted without notice, with a power of arrest, on the terms applied for. "
        "The return hearing is listed.",
    ),
]

PEOPLE = sorted({step.person for step in STEPS if isinstance(step, Issue)})
ADDRESSES = {step.address for step in STEPS if isinstance(step, Issue)}


class DemoNotLoaded(Exception):
    pass


def _weekday(day: datetime.date, forward: bool = False) -> datetime.date:
    """Letters and hearings happen on weekdays: a weekend day moves to the Friday before (or the Monday after)."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if forward else -1)
    return day


def _people_q() -> Q:
    q = Q(pk__in=[])
    for first, last in PEOPLE:
        q |= Q(first_name=first, last_name=last)
    return q


def demo_interventions_recorded() -> bool:
    """Whether any of the demo perpetrators has an intervention (recorded by an earlier run, or by hand)."""
    return Intervention.objects.filter(person__in=Person.objects.filter(_people_q())).exists()


def _person(first: str, last: str) -> Person:
    return Person.objects.filter(first_name=first, last_name=last).order_by("pk").first()


class Recorder:
    def __init__(self, today: datetime.date):
        self.now = timezone.now()
        self.today = today
        self.tz = timezone.get_current_timezone()
        self.officers = {o.username: o for o in Officer.objects.select_related("agency")}
        self.kinds = {k.code: k for k in InterventionKind.objects.all()}
        self.cases = {c.address: c for c in Case.objects.filter(address__in=ADDRESSES)}
        self.made: dict[str, Intervention] = {}
        self.run = DemoRun()

    def moment(self, day: datetime.date, at: datetime.time = OFFICE_TIME) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, at), self.tz)

    def day(self, ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=ago)

    def when(self, step) -> datetime.datetime:
        """When the step happens: after its chronology entry if it has one, else in office hours `ago` days ago."""
        if isinstance(step, Issue) and step.anchor:
            entry = (
                ChronologyEntry.objects.filter(case=self.cases[step.address], text__startswith=step.anchor)
                .order_by("occurred_at")
                .first()
            )
            if entry is not None:
                return min(entry.recorded_at + datetime.timedelta(minutes=5), self.now - datetime.timedelta(hours=1))
        if isinstance(step, Issue):
            return self.moment(_weekday(self.day(step.ago)))
        return self.moment(self.day(step.ago), datetime.time(11, 0))

    def replay(self) -> DemoRun:
        people = set(Person.objects.filter(_people_q()).values_list("first_name", "last_name"))
        missing = [*(ADDRESSES - set(self.cases)), *(" ".join(name) for name in PEOPLE if name not in people)]
        if missing:
            raise DemoNotLoaded(f"the demo cases and people are not there ({', '.join(sorted(missing))})")
        timeline = sorted(((self.when(step), n, step) for n, step in enumerate(STEPS)), key=lambda t: t[:2])
        with simulated_clock() as clock:
            for at, _, step in timeline:
                clock.at = at
                getattr(self, f"do_{type(step).__name__.lower()}")(step, clock)
        return self.run

    def do_issue(self, step: Issue, clock) -> None:
        day = timezone.localtime(clock.at, self.tz).date()
        officer = self.officers[step.issued_by]
        first_hearing = None
        if step.first_hearing_in is not None:
            first_hearing = _weekday(day + datetime.timedelta(days=step.first_hearing_in), forward=True)
        self.made[step.name] = intervention = intervention_issue(
            officer=self.officers[step.recorded_by or step.issued_by],
            case=self.cases[step.address],
            person=_person(*step.person),
            kind=self.kinds[step.kind],
            issuing_agency=officer.agency,
            issuing_officer=officer,
            issued_on=day,
            conditions=step.conditions,
            refused_to_sign=step.refused_to_sign,
            court=step.court,
            first_hearing_on=first_hearing,
            order_made=step.order_made,
            justification=step.justification,
        )
        self.run.recorded.append(f"{day:%-d %b %Y}: {intervention.kind_name} to {intervention.person.full_name}")

    def do_breach(self, step: Breach, clock) -> None:
        day = self.day(step.ago)
        officer = self.officers[step.officer]
        intervention = Intervention.objects.get(pk=self.made[step.of].pk)
        clock.at = self.moment(day, datetime.time(9, 30))
        incident = case_services.incident_record(
            case=intervention.case,
            officer=officer,
            occurred_at=self.moment(day - datetime.timedelta(days=1), step.incident_time),
            reported_at=self.moment(day, datetime.time(8, 45)),
            reported_to=officer.agency,
            description=step.incident,
            hate_incident=False,
        )
        clock.at = self.moment(day, datetime.time(11, 0))
        intervention_record_event(
            officer=officer,
            intervention=intervention,
            expected_version=intervention.version,
            event_type=EventType.BREACH,
            occurred_on=day - datetime.timedelta(days=1),
            details=step.details,
            evidence_incident=incident,
        )
        self.run.recorded.append(
            f"{day:%-d %b %Y}: breach of the {intervention.kind_name} by {intervention.person.full_name}"
        )

    def do_hearinglisted(self, step: HearingListed, clock) -> None:
        intervention = Intervention.objects.get(pk=self.made[step.of].pk)
        day = intervention.first_hearing_on or self.day(step.ago)
        clock.at = self.moment(day, datetime.time(14, 0))
        hearing_on = _weekday(self.today + datetime.timedelta(days=step.next_in), forward=True)
        intervention_record_event(
            officer=self.officers[step.officer],
            intervention=intervention,
            expected_version=intervention.version,
            event_type=EventType.HEARING_LISTED,
            occurred_on=day,
            details=step.details,
            hearing_on=hearing_on,
        )
        self.run.recorded.append(
            f"{day:%-d %b %Y}: the {intervention.kind_name} for {intervention.person.full_name} "
            f"is back in court on {hearing_on:%-d %b %Y}"
        )

    def do_varied(self, step: Varied, clock) -> None:
        intervention = Intervention.objects.get(pk=self.made[step.of].pk)
        day = self.day(step.ago)
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
        self.run.recorded.append(
            f"{day:%-d %b %Y}: the {intervention.kind_name} for {intervention.person.full_name} "
            f"varied to run until {new_live_until:%-d %b %Y}"
        )


@transaction.atomic
def seed_demo_interventions() -> DemoRun | None:
    """Record the demo interventions; None (and nothing written) if they were recorded before."""
    if demo_interventions_recorded():
        return None
    return Recorder(timezone.localdate()).replay()
