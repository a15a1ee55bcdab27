"""Hours-long powers and orders made without notice (docs/domain.md, "Hours-long powers and orders made without
notice"): the dispersal direction's 48 hours and the injunctions made without notice, as shipped and as an
administrator changes them, the day before and the day after a change."""

import datetime
import zoneinfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import AgencyKind
from cases.models import ChronologyEntry
from incremental import services
from incremental.models import KindVersion
from tests.incremental.helpers import issuer

pytestmark = pytest.mark.django_db

D = datetime.date
ACT_2026 = D(2026, 6, 29)
PILOT = "Charnwood"
# A change an administrator might add ahead of its commencement.
CHANGE = D(2026, 10, 1)
EVE = CHANGE - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def later_than_2026():
    """Today is after the 2026 commencement and the change, whatever day the suite runs as of."""
    london = zoneinfo.ZoneInfo("Europe/London")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=london), tick=False):
        yield


@pytest.fixture
def record(lead_officer):
    """record(code, issued_on=..., **more): the intervention, or the errors by field."""
    return issuer(issued_on=EVE, born=D(1990, 1, 1))


def change_from(code: str, day: datetime.date, **rules) -> KindVersion:
    """End the version in force everywhere the day before `day` and add one from `day` with these rules."""
    current = KindVersion.objects.get(kind__code=code, localities=[], in_force_until__isnull=True)
    current.in_force_until = day - datetime.timedelta(days=1)
    current.save()
    fields = {
        name: getattr(current, name)
        for name in ("name", "short_name", "legal_basis", "issuing_agency_kinds", "minimum_age", "without_notice")
    }
    return KindVersion.objects.create(
        kind=current.kind, legal_source="Regulations 2026", in_force_from=day, **(fields | rules)
    )


# --- As shipped -----------------------------------------------------------------------------------------------


def test_every_shipped_dispersal_version_lasts_at_most_48_hours_and_nothing_else_is_counted_in_hours():
    limited = {(v.kind.code, v.max_live_hours) for v in KindVersion.objects.filter(max_live_hours__isnull=False)}

    assert limited == {("dispersal", 48)}


def test_the_shipped_versions_that_may_be_made_without_notice_are_the_injunctions_and_the_respect_order():
    allowed = sorted(
        (v.kind.code, v.in_force_from.isoformat(), tuple(v.localities))
        for v in KindVersion.objects.filter(without_notice=True).select_related("kind")
    )

    assert allowed == [
        ("civil_injunction", "2014-10-20", ()),
        ("civil_injunction", "2026-06-29", ()),
        ("housing_injunction", "2026-06-29", ()),
        ("respect_order", "2026-06-29", (PILOT,)),
        ("youth_injunction", "2026-06-29", ()),
    ]


def test_a_dispersal_direction_is_live_two_days_after_the_date_issued_at_the_latest(record):
    within = record("dispersal", issued_on=D(2026, 11, 28), live_until=D(2026, 11, 30))
    beyond = record("dispersal", issued_on=D(2026, 11, 28), live_until=D(2026, 12, 1))
    blank = record("dispersal", issued_on=D(2026, 11, 28))

    assert within.live_until == D(2026, 11, 30)
    assert beyond == {
        "live_until": [
            "Dispersal direction can last at most 48 hours: given on 28 November 2026, it is live until "
            "30 November 2026 at the latest"
        ]
    }
    assert blank.live_until == D(2026, 11, 30)


# --- The day before and the day after a change ----------------------------------------------------------------


def test_a_shorter_limit_applies_from_the_day_it_comes_into_force(record):
    change_from("dispersal", CHANGE, max_live_hours=24)

    before = record("dispersal", issued_on=EVE, live_until=EVE + datetime.timedelta(days=2))
    after = record("dispersal", issued_on=CHANGE, live_until=CHANGE + datetime.timedelta(days=2))
    after_within = record("dispersal", issued_on=CHANGE, live_until=CHANGE + datetime.timedelta(days=1))

    assert before.kind_version.max_live_hours == 48
    assert after["live_until"] == [
        "Dispersal direction can last at most 24 hours: given on 1 October 2026, it is live until 2 October 2026 at "
        "the latest"
    ]
    assert after_within.kind_version.max_live_hours == 24


