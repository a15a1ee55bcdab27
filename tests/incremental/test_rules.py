"""The Incremental Approach's rules against docs/domain.md, on hand-worked ladders and on random ones.

The property tests compare incremental.rules with a second, deliberately plain restatement of the rules written
here from docs/domain.md (no shared helpers), over random ladders, catalogues, people, agencies and dates.
"""

import datetime
import importlib
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agencies.models import AgencyKind
from incremental import rules
from incremental.models import EventType, InterventionStatus
from incremental.rules import KindRule

D = datetime.date
CATALOGUE = importlib.import_module("incremental.migrations.0002_default_catalogue").CATALOGUE


@dataclass
class Item:
    """An intervention on the ladder, as the rules read it."""

    kind_id: int
    tier: int
    status: str
    issued_on: datetime.date
    refused_to_sign: bool = False


@dataclass
class P:
    first_name: str = "Darren"
    last_name: str = "Whitfield"
    date_of_birth: datetime.date | None = None


@dataclass
class A:
    name: str
    kind: str


def default_catalogue() -> dict[str, KindRule]:
    """The default table of docs/domain.md, read from the migration that seeds it (no database needed)."""
    ids = {row[0]: n for n, row in enumerate(CATALOGUE, start=1)}
    kinds = {}
    for row in CATALOGUE:
        code, name, short, tier, court, _basis, _notes, agencies, age, live, appeal, _letter, refusable, extra = row
        kinds[code] = KindRule(
            id=ids[code],
            name=name,
            short_name=short,
            tier=tier,
            court_stage=court,
            issuing_agency_kinds=tuple(agencies),
            minimum_age=age,
            default_live_months=live,
            appeal_days=appeal,
            can_be_refused=refusable,
            requires_prior={ids["cpw"]: "Community Protection Warning"} if code == "cpn" else {},
            **extra,
        )
    return kinds


KINDS = default_catalogue()
CPW, CPN, ABC = KINDS["cpw"], KINDS["cpn"], KINDS["abc"]
POLICE = A("Leicestershire Police", AgencyKind.POLICE)
HEALTH = A("Leicester Partnership NHS Trust", AgencyKind.HEALTH)


def item(kind: KindRule, issued_on: datetime.date, status: str = InterventionStatus.LIVE) -> Item:
    return Item(kind.id, kind.tier, status, issued_on)


# --- The plain restatement (docs/domain.md, "The Incremental Approach") ------------------------------------------------


def plain_counts(i) -> bool:
    # Quashed on appeal: never happened. Everything else (live, expired, discharged, refused to sign) counts.
    return i.status != "quashed"


def plain_current(ladder) -> int:
    for tier in (4, 3, 2, 1):
        if any(i.tier == tier and plain_counts(i) for i in ladder):
            return tier
    return 0


def plain_suggested(ladder) -> int:
    current = plain_current(ladder)
    if current == 0:
        return 1
    if current == 4:
        return 4
    return current + 1


def plain_birthday(dob: datetime.date, years: int) -> datetime.date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # born on 29 February: the birthday falls on 1 March in other years
        return D(dob.year + years, 3, 1)


def plain_age(dob: datetime.date, day: datetime.date) -> int:
    age = 0
    while plain_birthday(dob, age + 1) <= day:
        age += 1
    return age


def plain_add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = day.year, day.month
    for _ in range(months):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    last = day.day
    while True:
        try:
            return D(year, month, last)
        except ValueError:
            last -= 1


def plain_error_fields(kind: KindRule, person, agency, issued_on, ladder) -> set[str]:
    fields = set()
    if kind.requires_prior and not any(
        i.kind_id in kind.requires_prior and i.issued_on <= issued_on and plain_counts(i) for i in ladder
    ):
        fields.add("kind")
    age_rules = (
        kind.minimum_age,
        kind.maximum_age,
        kind.adult_min_live_months,
        kind.under_18_min_live_months,
        kind.under_18_max_live_months,
    )
    if any(x is not None for x in age_rules):
        if person.date_of_birth is None:
            fields.add("date_of_birth")
        else:
            age = plain_age(person.date_of_birth, issued_on)
            if (kind.minimum_age is not None and age < kind.minimum_age) or (
                kind.maximum_age is not None and age > kind.maximum_age
            ):
                fields.add("kind")
    if kind.issuing_agency_kinds and agency.kind not in kind.issuing_agency_kinds:
        fields.add("issuing_agency")
    return fields


