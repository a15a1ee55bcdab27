"""The Incremental Approach's rules as docs/domain.md, "The Incremental Approach", states them, as pure functions (no database).

- The ladder belongs to the person: their current stage is the highest tier among their interventions that count
  (everything except an intervention quashed on appeal; a refused ABC counts as having reached its tier).
- The suggested next stage is one above the current stage, at most the top tier; tier 1 when nothing yet.
- A person can enter at any stage, but a stage above the suggested one is a skip and needs a severity
  justification.
- Legal preconditions come from the catalogue: required earlier interventions (a CPN needs an earlier CPW to the
  same person), a minimum age at the date issued, the kinds of agency that may use the power, and limits on the
  live period by age.

The services pass in what they read from the database: `KindRule` is a catalogue entry as the version in force
says, with its required prior kinds, and the earlier interventions are anything with `kind_id`, `tier`, `status`
and `issued_on`. Which version is in force on a day in an area is `version_in_force`, over `VersionSpan`s.
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from agencies.models import AgencyKind
from core.dates import add_months, long_date

from .models import TOP_TIER, EventType, InterventionKind, InterventionStatus, KindVersion, Tier

ADULT_AGE = 18


class LadderItem(Protocol):
    kind_id: int
    tier: int
    status: str
    issued_on: datetime.date


class PersonFacts(Protocol):
    # Read only: a person's record and services' frozen facts about them both answer.
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def date_of_birth(self) -> datetime.date | None: ...


class AgencyFacts(Protocol):
    name: str
    kind: str


@dataclass(frozen=True)
class KindRule:
    """What the rules need from one catalogue entry under one of its versions. `requires_prior` maps the ids of the
    kinds of which one must have been issued earlier to their names (for the message)."""

    id: int
    name: str
    tier: int
    issuing_agency_kinds: tuple[str, ...] = ()
    minimum_age: int | None = None
    maximum_age: int | None = None
    default_live_months: int | None = None
    max_live_months: int | None = None
    max_live_hours: int | None = None
    notice_hours: int | None = None
    senior_notice_hours: int | None = None
    landlord_condition: str = ""
    adult_min_live_months: int | None = None
    under_18_min_live_months: int | None = None
    under_18_max_live_months: int | None = None
    requires_prior: dict[int, str] = field(default_factory=dict)
    appeal_days: int | None = None
    can_be_refused: bool = False
    court_stage: bool = False
    short_name: str = ""
    version_id: int | None = None
    legal_basis: str = ""
    without_notice: bool = False
    max_fixed_penalty: decimal.Decimal | None = None

    @classmethod
    def of(cls, kind: InterventionKind, version: KindVersion, requires_prior: dict[int, str]) -> KindRule:
        return cls(
            id=kind.pk,
            version_id=version.pk,
            name=version.name,
            short_name=version.short_name,
            tier=kind.tier,
            legal_basis=version.legal_basis,
            issuing_agency_kinds=tuple(version.issuing_agency_kinds or ()),
            minimum_age=version.minimum_age,
            maximum_age=version.maximum_age,
            default_live_months=version.default_live_months,
            max_live_months=version.max_live_months,
            max_live_hours=version.max_live_hours,
            notice_hours=version.notice_hours,
            senior_notice_hours=version.senior_notice_hours,
            landlord_condition=version.landlord_condition,
            adult_min_live_months=version.adult_min_live_months,
            under_18_min_live_months=version.under_18_min_live_months,
            under_18_max_live_months=version.under_18_max_live_months,
            requires_prior=dict(requires_prior),
            appeal_days=version.appeal_days,
            can_be_refused=kind.can_be_refused,
            court_stage=kind.court_stage,
            without_notice=version.without_notice,
            max_fixed_penalty=version.max_fixed_penalty,
        )

    @property
    def label(self) -> str:
        """ "a Community Protection Notice (CPN)": how messages name the power."""
        short = f" ({self.short_name})" if self.short_name and self.short_name.isupper() else ""
        return f"{_article(self.name)} {self.name}{short}"

    @property
    def age_dependent(self) -> bool:
        """The rules for this power depend on the person's age, so their date of birth must be known."""
        return any(
            limit is not None
            for limit in (
                self.minimum_age,
                self.maximum_age,
                self.adult_min_live_months,
                self.under_18_min_live_months,
                self.under_18_max_live_months,
            )
        )


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def tier_label(tier: int) -> str:
    return Tier(tier).label


