"""The collated summary of a case: what the lead agency puts in front of the JAG with a cessation proposal, built
from the record (chronology, interventions on each perpetrator, support offered, risk history, agencies, JAG
decisions, the plan, the people, JAG management).

It is read in a fixed number of queries whatever the size of the case: the chronology is counted in one grouped
query (by agency and kind) and only the key entries are loaded, at most KEY_ENTRIES_SHOWN of them. The caller has
checked that the user may see the case; nothing here filters by user.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, Max, Min, OuterRef

from agencies.models import Agency, Officer
from cases.models import (
    AgendaItem,
    Case,
    CaseAgency,
    CasePerson,
    ChronologyEntry,
    EntryKind,
    JagManagementPeriod,
    Person,
    PersonRole,
    PlanVersion,
    RiskAssessment,
)
from core import clock
from incremental.models import Intervention, InterventionStatus, Tier
from jag.models import Jag, Meeting

from .models import JagDecision

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Corrected(TypedDict):
    corrected: bool  # a correction points at the entry


# The entries a JAG reads first: what was decided, who was referred where, and what was done to the perpetrators.
KEY_ENTRY_KINDS = (EntryKind.DECISION, EntryKind.REFERRAL, EntryKind.INTERVENTION)
KEY_ENTRIES_SHOWN = 50
REFERRALS_SHOWN = 50


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass
class ChronologyOverview:
    total: int
    first_at: datetime.datetime | None
    last_at: datetime.datetime | None
    by_agency: list[Tally]  # most entries first
    by_kind: list[Tally]


@dataclass
class InterventionUse:
    """One intervention on this case, with its status as of today (a live one past its live-until date reads as
    expired before anyone records the expiry)."""

    intervention: Intervention
    status: str

    @property
    def status_label(self) -> str:
        return InterventionStatus(self.status).label

    @property
    def tier_label(self) -> str:
        return Tier(self.intervention.tier).label


@dataclass
class PerpetratorInterventions:
    person: Person
    uses: list[InterventionUse]
    # False for someone with interventions on this case who is no longer recorded as its perpetrator.
    is_perpetrator: bool = True

    @property
    def highest_tier(self) -> int | None:
        counted = [u.intervention.tier for u in self.uses if u.status != InterventionStatus.QUASHED]
        return max(counted, default=None)

    @property
    def breaches(self) -> int:
        return sum(u.intervention.breach_count for u in self.uses)


@dataclass
class PlanSupport:
    """Section 4 of a plan version whose support options or powers differ from the version before."""

    number: int
    created_at: datetime.datetime
    completed_by: Officer
    support_options: str
    powers_available: str


@dataclass
class SupportOffered:
    plans: list[PlanSupport]  # oldest first
    referrals: list[WithAnnotations[ChronologyEntry, _Corrected]]  # newest first, at most REFERRALS_SHOWN
    referral_count: int

    @property
    def more_referrals(self) -> int:
        return self.referral_count - len(self.referrals)


@dataclass
class AgencyInvolvement:
    agency: Agency
    is_lead: bool
    since: datetime.datetime
    added_by: Officer | None


@dataclass
class JagDecisionLine:
    """A decision a JAG made on the case: an agenda decision at a meeting, or a decision on a cessation proposal (at a
    meeting, or the chair's written decision after a peer review: no meeting)."""

    meeting: Meeting | None
    jag: Jag
    what: str
    text: str
    decided_by: Officer | None
    decided_at: datetime.datetime | None

    @property
    def taken_at(self) -> datetime.datetime:
        """When it was taken: its meeting, or the chair's written decision."""
        if self.meeting is not None:
            return self.meeting.starts_at
        assert self.decided_at is not None  # a written decision is dated when recorded
        return self.decided_at


@dataclass
class ManagementPeriod:
    period: JagManagementPeriod
    days: int  # an open period counts to today

    @property
    def jag(self) -> Jag:
        return self.period.jag

    @property
    def started_on(self) -> datetime.date:
        return self.period.started_on

    @property
    def ended_on(self) -> datetime.date | None:
        return self.period.ended_on


@dataclass
class PeopleInRole:
    role: str
    label: str
    people: list[Person]


@dataclass
class CollatedSummary:
    case: Case
    generated_at: datetime.datetime
    today: datetime.date
    chronology: ChronologyOverview
    key_entries: list[WithAnnotations[ChronologyEntry, _Corrected]]  # newest first
    key_entry_count: int
    interventions: list[PerpetratorInterventions]
    support: SupportOffered
    risk_history: list[RiskAssessment]  # newest first
    agencies: list[AgencyInvolvement]  # lead first
    jag_decisions: list[JagDecisionLine]  # oldest first
    plan: PlanVersion | None  # the current version
    plan_versions: int
    people: list[PeopleInRole]
    long_standing_since: datetime.date | None
    jag_periods: list[ManagementPeriod]  # oldest first
    key_entry_kinds: list[str] = field(default_factory=lambda: [EntryKind(k).label for k in KEY_ENTRY_KINDS])

    @property
    def more_key_entries(self) -> int:
        return self.key_entry_count - len(self.key_entries)

    @property
    def intervention_count(self) -> int:
        return sum(len(p.uses) for p in self.interventions)

    @property
    def jag_days(self) -> int:
        """Days under JAG management, all periods together (an open period counts to today)."""
        return sum(p.days for p in self.jag_periods)

    def people_in(self, role: str) -> list[Person]:
        return next((group.people for group in self.people if group.role == role), [])

    @property
    def complainants(self) -> list[Person]:
        return self.people_in(PersonRole.COMPLAINANT)

    @property
    def perpetrators(self) -> list[Person]:
        return self.people_in(PersonRole.PERPETRATOR)


def collated_summary(case: Case, *, today: datetime.date | None = None) -> CollatedSummary:
    """The case's collated summary, in 12 queries whatever the number of entries, interventions or people."""
    today = today or clock.today()
    case = Case.objects.select_related("category", "jag", "lead_agency", "lead_officer__agency").get(pk=case.pk)
    overview, key_count, referral_count = _chronology_overview(case)
    corrected = Exists(ChronologyEntry.objects.filter(corrects=OuterRef("pk")))
    entries = (
        ChronologyEntry.objects.filter(case=case).select_related("agency", "officer").annotate(corrected=corrected)
    )
    key_entries = list(entries.filter(kind__in=KEY_ENTRY_KINDS).order_by("-occurred_at", "-id")[:KEY_ENTRIES_SHOWN])
    referrals = list(entries.filter(kind=EntryKind.REFERRAL).order_by("-occurred_at", "-id")[:REFERRALS_SHOWN])

    case_people = list(
        CasePerson.objects.filter(case=case).select_related("person").order_by("role", "person__last_name", "pk")
    )
    plans = list(PlanVersion.objects.filter(case=case).select_related("completed_by").order_by("number"))
    return CollatedSummary(
        case=case,
        generated_at=clock.now(),
        today=today,
        chronology=overview,
        key_entries=key_entries,
        key_entry_count=key_count,
        interventions=_interventions(case, case_people, today),
        support=SupportOffered(plans=_plan_support(plans), referrals=referrals, referral_count=referral_count),
        risk_history=list(
            RiskAssessment.objects.filter(case=case)
            .select_related("assessed_by", "victim")
            .order_by("-assessed_at", "-id")
        ),
        agencies=_agencies(case),
        jag_decisions=_jag_decisions(case),
        plan=plans[-1] if plans else None,
        plan_versions=len(plans),
        people=_people(case_people),
        long_standing_since=case.long_standing_since,
        jag_periods=[
            ManagementPeriod(period, ((period.ended_on or today) - period.started_on).days)
            for period in JagManagementPeriod.objects.filter(case=case)
            .select_related("jag")
            .order_by("started_on", "pk")
        ],
    )


def _chronology_overview(case: Case) -> tuple[ChronologyOverview, int, int]:
    """The whole chronology counted by agency and kind in one grouped query; also the number of key entries and of
    referrals."""
    groups = list(
        ChronologyEntry.objects.filter(case=case)
        .values("agency__name", "kind")
        .annotate(n=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by()
    )
    by_agency: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    for group in groups:
        by_agency[group["agency__name"]] += group["n"]
        by_kind[group["kind"]] += group["n"]
    kind_labels = dict(EntryKind.choices)

    def tallies(counts: dict[str, int], label=lambda key: key) -> list[Tally]:
        return [Tally(str(label(key)), n) for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    overview = ChronologyOverview(
        total=sum(by_kind.values()),
        first_at=min((g["first"] for g in groups), default=None),
        last_at=max((g["last"] for g in groups), default=None),
        by_agency=tallies(by_agency),
        by_kind=tallies(by_kind, lambda key: kind_labels.get(key, key)),
    )
    key_count = sum(by_kind.get(kind, 0) for kind in KEY_ENTRY_KINDS)
    return overview, key_count, by_kind.get(EntryKind.REFERRAL, 0)


def _interventions(case: Case, case_people: list[CasePerson], today: datetime.date) -> list[PerpetratorInterventions]:
    """Every perpetrator on the case with the interventions used on them on this case (oldest first); anyone else
    with an intervention on the case comes after them."""
    rows = list(
        Intervention.objects.filter(case=case)
        .select_related("person", "issuing_agency", "issuing_officer")
        .order_by("person_id", "issued_on", "id")
    )
    groups: dict[int, PerpetratorInterventions] = {}
    for link in case_people:
        if link.role == PersonRole.PERPETRATOR:
            groups.setdefault(link.person_id, PerpetratorInterventions(link.person, []))
    for intervention in rows:
        group = groups.setdefault(
            intervention.person_id, PerpetratorInterventions(intervention.person, [], is_perpetrator=False)
        )
        group.uses.append(InterventionUse(intervention, intervention.effective_status(today)))
    return sorted(groups.values(), key=lambda g: (not g.is_perpetrator, g.person.last_name, g.person.first_name))


def _plan_support(plans: list[PlanVersion]) -> list[PlanSupport]:
    support = []
    previous = None
    for plan in plans:
        current = (plan.support_options.strip(), plan.powers_available.strip())
        if current != previous and any(current):
            support.append(PlanSupport(plan.number, plan.created_at, plan.completed_by, *current))
        previous = current
    return support


def _agencies(case: Case) -> list[AgencyInvolvement]:
    involved = [AgencyInvolvement(case.lead_agency, True, case.opened_at, None)]
    links = CaseAgency.objects.filter(case=case).select_related("agency", "added_by").order_by("added_at", "pk")
    involved += [
        AgencyInvolvement(link.agency, False, link.added_at, link.added_by)
        for link in links
        if link.agency_id != case.lead_agency_id
    ]
    return involved


def _jag_decisions(case: Case) -> list[JagDecisionLine]:
    agenda = (
        AgendaItem.objects.filter(case=case)
        .exclude(decision="")
        .select_related("meeting__jag", "decided_by")
        .order_by("meeting__starts_at", "pk")
    )
    lines = [
        JagDecisionLine(
            item.meeting,
            item.meeting.jag,
            "Deferred to a later meeting" if item.deferred else "Agenda decision",
            item.decision,
            item.decided_by,
            item.decided_at,
        )
        for item in agenda
    ]
    cessation = (
        JagDecision.objects.filter(proposal__case=case)
        .select_related("meeting__jag", "decided_by", "proposal")
        .order_by("decided_at", "pk")
    )
    lines += [
        JagDecisionLine(
            decision.meeting,
            decision.meeting.jag if decision.meeting else case.jag,
            f"Cessation proposal {decision.proposal.number}: {decision.get_outcome_display()}",
            decision.rationale,
            decision.decided_by,
            decision.decided_at,
        )
        for decision in cessation
    ]
    return sorted(lines, key=lambda line: (line.taken_at, line.decided_at or line.taken_at))


def _people(case_people: list[CasePerson]) -> list[PeopleInRole]:
    by_role: dict[str, list[Person]] = defaultdict(list)
    for link in case_people:
        by_role[link.role].append(link.person)
    return [PeopleInRole(role, label, by_role[role]) for role, label in PersonRole.choices if by_role[role]]