def plain_live_ok(kind: KindRule, dob, issued_on, live_until) -> bool:
    if live_until is not None and live_until < issued_on:
        return False
    maxima = [kind.max_live_months]
    minima = []
    if dob is not None:
        if plain_age(dob, issued_on) < 18:
            maxima.append(kind.under_18_max_live_months)
            minima.append(kind.under_18_min_live_months)
        else:
            minima.append(kind.adult_min_live_months)
    for months in maxima:
        if months is not None and (live_until is None or live_until > plain_add_months(issued_on, months)):
            return False
    for months in minima:
        if months is not None and live_until is not None and live_until < plain_add_months(issued_on, months):
            return False
    if kind.max_live_hours is not None:
        # Dates only: a direction given late on the day it was issued may run into the day the hours reach.
        whole_days = kind.max_live_hours // 24 + (1 if kind.max_live_hours % 24 else 0)
        if live_until is None or (live_until - issued_on).days > whole_days:
            return False
    return True


# --- Strategies ---------------------------------------------------------------------------------------------------

days = st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31))
statuses = st.sampled_from(InterventionStatus.values)
default_kinds = st.sampled_from(list(KINDS.values()))
agency_kinds = st.sampled_from(AgencyKind.values)


@st.composite
def random_kinds(draw) -> KindRule:
    """A catalogue entry an administrator might make: any tier, agencies, age and live-period limits, prior kinds."""
    kind_id = draw(st.integers(100, 120))
    return KindRule(
        id=kind_id,
        name=f"Power {kind_id}",
        tier=draw(st.integers(1, 4)),
        issuing_agency_kinds=tuple(draw(st.lists(agency_kinds, max_size=3, unique=True))),
        minimum_age=draw(st.none() | st.integers(8, 21)),
        maximum_age=draw(st.none() | st.integers(10, 25)),
        max_live_months=draw(st.none() | st.integers(1, 36)),
        max_live_hours=draw(st.none() | st.integers(1, 240)),
        adult_min_live_months=draw(st.none() | st.integers(1, 36)),
        under_18_min_live_months=draw(st.none() | st.integers(1, 24)),
        under_18_max_live_months=draw(st.none() | st.integers(1, 36)),
        requires_prior={k: f"Power {k}" for k in draw(st.lists(st.integers(100, 120), max_size=2, unique=True))},
    )


any_kinds = default_kinds | random_kinds()


@st.composite
def ladders(draw, kinds=any_kinds) -> list[Item]:
    return [Item(k.id, k.tier, draw(statuses), draw(days)) for k in draw(st.lists(kinds, max_size=12))]


people = st.builds(P, date_of_birth=st.none() | st.dates(min_value=D(1940, 1, 1), max_value=D(2024, 12, 31)))
agencies = st.builds(A, name=st.just("An agency"), kind=agency_kinds)


# --- Suggested stage and skips ------------------------------------------------------------------------------------


def test_nothing_yet_suggests_tier_1():
    assert (rules.current_tier([]), rules.suggested_tier([])) == (None, 1)


def test_suggested_stage_is_one_above_the_highest_tier_reached():
    ladder = [
        item(KINDS["words_of_advice"], D(2026, 1, 5)),
        item(CPW, D(2026, 2, 1)),
        item(KINDS["first_warning"], D(2026, 2, 9)),
    ]

    assert (rules.current_tier(ladder), rules.suggested_tier(ladder)) == (2, 3)


def test_suggested_stage_stops_at_the_top_tier():
    ladder = [item(CPW, D(2026, 1, 5)), item(CPN, D(2026, 2, 1))]

    assert rules.suggested_tier(ladder) == 4


def test_an_intervention_quashed_on_appeal_does_not_count():
    ladder = [item(CPW, D(2026, 1, 5)), item(CPN, D(2026, 2, 1), InterventionStatus.QUASHED)]

    assert (rules.current_tier(ladder), rules.suggested_tier(ladder)) == (2, 3)


def test_a_refused_abc_counts_as_having_reached_tier_3():
    ladder = [item(ABC, D(2026, 1, 5), InterventionStatus.REFUSED)]

    assert (rules.current_tier(ladder), rules.suggested_tier(ladder)) == (3, 4)


@pytest.mark.parametrize("status", ["expired", "discharged", "live"])
def test_ended_interventions_still_count(status):
    assert rules.suggested_tier([item(CPW, D(2024, 1, 5), status)]) == 3