# --- Which version is in force --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionSpan:
    """When and where one version of a catalogue entry is in force. `localities` empty: everywhere."""

    id: int
    kind_id: int
    in_force_from: datetime.date
    in_force_until: datetime.date | None = None
    localities: tuple[str, ...] = ()
    withdrawn: bool = False

    @classmethod
    def of(cls, version: KindVersion) -> VersionSpan:
        return cls(
            id=version.pk,
            kind_id=version.kind_id,
            in_force_from=version.in_force_from,
            in_force_until=version.in_force_until,
            localities=tuple(version.localities or ()),
            withdrawn=version.withdrawn,
        )

    def covers(self, day: datetime.date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day <= self.in_force_until)

    @property
    def text(self) -> str:
        until = f" until {long_date(self.in_force_until)}" if self.in_force_until else ""
        where = f" in {_and(list(self.localities))}" if self.localities else " everywhere"
        return f"from {long_date(self.in_force_from)}{until}{where}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def version_in_force(
    versions: Iterable[VersionSpan], kind_id: int, day: datetime.date, locality: str | None
) -> VersionSpan | None:
    """The version of the kind in force on `day` in `locality`: one limited to that area wins over one in force
    everywhere; None when there is none, or the one there says the power is withdrawn there."""
    candidates = [v for v in versions if v.kind_id == kind_id and v.covers(day)]
    local = [v for v in candidates if v.localities and locality in v.localities]
    national = [v for v in candidates if not v.localities]
    pool = local or national
    return pool[0] if pool and not pool[0].withdrawn else None


def not_in_force_message(
    name: str, versions: Iterable[VersionSpan], kind_id: int, day: datetime.date, locality: str | None
) -> str:
    """Why a power cannot be used on that day there, with when and where it is in force."""
    where = f" in {locality}" if locality else ""
    head = f"{name[0].upper() + name[1:]} is not in force{where} on {long_date(day)}"
    mine = sorted((v for v in versions if v.kind_id == kind_id), key=lambda v: v.in_force_from)
    spans = [v for v in mine if not v.withdrawn]
    if not spans:
        return head + ": it is not in force anywhere"
    message = head + ": it is in force " + "; ".join(v.text for v in spans)
    withdrawn = [v.text.removeprefix("from ") for v in mine if v.withdrawn]
    if withdrawn:
        message += ", but not " + "; ".join(f"from {text}" for text in withdrawn)
    return message


# --- The ladder ---------------------------------------------------------------------------------------------------


def counts_on_ladder(item: LadderItem) -> bool:
    """Everything counts except an intervention quashed on appeal (a refused ABC counts: the stage was reached)."""
    return item.status != InterventionStatus.QUASHED


def ladder_as_of(interventions: Iterable[LadderItem], day: datetime.date | None) -> list[LadderItem]:
    """The interventions issued on or before `day` (all of them when `day` is None)."""
    return [i for i in interventions if day is None or i.issued_on <= day]


def current_tier(interventions: Iterable[LadderItem]) -> int | None:
    """The person's current stage: the highest tier reached by an intervention that counts; None before any."""
    tiers = [i.tier for i in interventions if counts_on_ladder(i)]
    return max(tiers) if tiers else None


def suggested_tier(interventions: Iterable[LadderItem]) -> int:
    """The proportionate next stage: one above the current stage, never above the top tier; tier 1 to start."""
    current = current_tier(interventions)
    return Tier.ONE if current is None else min(current + 1, TOP_TIER)


def is_skip(tier: int, suggested: int) -> bool:
    """Entering above the suggested stage skips stages, which must be justified by the severity."""
    return tier > suggested


def skip_message(kind: KindRule, suggested: int) -> str:
    return (
        f"{kind.name} is tier {kind.tier}, above the suggested next stage (tier {suggested}). "
        "Give the severity justification for entering at this stage"
    )


# --- Preconditions ------------------------------------------------------------------------------------------------


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def default_live_until(kind: KindRule, issued_on: datetime.date) -> datetime.date | None:
    """The catalogue's months; for a power that lasts hours, its whole length (the latest day it may be live)."""
    if kind.default_live_months:
        return add_months(issued_on, kind.default_live_months)
    if kind.max_live_hours is not None:
        return latest_day_within_hours(issued_on, kind.max_live_hours)
    return None