def test_a_direction_issued_before_the_change_is_varied_under_its_own_limit(record, lead_officer):
    before = record("dispersal", issued_on=EVE, live_until=EVE)
    change_from("dispersal", CHANGE, max_live_hours=24)

    services.intervention_record_event(
        officer=lead_officer,
        intervention=before,
        expected_version=before.version,
        event_type="varied",
        occurred_on=EVE,
        details="Extended by the inspector",
        new_live_until=EVE + datetime.timedelta(days=2),
    )

    before.refresh_from_db()
    assert before.live_until == EVE + datetime.timedelta(days=2)


def test_a_version_without_the_limit_lets_the_officer_set_any_end(record):
    change_from("dispersal", CHANGE, max_live_hours=None)

    before = record("dispersal", issued_on=EVE, live_until=EVE + datetime.timedelta(days=10))
    after = record("dispersal", issued_on=CHANGE, live_until=CHANGE + datetime.timedelta(days=10))
    blank = record("dispersal", issued_on=CHANGE)

    assert list(before) == ["live_until"]
    assert (after.live_until, blank.live_until) == (CHANGE + datetime.timedelta(days=10), None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(issued_in=st.integers(-3, 2), lasts=st.integers(0, 4))
def test_the_limit_applied_is_the_one_in_force_on_the_date_issued(record, issued_in, lasts):
    if not KindVersion.objects.filter(kind__code="dispersal", in_force_from=CHANGE).exists():
        change_from("dispersal", CHANGE, max_live_hours=24)
    issued_on = CHANGE + datetime.timedelta(days=issued_in)

    made = record("dispersal", issued_on=issued_on, live_until=issued_on + datetime.timedelta(days=lasts))

    # Restated from docs/domain.md: 48 hours (2 days) before the change, 24 hours (1 day) from it.
    allowed_days = 2 if issued_on < CHANGE else 1
    assert isinstance(made, dict) == (lasts > allowed_days)


# --- Made without notice --------------------------------------------------------------------------------------


def test_an_injunction_made_without_notice_has_its_return_hearing_as_the_next_hearing(record):
    made = record(
        "civil_injunction",
        issued_on=D(2026, 11, 30),
        order_made="Not to enter Wessex Row",
        made_without_notice=True,
        return_hearing_on=D(2026, 12, 14),
    )

    entry = ChronologyEntry.objects.filter(case=made.case).latest("id")
    assert (made.made_without_notice, made.next_hearing_on) == (True, D(2026, 12, 14))
    assert "made without notice, return hearing (on notice) 14 December 2026" in entry.text


def test_an_order_made_without_notice_needs_the_return_hearing(record):
    refused = record("civil_injunction", issued_on=D(2026, 11, 30), made_without_notice=True)

    assert refused == {
        "return_hearing_on": [
            "Enter the date of the return hearing: an order made without notice is listed for a hearing on notice"
        ]
    }


def test_a_return_hearing_without_the_order_made_without_notice_is_not_kept(record):
    made = record("civil_injunction", issued_on=D(2026, 11, 30), return_hearing_on=D(2026, 12, 14))

    assert (made.made_without_notice, made.next_hearing_on) == (False, None)


def test_a_criminal_behaviour_order_cannot_be_made_without_notice(record):
    refused = record("cbo", issued_on=D(2026, 11, 30), made_without_notice=True, return_hearing_on=D(2026, 12, 14))

    assert refused == {
        "made_without_notice": [
            "A Criminal Behaviour Order (CBO) issued on 30 November 2026 cannot be made without notice: the law in "
            "force then requires notice to the respondent"
        ]
    }


def test_a_respect_order_in_the_pilot_area_may_be_made_without_notice(record):
    made = record(
        "respect_order",
        locality=PILOT,
        agency=AgencyKind.LOCAL_AUTHORITY,
        issued_on=ACT_2026,
        made_without_notice=True,
        return_hearing_on=D(2026, 7, 13),
    )

    assert (made.kind_name, made.made_without_notice, made.next_hearing_on) == (
        "Respect order",
        True,
        D(2026, 7, 13),
    )


def test_without_notice_follows_the_version_in_force_the_day_before_and_the_day_after(record):
    change_from("housing_injunction", CHANGE, without_notice=False)
    fields = {"made_without_notice": True}

    before = record("housing_injunction", issued_on=EVE, return_hearing_on=CHANGE, **fields)
    after = record("housing_injunction", issued_on=CHANGE, return_hearing_on=CHANGE, **fields)

    assert before.made_without_notice
    assert list(after) == ["made_without_notice"]