@pytest.mark.parametrize(
    ("tier", "suggested", "skip"), [(1, 1, False), (2, 1, True), (4, 2, True), (3, 3, False), (1, 4, False)]
)
def test_a_skip_is_a_stage_above_the_suggested_one(tier, suggested, skip):
    assert rules.is_skip(tier, suggested) is skip


def test_the_ladder_as_of_a_date_leaves_out_later_interventions():
    later = item(CPW, D(2026, 3, 1))
    same_day = item(KINDS["words_of_advice"], D(2026, 2, 1))

    assert rules.ladder_as_of([later, same_day], D(2026, 2, 1)) == [same_day]


@given(ladders())
def test_current_and_suggested_stage_agree_with_domain(ladder):
    current = rules.current_tier(ladder)

    assert (current or 0) == plain_current(ladder)
    assert rules.suggested_tier(ladder) == plain_suggested(ladder)
    assert 1 <= rules.suggested_tier(ladder) <= 4


@given(ladders(), any_kinds)
def test_skip_detection_agrees_with_domain(ladder, kind):
    suggested = rules.suggested_tier(ladder)

    assert rules.is_skip(kind.tier, suggested) == (kind.tier > plain_suggested(ladder))


@given(ladders(), any_kinds)
def test_no_choice_at_or_below_the_suggested_stage_is_a_skip(ladder, kind):
    suggested = rules.suggested_tier(ladder)

    if kind.tier <= suggested:
        assert not rules.is_skip(kind.tier, suggested)
    else:
        assert kind.tier - suggested >= 1 and rules.is_skip(kind.tier, suggested)


# --- Preconditions ------------------------------------------------------------------------------------------------


def test_cpn_without_an_earlier_cpw_is_refused_with_a_clear_message():
    errors = rules.precondition_errors(CPN, P(date_of_birth=D(1990, 1, 1)), POLICE, D(2026, 3, 3), [])

    assert errors == {
        "kind": [
            "A Community Protection Notice (CPN) needs a Community Protection Warning issued to Darren Whitfield "
            "on or before 3 March 2026, and there is none on the ladder"
        ]
    }


def test_cpn_after_a_cpw_on_the_same_day_is_allowed():
    ladder = [item(CPW, D(2026, 3, 3))]

    assert rules.precondition_errors(CPN, P(date_of_birth=D(1990, 1, 1)), POLICE, D(2026, 3, 3), ladder) == {}


@pytest.mark.parametrize(
    ("cpw_on", "status"),
    [(D(2026, 3, 4), InterventionStatus.LIVE), (D(2026, 1, 4), InterventionStatus.QUASHED)],
    ids=["cpw-after-the-cpn", "cpw-quashed"],
)
def test_cpn_needs_a_cpw_issued_before_it_that_stands(cpw_on, status):
    ladder = [item(CPW, cpw_on, status)]

    errors = rules.precondition_errors(CPN, P(date_of_birth=D(1990, 1, 1)), POLICE, D(2026, 3, 3), ladder)

    assert list(errors) == ["kind"]


def test_an_expired_cpw_still_counts_before_a_cpn():
    ladder = [item(CPW, D(2025, 1, 4), InterventionStatus.EXPIRED)]

    assert rules.precondition_errors(CPN, P(date_of_birth=D(1990, 1, 1)), POLICE, D(2026, 3, 3), ladder) == {}


def test_under_age_for_a_cpw():
    errors = rules.precondition_errors(CPW, P(date_of_birth=D(2010, 3, 4)), POLICE, D(2026, 3, 3), [])

    assert errors == {
        "kind": [
            "Darren Whitfield was 15 on 3 March 2026: a Community Protection Warning (CPW) can only be used on "
            "someone aged 16 or over"
        ]
    }


def test_sixteenth_birthday_is_old_enough_for_a_cpw():
    assert rules.precondition_errors(CPW, P(date_of_birth=D(2010, 3, 3)), POLICE, D(2026, 3, 3), []) == {}


def test_unknown_date_of_birth_for_an_age_limited_power_asks_for_it():
    errors = rules.precondition_errors(CPW, P(), POLICE, D(2026, 3, 3), [])

    assert errors == {
        "date_of_birth": ["Enter Darren Whitfield's date of birth: a Community Protection Warning (CPW) has age limits"]
    }