def latest_day_within_hours(issued_on: datetime.date, hours: int) -> datetime.date:
    """The last day a power lasting `hours` can still bind when only the day it was given is recorded: given just
    before midnight, it runs into the day `hours` later, which is the date issued plus the hours in whole days,
    rounded up (48 hours: two days later). Never refuses a period that was within the hours."""
    return issued_on + datetime.timedelta(days=days_for_hours(hours))


def days_for_hours(hours: int) -> int:
    return math.ceil(hours / 24)


def _name(person: PersonFacts) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def agency_kind_name(kind: str) -> str:
    """ "police", "local authority", but "Crown Prosecution Service": the kind of agency in the middle of a sentence."""
    label = str(dict(AgencyKind.choices).get(kind, kind))
    words = label.split()
    proper = len(words) > 1 and all(w[0].isupper() for w in words if w[0].isalpha())
    return label if proper else label[0].lower() + label[1:]


def agency_kinds_text(kinds: Iterable[str], conjunction: str = "or") -> str:
    names = [agency_kind_name(k) for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def fits_age(kind: KindRule, age: int) -> bool:
    return (kind.minimum_age is None or age >= kind.minimum_age) and (
        kind.maximum_age is None or age <= kind.maximum_age
    )


def age_range_text(kind: KindRule) -> str:
    if kind.minimum_age is not None and kind.maximum_age is not None:
        return f"aged {kind.minimum_age} to {kind.maximum_age}"
    if kind.minimum_age is not None:
        return f"aged {kind.minimum_age} or over"
    return f"aged {kind.maximum_age} or under"


def precondition_errors(
    kind: KindRule,
    person: PersonFacts,
    issuing_agency: AgencyFacts | None,
    issued_on: datetime.date,
    earlier: Iterable[LadderItem],
    alternatives: Iterable[KindRule] = (),
) -> dict[str, list[str]]:
    """What stops this power being used on this person, on this date, by this agency, keyed by the form field the
    officer should look at: "kind" (required earlier interventions, age), "date_of_birth" (not known but needed),
    "issuing_agency" (the kind of agency may not use the power). Empty when nothing does.

    `alternatives`: the other powers of the same rung in force then and there; when the person's age rules this
    one out, the message names those whose ages fit (a youth injunction for a 17-year-old refused a Respect order)."""
    errors: dict[str, list[str]] = {}

    if kind.requires_prior:
        before = [
            i for i in earlier if i.kind_id in kind.requires_prior and i.issued_on <= issued_on and counts_on_ladder(i)
        ]
        if not before:
            needed = " or ".join(_article(n) + " " + n for n in kind.requires_prior.values())
            errors.setdefault("kind", []).append(
                f"{kind.label[0].upper() + kind.label[1:]} needs {needed} issued to {_name(person)} "
                f"on or before {long_date(issued_on)}, and there is none on the ladder"
            )

    if kind.age_dependent:
        if person.date_of_birth is None:
            errors.setdefault("date_of_birth", []).append(
                f"Enter {_name(person)}'s date of birth: {kind.label} has age limits"
            )
        elif kind.minimum_age is not None or kind.maximum_age is not None:
            age = age_on(person.date_of_birth, issued_on)
            if not fits_age(kind, age):
                message = (
                    f"{_name(person)} was {age} on {long_date(issued_on)}: {kind.label} can only be used "
                    f"on someone {age_range_text(kind)}"
                )
                fitting = [a for a in alternatives if a.id != kind.id and fits_age(a, age)]
                if fitting:
                    message += ". Consider " + " or ".join(a.label for a in fitting) + " instead"
                errors.setdefault("kind", []).append(message)

    if (
        issuing_agency is not None
        and kind.issuing_agency_kinds
        and issuing_agency.kind not in kind.issuing_agency_kinds
    ):
        errors.setdefault("issuing_agency", []).append(
            f"{issuing_agency.name} cannot issue {kind.label}: only a {agency_kinds_text(kind.issuing_agency_kinds)} "
            "may use this power"
        )
    return errors


def live_period_errors(
    kind: KindRule,
    date_of_birth: datetime.date | None,
    issued_on: datetime.date,
    live_until: datetime.date | None,
) -> list[str]:
    """The live period against the catalogue's limits: at most `max_live_months`; for under 18s at most
    `under_18_max_live_months` and at least `under_18_min_live_months`; for adults at least
    `adult_min_live_months`; a power that lasts hours at most `max_live_hours` (see `latest_day_within_hours`). No end
    date counts as longer than any maximum. Limits by age are skipped when the
    date of birth is not known (precondition_errors asks for it)."""
    errors: list[str] = []
    if live_until is not None and live_until < issued_on:
        return ["The date it is live until must be the same as or after the date issued"]

    def at_most(months: int, who: str) -> None:
        latest = add_months(issued_on, months)
        if live_until is None:
            errors.append(f"Enter the date it is live until: {kind.label} lasts at most {months} months{who}")
        elif live_until > latest:
            errors.append(
                f"{kind.name} can last at most {months} months{who}: live until {long_date(latest)} at the latest"
            )

    def at_least(months: int, who: str) -> None:
        earliest = add_months(issued_on, months)
        if live_until is not None and live_until < earliest:
            errors.append(
                f"{kind.name} must last at least {months} months{who}: live until {long_date(earliest)} at the earliest"
            )

    if kind.max_live_months is not None:
        at_most(kind.max_live_months, "")
    if kind.max_live_hours is not None:
        hours, latest = kind.max_live_hours, latest_day_within_hours(issued_on, kind.max_live_hours)
        if live_until is None:
            errors.append(f"Enter the date it is live until: {kind.label} lasts at most {hours} hours")
        elif live_until > latest:
            errors.append(
                f"{kind.name} can last at most {hours} hours: given on {long_date(issued_on)}, it is live until "
                f"{long_date(latest)} at the latest"
            )
    if date_of_birth is not None:
        under_18 = age_on(date_of_birth, issued_on) < ADULT_AGE
        if under_18:
            if kind.under_18_max_live_months is not None:
                at_most(kind.under_18_max_live_months, " for someone under 18")
            if kind.under_18_min_live_months is not None:
                at_least(kind.under_18_min_live_months, " for someone under 18")
        elif kind.adult_min_live_months is not None:
            at_least(kind.adult_min_live_months, " for an adult")
    return errors


def without_notice_errors(
    kind: KindRule,
    issued_on: datetime.date,
    made_without_notice: bool,
    first_hearing_on: datetime.date | None,
    return_hearing_on: datetime.date | None,
) -> dict[str, list[str]]:
    """An order recorded as made without notice: only where the version applied allows it, and then with the date
    of the return hearing, the one the respondent is given notice of, on or after the date issued and the first
    hearing. Keyed by the form field to look at."""
    errors: dict[str, list[str]] = {}
    if not made_without_notice:
        return errors
    if not (kind.court_stage and kind.without_notice):
        errors["made_without_notice"] = [
            f"{kind.label[0].upper() + kind.label[1:]} issued on {long_date(issued_on)} cannot be made without "
            "notice: the law in force then requires notice to the respondent"
        ]
        return errors
    if return_hearing_on is None:
        errors["return_hearing_on"] = [
            "Enter the date of the return hearing: an order made without notice is listed for a hearing on notice"
        ]
    elif return_hearing_on < issued_on:
        errors["return_hearing_on"] = [
            f"The return hearing must be on or after the date issued, {long_date(issued_on)}"
        ]
    elif first_hearing_on is not None and return_hearing_on < first_hearing_on:
        errors["return_hearing_on"] = [
            f"The return hearing must be on or after the first hearing, {long_date(first_hearing_on)}"
        ]
    return errors


def notice_hours_allowed(kind: KindRule) -> list[int]:
    """The lengths a notice may be given for: its own hours, and the longer one with a senior authorisation."""
    if kind.notice_hours is None:
        return []
    return [kind.notice_hours] + ([kind.senior_notice_hours] if kind.senior_notice_hours else [])


def authorised_notice_errors(kind: KindRule, notice_hours: int | None, authorised_by: str) -> dict[str, list[str]]:
    """A notice whose length is authorised (a closure notice): one of the lengths its version allows, and who
    authorised it. Keyed by the form field to look at."""
    allowed = notice_hours_allowed(kind)
    if not allowed:
        return {}
    errors: dict[str, list[str]] = {}
    if notice_hours not in allowed:
        lengths = " or ".join(f"{hours} hours" for hours in allowed)
        errors["notice_hours"] = [f"Choose how long the notice lasts: {lengths}"]
    if not authorised_by.strip():
        errors["authorised_by"] = [
            "Enter who authorised the notice, with their rank or role"
            + (
                f" (for {kind.senior_notice_hours} hours: a police superintendent, the council's chief executive or "
                "their designate, or the landlord's senior manager)"
                if kind.senior_notice_hours and notice_hours == kind.senior_notice_hours
                else ""
            )
        ]
    return errors


def landlord_statement(kind: KindRule, agency: AgencyFacts) -> str:
    """What a registered social landlord confirms to use the power ("" when nothing, or when not a landlord)."""
    if not kind.landlord_condition or agency.kind != AgencyKind.SOCIAL_LANDLORD:
        return ""
    return kind.landlord_condition.replace("{agency}", agency.name)


def landlord_condition_errors(kind: KindRule, agency: AgencyFacts, confirmed: bool) -> dict[str, list[str]]:
    """A registered social landlord uses some powers only where a condition holds (a closure notice: premises it
    owns or manages; a Respect order: behaviour affecting its housing management functions), which it confirms."""
    statement = landlord_statement(kind, agency)
    if not statement or confirmed:
        return {}
    return {
        "landlord_confirmed": [
            f"Confirm that {statement[0].lower() + statement[1:]}: a registered social landlord may use "
            f"{kind.label} only then"
        ]
    }


# --- Events after issue -------------------------------------------------------------------------------------------

ONGOING_EVENTS = (EventType.BREACH, EventType.HEARING_LISTED, EventType.VARIED, EventType.DISCHARGED, EventType.EXPIRED)
APPEAL_DECISIONS = (EventType.APPEAL_DISMISSED, EventType.APPEAL_ALLOWED)


def allowed_events(*, status: str, has_appeal: bool, appealed: bool, appeal_pending: bool) -> list[str]:
    """The events that make sense on an intervention in this state, in the catalogue's order.

    A live one can be breached, listed for a hearing, varied, discharged or recorded as expired, and appealed
    once within its window when the power has one. One that has ended (discharged, expired) can still have a
    breach recorded that happened while it was live, and a waiting appeal decided. Nothing can be recorded on one
    quashed on appeal, or on an agreement the person refused to sign.
    """
    allowed: set[str] = set()
    if status == InterventionStatus.LIVE:
        allowed.update(ONGOING_EVENTS)
        if has_appeal and not appealed:
            allowed.add(EventType.APPEAL_LODGED)
    elif status in (InterventionStatus.DISCHARGED, InterventionStatus.EXPIRED):
        allowed.add(EventType.BREACH)
    if appeal_pending and status != InterventionStatus.QUASHED:
        allowed.update(APPEAL_DECISIONS)
    return [value for value in EventType.values if value in allowed]


def live_end(intervention) -> datetime.date | None:
    """The last day the intervention was live: its live-until date, or the day it was discharged or expired."""
    ends = [intervention.live_until]
    if intervention.status in (InterventionStatus.DISCHARGED, InterventionStatus.EXPIRED):
        ends.append(intervention.status_on)
    ends = [day for day in ends if day is not None]
    return min(ends) if ends else None


def event_refusal(intervention, event_type: str, *, lodged: bool, pending: bool) -> str:
    """Why this event cannot be recorded on the intervention now, in the officer's words."""
    name, status = intervention.kind_name, intervention.status
    if status == InterventionStatus.QUASHED:
        return f"This {name} was quashed on appeal on {long_date(intervention.status_on)}: nothing more can be recorded"
    if status == InterventionStatus.REFUSED:
        return (
            f"{intervention.person.full_name} refused to sign this {name}: there is no agreement to breach, vary or "
            "end. Record the next step as a new intervention"
        )
    if event_type in APPEAL_DECISIONS:
        return "No appeal is waiting for a decision: record the appeal lodged first"
    if event_type == EventType.APPEAL_LODGED:
        if intervention.appeal_deadline is None:
            return f"A {name} cannot be appealed in this way: the catalogue gives it no appeal window"
        if lodged:
            return "An appeal has already been lodged against it"
    if status in (InterventionStatus.DISCHARGED, InterventionStatus.EXPIRED):
        ended = "discharged" if status == InterventionStatus.DISCHARGED else "expired"
        return f"This {name} {ended} on {long_date(intervention.status_on)}: only a breach while it was live can be recorded"
    return "Choose what happened"
