"""Reads of the ladder. The ladder belongs to the person: it shows every intervention any partner used on them, on
every case; the details of one on a case the viewer may not see (the case, its conditions and justification) stay
hidden, but the stage, dates, status and issuing agency are shown so the next step is proportionate.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef, Q

from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CasePerson,
    CaseUserObjectPermission,
    Person,
    PersonRole,
)
from cases.permissions import CONTRIBUTE, visible_among, visible_case_q
from core import clock

from . import rules
from .models import Intervention, InterventionEvent, InterventionStatus, Tier

LADDER_RELATED = ("case", "issuing_agency")


def interventions_visible_to(user) -> models.QuerySet[Intervention]:
    """Interventions on the cases the user may see (every list, count and report of interventions starts here)."""
    return Intervention.objects.filter(visible_case_q(user, "case_id"))


@dataclass
class Rung:
    """One intervention on a person's ladder, as the viewer may see it."""

    intervention: Intervention
    visible: bool
    status: str  # the effective status: a live one past its live-until date reads as expired

    @property
    def tier(self) -> int:
        return self.intervention.tier

    @property
    def is_live(self) -> bool:
        return self.status == InterventionStatus.LIVE

    @property
    def has_ended(self) -> bool:
        return self.status in (InterventionStatus.EXPIRED, InterventionStatus.DISCHARGED)

    @property
    def breached(self) -> bool:
        return self.intervention.breach_count > 0

    @property
    def counts(self) -> bool:
        return rules.counts_on_ladder(self.intervention)


@dataclass
class TierGroup:
    tier: int
    label: str
    rungs: list[Rung]


@dataclass
class Ladder:
    person: Person
    rungs: list[Rung]
    today: datetime.date
    current_tier: int | None = field(init=False)
    suggested_tier: int = field(init=False)

    def __post_init__(self) -> None:
        items = [r.intervention for r in self.rungs]
        self.current_tier = rules.current_tier(items)
        self.suggested_tier = rules.suggested_tier(items)

    @property
    def live(self) -> list[Rung]:
        return [r for r in self.rungs if r.is_live]

    @property
    def ended(self) -> list[Rung]:
        """Expired or discharged."""
        return [r for r in self.rungs if r.has_ended]

    @property
    def breached(self) -> list[Rung]:
        return [r for r in self.rungs if r.breached]

    @property
    def hidden_count(self) -> int:
        return sum(1 for r in self.rungs if not r.visible)

    @property
    def by_tier(self) -> list[TierGroup]:
        """Every tier, highest first, with the interventions at it (oldest first)."""
        return [
            TierGroup(tier, label, [r for r in self.rungs if r.tier == tier])
            for tier, label in sorted(Tier.choices, reverse=True)
        ]

    @property
    def current_label(self) -> str:
        return Tier(self.current_tier).label if self.current_tier else "No interventions yet"

    @property
    def suggested_label(self) -> str:
        return Tier(self.suggested_tier).label


def _ladder_rows(user, people: Iterable[Person]) -> list[Intervention]:
    """The people's interventions, each marked `case_visible`: two queries, the interventions and then the
    permission rows of their few cases (see cases.permissions.visible_among)."""
    ids = [p.pk for p in people]
    rows = list(
        Intervention.objects.filter(person_id__in=ids)
        .select_related(*LADDER_RELATED)
        .order_by("person_id", "issued_on", "id")
    )
    visible = visible_among(user, {i.case_id for i in rows})
    for intervention in rows:
        intervention.case_visible = intervention.case_id in visible
    return rows


def _rung(intervention: Intervention, today: datetime.date) -> Rung:
    return Rung(intervention, intervention.case_visible, intervention.effective_status(today))


def ladder_for_person(user, person: Person, *, today: datetime.date | None = None) -> Ladder:
    """The person's whole ladder across every case and agency (two queries)."""
    today = today or clock.today()
    return Ladder(person, [_rung(i, today) for i in _ladder_rows(user, [person])], today)


def ladders_for_people(user, people: Iterable[Person], *, today: datetime.date | None = None) -> dict[int, Ladder]:
    """The ladders of several people (a case's perpetrators), in two queries whatever their number."""
    today = today or clock.today()
    people = list(people)
    rungs: dict[int, list[Rung]] = {p.pk: [] for p in people}
    for intervention in _ladder_rows(user, people):
        rungs[intervention.person_id].append(_rung(intervention, today))
    return {p.pk: Ladder(p, rungs[p.pk], today) for p in people}


def contribute_q(user, case_ref) -> Q:
    """The condition that the user may add to the case `case_ref` (e.g. OuterRef("case_id")), checked per row."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object=case_ref,
        group__user=user,
        permission__codename=CONTRIBUTE,
        permission__content_type__app_label="cases",
    )
    by_user = CaseUserObjectPermission.objects.filter(
        content_object=case_ref, user=user, permission__codename=CONTRIBUTE, permission__content_type__app_label="cases"
    )
    return Q(Exists(by_group)) | Q(Exists(by_user))


def cases_to_record_on(user, person: Person) -> models.QuerySet[Case]:
    """Cases where the person is a perpetrator and the user may record an intervention (one query)."""
    perpetrator_of = CasePerson.objects.filter(person=person, role=PersonRole.PERPETRATOR).values("case_id")
    return Case.objects.filter(pk__in=perpetrator_of).filter(contribute_q(user, OuterRef("pk"))).order_by("-opened_at")


def intervention_events(intervention: Intervention) -> models.QuerySet[InterventionEvent]:
    return InterventionEvent.objects.filter(intervention=intervention).select_related(
        "recorded_by", "evidence_entry", "evidence_incident"
    )