def test_unknown_date_of_birth_is_fine_for_a_power_without_age_limits():
    assert rules.precondition_errors(KINDS["first_warning"], P(), HEALTH, D(2026, 3, 3), []) == {}


def test_an_agency_kind_the_catalogue_does_not_allow():
    errors = rules.precondition_errors(CPW, P(date_of_birth=D(1990, 1, 1)), HEALTH, D(2026, 3, 3), [])

    assert errors == {
        "issuing_agency": [
            "Leicester Partnership NHS Trust cannot issue a Community Protection Warning (CPW): only a police, "
            "local authority or registered provider of social housing may use this power"
        ]
    }


@st.composite
def people_on_a_day(draw) -> tuple[P, datetime.date]:
    """A person and a date issued: often around a birthday (8 to 21 years old, give or take a day), where the age
    limits bite; sometimes with no date of birth, sometimes any."""
    issued_on = draw(days)
    shape = draw(st.sampled_from(["birthday", "unknown", "any"]))
    if shape == "unknown":
        return P(), issued_on
    if shape == "any":
        return draw(people), issued_on
    years, nudge = draw(st.integers(8, 21)), draw(st.integers(-1, 1))
    born = plain_birthday(issued_on.replace(day=min(issued_on.day, 28)), -years) + datetime.timedelta(days=nudge)
    return P(date_of_birth=born), issued_on


@given(any_kinds, people_on_a_day(), agencies, ladders())
@settings(max_examples=500)
def test_preconditions_agree_with_domain(kind, person_and_day, agency, ladder):
    person, issued_on = person_and_day
    errors = rules.precondition_errors(kind, person, agency, issued_on, ladder)

    assert set(errors) == plain_error_fields(kind, person, agency, issued_on, ladder)
    assert all(messages and all(m.strip() for m in messages) for messages in errors.values())


@given(ladders(kinds=default_kinds), days, people)
def test_cpn_precondition_on_the_default_catalogue(ladder, issued_on, person):
    errors = rules.precondition_errors(CPN, person, POLICE, issued_on, ladder)
    has_cpw = any(i.kind_id == CPW.id and i.issued_on <= issued_on and i.status != "quashed" for i in ladder)

    assert ("needs a Community Protection Warning" in " ".join(errors.get("kind", []))) == (not has_cpw)


# --- Live periods -------------------------------------------------------------------------------------------------


def test_injunction_for_an_under_18_lasts_at_most_12_months():
    injunction = KINDS["civil_injunction"]

    errors = rules.live_period_errors(injunction, D(2010, 1, 1), D(2026, 3, 3), D(2027, 3, 4))

    assert errors == [
        "Civil injunction (section 1) can last at most 12 months for someone under 18: live until 3 March 2027 at "
        "the latest"
    ]
    assert rules.live_period_errors(injunction, D(2010, 1, 1), D(2026, 3, 3), D(2027, 3, 3)) == []
    assert rules.live_period_errors(injunction, D(1990, 1, 1), D(2026, 3, 3), D(2029, 3, 3)) == []


def test_cbo_for_an_adult_lasts_at_least_two_years():
    cbo = KINDS["cbo"]

    assert rules.live_period_errors(cbo, D(1990, 1, 1), D(2026, 3, 3), D(2028, 3, 2)) == [
        "Criminal Behaviour Order must last at least 24 months for an adult: live until 3 March 2028 at the earliest"
    ]
    assert rules.live_period_errors(cbo, D(1990, 1, 1), D(2026, 3, 3), None) == []


def test_cbo_for_an_under_18_lasts_one_to_three_years():
    cbo = KINDS["cbo"]
    young, issued = D(2012, 5, 5), D(2026, 3, 3)

    assert len(rules.live_period_errors(cbo, young, issued, D(2027, 3, 2))) == 1
    assert rules.live_period_errors(cbo, young, issued, D(2027, 3, 3)) == []
    assert rules.live_period_errors(cbo, young, issued, D(2029, 3, 3)) == []
    assert len(rules.live_period_errors(cbo, young, issued, D(2029, 3, 4))) == 1
    assert len(rules.live_period_errors(cbo, young, issued, None)) == 1


def test_closure_order_at_most_six_months_in_total():
    assert rules.live_period_errors(KINDS["closure"], None, D(2026, 8, 31), D(2027, 2, 28)) == []
    assert len(rules.live_period_errors(KINDS["closure"], None, D(2026, 8, 31), D(2027, 3, 1))) == 1


def test_default_live_period_from_the_catalogue():
    assert rules.default_live_until(KINDS["first_warning"], D(2026, 11, 30)) == D(2027, 2, 28)
    assert rules.default_live_until(KINDS["abc"], D(2026, 3, 3)) == D(2026, 9, 3)
    assert rules.default_live_until(CPW, D(2026, 3, 3)) is None


# A dispersal direction as shipped: up to 48 hours (2014 Act, s.35).
DISPERSAL = KindRule(id=200, name="Dispersal direction", tier=1, issuing_agency_kinds=("police",), max_live_hours=48)


@pytest.mark.parametrize(
    ("hours", "issued_on", "latest"),
    [
        (48, D(2026, 12, 6), D(2026, 12, 8)),
        (48, D(2028, 2, 28), D(2028, 3, 1)),  # across 29 February
        (24, D(2026, 12, 31), D(2027, 1, 1)),
        (36, D(2026, 12, 6), D(2026, 12, 8)),  # given at 23:00, a 36-hour direction ends at 11:00 two days on
        (1, D(2026, 12, 6), D(2026, 12, 7)),
        (72, D(2026, 12, 6), D(2026, 12, 9)),
    ],
)
def test_a_power_lasting_hours_is_live_at_the_latest_the_hours_in_whole_days_later(hours, issued_on, latest):
    assert rules.latest_day_within_hours(issued_on, hours) == latest


def test_a_dispersal_direction_lasts_at_most_48_hours():
    issued = D(2026, 12, 6)

    assert rules.live_period_errors(DISPERSAL, None, issued, D(2026, 12, 8)) == []
    assert rules.live_period_errors(DISPERSAL, None, issued, issued) == []
    assert rules.live_period_errors(DISPERSAL, None, issued, D(2026, 12, 9)) == [
        "Dispersal direction can last at most 48 hours: given on 6 December 2026, it is live until 8 December 2026 "
        "at the latest"
    ]
    assert rules.live_period_errors(DISPERSAL, None, issued, None) == [
        "Enter the date it is live until: a Dispersal direction lasts at most 48 hours"
    ]


def test_a_power_lasting_hours_is_live_for_all_of_them_unless_the_officer_says_otherwise():
    assert rules.default_live_until(DISPERSAL, D(2026, 12, 6)) == D(2026, 12, 8)


# --- Orders made without notice -----------------------------------------------------------------------------------

RESPECT = KindRule(id=201, name="Respect order", tier=4, court_stage=True, without_notice=True)
CBO_ON_NOTICE = KindRule(id=202, name="Criminal Behaviour Order", short_name="CBO", tier=4, court_stage=True)


def test_an_order_on_notice_needs_nothing_more():
    assert rules.without_notice_errors(CBO_ON_NOTICE, D(2026, 12, 1), False, D(2026, 12, 1), None) == {}
    assert rules.without_notice_errors(RESPECT, D(2026, 12, 1), False, None, D(2027, 1, 1)) == {}


def test_only_a_court_order_whose_law_allows_it_may_be_made_without_notice():
    refused = rules.without_notice_errors(CBO_ON_NOTICE, D(2026, 12, 1), True, D(2026, 12, 1), D(2026, 12, 15))
    not_court = rules.without_notice_errors(
        KindRule(id=203, name="Dispersal direction", tier=1, without_notice=True), D(2026, 12, 1), True, None, None
    )

    assert refused == {
        "made_without_notice": [
            "A Criminal Behaviour Order (CBO) issued on 1 December 2026 cannot be made without notice: the law in "
            "force then requires notice to the respondent"
        ]
    }
    assert list(not_court) == ["made_without_notice"]


def test_an_order_made_without_notice_needs_its_return_hearing_on_or_after_the_first():
    issued = D(2026, 12, 1)

    assert rules.without_notice_errors(RESPECT, issued, True, issued, D(2026, 12, 15)) == {}
    assert rules.without_notice_errors(RESPECT, issued, True, issued, issued) == {}
    assert rules.without_notice_errors(RESPECT, issued, True, issued, None) == {
        "return_hearing_on": [
            "Enter the date of the return hearing: an order made without notice is listed for a hearing on notice"
        ]
    }
    assert rules.without_notice_errors(RESPECT, issued, True, None, D(2026, 11, 30)) == {
        "return_hearing_on": ["The return hearing must be on or after the date issued, 1 December 2026"]
    }
    assert rules.without_notice_errors(RESPECT, issued, True, D(2026, 12, 3), D(2026, 12, 2)) == {
        "return_hearing_on": ["The return hearing must be on or after the first hearing, 3 December 2026"]
    }


@given(
    st.booleans(),
    st.booleans(),
    st.booleans(),
    days,
    st.none() | st.integers(-3, 30),
    st.none() | st.integers(-3, 30),
)
def test_without_notice_agrees_with_domain(court, allows, made, issued_on, first_in, return_in):
    kind = KindRule(id=204, name="Power 204", tier=4, court_stage=court, without_notice=allows)
    first = None if first_in is None else issued_on + datetime.timedelta(days=first_in)
    back = None if return_in is None else issued_on + datetime.timedelta(days=return_in)

    errors = rules.without_notice_errors(kind, issued_on, made, first, back)

    if not made:
        expected = set()
    elif not (court and allows):
        expected = {"made_without_notice"}
    elif back is None or back < issued_on or (first is not None and back < first):
        expected = {"return_hearing_on"}
    else:
        expected = set()
    assert set(errors) == expected


@st.composite
def live_periods(draw) -> tuple[datetime.date, datetime.date | None]:
    """A date issued and a live-until date: often a whole number of months later, give or take a day, where the
    limits bite; sometimes none, sometimes any day at all."""
    issued_on = draw(days)
    shape = draw(st.sampled_from(["months", "days", "none", "any"]))
    if shape == "none":
        return issued_on, None
    if shape == "any":
        return issued_on, draw(days)
    if shape == "days":
        return issued_on, issued_on + datetime.timedelta(days=draw(st.integers(0, 12)))
    months, nudge = draw(st.integers(0, 40)), draw(st.integers(-1, 1))
    return issued_on, plain_add_months(issued_on, months) + datetime.timedelta(days=nudge)


@given(any_kinds, st.none() | st.dates(min_value=D(1950, 1, 1), max_value=D(2024, 1, 1)), live_periods())
@settings(max_examples=500)
def test_live_period_limits_agree_with_domain(kind, dob, period):
    issued_on, live_until = period
    errors = rules.live_period_errors(kind, dob, issued_on, live_until)

    assert (errors == []) == plain_live_ok(kind, dob, issued_on, live_until)


@given(days, st.integers(0, 60))
def test_month_arithmetic_agrees_with_a_month_by_month_count(day, months):
    assert rules.add_months(day, months) == plain_add_months(day, months)


@given(st.dates(min_value=D(1940, 1, 1), max_value=D(2024, 12, 31)), days)
def test_age_agrees_with_counting_birthdays(dob, day):
    if day >= dob:
        assert rules.age_on(dob, day) == plain_age(dob, day)


# --- Events -------------------------------------------------------------------------------------------------------


def test_events_on_a_live_cpn_include_one_appeal():
    allowed = rules.allowed_events(status="live", has_appeal=True, appealed=False, appeal_pending=False)

    assert allowed == [
        EventType.BREACH,
        EventType.APPEAL_LODGED,
        EventType.HEARING_LISTED,
        EventType.VARIED,
        EventType.DISCHARGED,
        EventType.EXPIRED,
    ]


def test_an_appeal_waiting_for_a_decision_can_be_decided_not_lodged_again():
    allowed = rules.allowed_events(status="live", has_appeal=True, appealed=True, appeal_pending=True)

    assert EventType.APPEAL_LODGED not in allowed
    assert {EventType.APPEAL_DISMISSED, EventType.APPEAL_ALLOWED} <= set(allowed)


@pytest.mark.parametrize("status", ["quashed", "refused"])
def test_nothing_can_be_recorded_on_a_quashed_or_refused_intervention(status):
    assert rules.allowed_events(status=status, has_appeal=True, appealed=False, appeal_pending=False) == []


@pytest.mark.parametrize("status", ["expired", "discharged"])
def test_an_ended_intervention_takes_only_a_breach_from_its_live_period(status):
    assert rules.allowed_events(status=status, has_appeal=True, appealed=False, appeal_pending=False) == ["breach"]


def test_a_warning_without_an_appeal_window_cannot_be_appealed():
    allowed = rules.allowed_events(status="live", has_appeal=False, appealed=False, appeal_pending=False)

    assert EventType.APPEAL_LODGED not in allowed
