"""The catalogue in time: the version applied to an intervention is the one in force on its date issued in its
case's area, checked against a plain restatement of the commencement table (docs/domain.md, "The catalogue in
time"), and the rules of that version are the ones the service applies."""

import datetime
import zoneinfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import AgencyKind
from incremental.catalogue import Catalogue
from incremental.models import InterventionKind, KindVersion
from tests.incremental.helpers import issuer

pytestmark = pytest.mark.django_db

D = datetime.date
ACT_2014, ACT_2026, EVE_2026 = D(2014, 10, 20), D(2026, 6, 29), D(2026, 6, 28)
PILOT = "Charnwood"
ADULT_BORN = D(1990, 1, 1)
EVERYWHERE = ()

# The commencement table, written out again from docs/domain.md: (kind, in force from, until, areas, withdrawn).
TABLE = [
    ("words_of_advice", ACT_2014, None, EVERYWHERE, False),
    ("first_warning", ACT_2014, None, EVERYWHERE, False),
    ("final_warning", ACT_2014, None, EVERYWHERE, False),
    ("cpw", ACT_2014, None, EVERYWHERE, False),
    ("abc", ACT_2014, None, EVERYWHERE, False),
    ("cpn", ACT_2014, None, EVERYWHERE, False),
    ("cbo", ACT_2014, None, EVERYWHERE, False),
    ("possession", ACT_2014, None, EVERYWHERE, False),
    ("dispersal", ACT_2014, None, EVERYWHERE, False),
    ("community_resolution", ACT_2014, None, EVERYWHERE, False),
    ("restorative", ACT_2014, None, EVERYWHERE, False),
    ("vehicle_warning", ACT_2014, None, EVERYWHERE, False),
    ("immediate_justice", D(2023, 3, 27), None, EVERYWHERE, False),
    ("civil_injunction", ACT_2014, EVE_2026, EVERYWHERE, False),
    ("civil_injunction", ACT_2026, None, EVERYWHERE, False),
    ("civil_injunction", ACT_2026, None, (PILOT,), True),
    ("closure", ACT_2014, EVE_2026, EVERYWHERE, False),
    ("closure", ACT_2026, None, EVERYWHERE, False),
    ("fixed_penalty", ACT_2014, EVE_2026, EVERYWHERE, False),
    ("fixed_penalty", ACT_2026, None, EVERYWHERE, False),
    ("vehicle_seizure", ACT_2014, EVE_2026, EVERYWHERE, False),
    ("vehicle_seizure", ACT_2026, None, EVERYWHERE, False),
    ("respect_order", ACT_2026, None, (PILOT,), False),
    ("youth_injunction", ACT_2026, None, EVERYWHERE, False),
    ("housing_injunction", ACT_2026, None, EVERYWHERE, False),
]
CODES = sorted({row[0] for row in TABLE})
CHANGES = sorted({row[1] for row in TABLE} | {row[2] + datetime.timedelta(days=1) for row in TABLE if row[2]})
EDGES = [day + datetime.timedelta(days=delta) for day in CHANGES for delta in (-1, 0)]


def expected(code: str, day: datetime.date, locality: str | None):
    """The row in force: one naming the area wins over one for everywhere; a withdrawn row means none."""
    rows = [r for r in TABLE if r[0] == code and r[1] <= day and (r[2] is None or day <= r[2])]
    here = [r for r in rows if locality in r[3]]
    everywhere = [r for r in rows if not r[3]]
    assert len(here) <= 1 and len(everywhere) <= 1, f"the table overlaps for {code} on {day}"
    row = (here or everywhere or [None])[0]
    return None if row is None or row[4] else (row[1], row[2], row[3])


def test_the_shipped_versions_are_the_table():
    shipped = {
        (v.kind.code, v.in_force_from, v.in_force_until, tuple(v.localities), v.withdrawn)
        for v in KindVersion.objects.select_related("kind")
    }
    assert shipped == set(TABLE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.sampled_from(CODES),
    day=st.sampled_from(EDGES) | st.dates(min_value=D(2013, 1, 1), max_value=D(2030, 12, 31)),
    locality=st.sampled_from([PILOT, "Melton", "Rutland", None]),
)
def test_the_version_in_force_is_the_tables_on_any_day_in_any_area(code, day, locality):
    catalogue = CATALOGUE()
    version = catalogue.version(KINDS()[code], day, locality)

    chosen = (version.in_force_from, version.in_force_until, tuple(version.localities)) if version else None
    assert chosen == expected(code, day, locality)


_cache: dict = {}


def CATALOGUE() -> Catalogue:
    # Hypothesis runs every example inside the one test's transaction: the catalogue is read once.
    if "catalogue" not in _cache:
        _cache["catalogue"] = Catalogue.load()
    return _cache["catalogue"]


def KINDS() -> dict[str, InterventionKind]:
    if "kinds" not in _cache:
        _cache["kinds"] = {k.code: k for k in InterventionKind.objects.all()}
    return _cache["kinds"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    _cache.clear()
    yield
    _cache.clear()


# --- The service applies the version in force -----------------------------------------------------------------


@pytest.fixture
def later_than_2026():
    """Today is after the 2026 commencement, whatever day the suite runs as of."""
    london = zoneinfo.ZoneInfo("Europe/London")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=london), tick=False):
        yield


@pytest.fixture
def record(later_than_2026, lead_officer):
    """record(code, locality, agency kind, date of birth, issued_on, **more): the intervention, or the errors."""
    return issuer(issued_on=ACT_2026, born=ADULT_BORN)


def test_a_respect_order_in_the_pilot_area_from_commencement_copies_its_version(record):
    order = record("respect_order", locality=PILOT)

    assert (order.kind_name, order.kind_version.in_force_from, order.kind_version.localities, order.legal_basis) == (
        "Respect order",
        ACT_2026,
        [PILOT],
        "Crime and Policing Act 2026, Part 1",
    )


def test_a_respect_order_the_day_before_commencement_is_refused_with_when_and_where(record):
    refused = record("respect_order", locality=PILOT, issued_on=EVE_2026)

    assert refused["kind"] == [
        "A Respect order is not in force in Charnwood on 28 June 2026: it is in force from 29 June 2026 in Charnwood"
    ]


def test_a_respect_order_outside_the_pilot_area_is_refused(record):
    refused = record("respect_order", locality="Melton", issued_on=D(2026, 11, 30))

    assert refused["kind"] == [
        "A Respect order is not in force in Melton on 30 November 2026: it is in force from 29 June 2026 in Charnwood"
    ]


def test_a_respect_order_for_a_17_year_old_is_refused_and_the_youth_injunction_suggested(record):
    refused = record("respect_order", locality=PILOT, born=D(2009, 3, 1), issued_on=D(2026, 7, 1))

    assert refused["kind"] == [
        "Kyle Pegg was 17 on 1 July 2026: a Respect order can only be used on someone aged 18 or over. Consider a "
        "Youth injunction or a Housing injunction instead"
    ]


def test_a_youth_injunction_is_for_10_to_17_and_at_most_12_months(record):
    adult = record("youth_injunction", issued_on=D(2026, 7, 1))
    too_long = record("youth_injunction", born=D(2012, 1, 1), issued_on=D(2026, 7, 1), live_until=D(2027, 7, 2))
    made = record("youth_injunction", born=D(2012, 1, 1), issued_on=D(2026, 7, 1), live_until=D(2027, 7, 1))

    assert adult["kind"][0].startswith(
        "Kyle Pegg was 36 on 1 July 2026: a Youth injunction can only be used on someone aged 10 to 17"
    )
    assert too_long["live_until"] == [
        "Youth injunction can last at most 12 months: live until 1 July 2027 at the latest"
    ]
    assert made.kind_name == "Youth injunction"


def test_a_civil_injunction_issued_the_day_before_keeps_its_rules_and_the_day_after_it_is_for_adults(record):
    youth = D(2010, 1, 1)
    before = record("civil_injunction", born=youth, issued_on=EVE_2026, live_until=D(2027, 6, 28))
    after = record("civil_injunction", born=youth, issued_on=ACT_2026, live_until=D(2027, 6, 28))

    assert (before.kind_name, before.kind_version.in_force_until) == ("Civil injunction (section 1)", EVE_2026)
    assert after["kind"] == [
        "Kyle Pegg was 16 on 29 June 2026: a Civil injunction (section 1) can only be used on someone aged 18 or "
        "over. Consider a Youth injunction or a Housing injunction instead"
    ]


def test_the_civil_injunction_gives_way_to_the_respect_order_in_the_pilot_area_only(record):
    pilot = record("civil_injunction", locality=PILOT, issued_on=ACT_2026)
    elsewhere = record("civil_injunction", locality="Melton", issued_on=ACT_2026)

    assert pilot["kind"][0].startswith("A Civil injunction (section 1) is not in force in Charnwood on 29 June 2026")
    assert elsewhere.kind_version.minimum_age == 18


def test_registered_social_landlords_issue_closure_notices_from_commencement(record):
    before = record("closure", agency=AgencyKind.SOCIAL_LANDLORD, issued_on=EVE_2026)
    after = record("closure", agency=AgencyKind.SOCIAL_LANDLORD, issued_on=ACT_2026)

    assert before["issuing_agency"][0].endswith("only a police or local authority may use this power")
    assert after.kind_version.in_force_from == ACT_2026


def test_vehicles_are_seized_without_a_warning_only_from_commencement(record):
    before = record("vehicle_seizure", issued_on=EVE_2026)
    after = record("vehicle_seizure", issued_on=ACT_2026)

    assert before["kind"][0].startswith("A Seizure of a vehicle used anti-socially (section 59) needs a Warning about")
    assert after.kind_name == "Seizure of a vehicle used anti-socially (section 59)"


def test_the_fixed_penalty_limit_rises_to_500_pounds_at_commencement(record):
    before = record("fixed_penalty", issued_on=EVE_2026)
    after = record("fixed_penalty", issued_on=ACT_2026)

    assert (before.kind_version.max_fixed_penalty, after.kind_version.max_fixed_penalty) == (100, 500)


def test_an_intervention_keeps_its_version_when_the_catalogue_changes_afterwards(record):
    issued = record("cpw", issued_on=D(2026, 7, 1))
    version = issued.kind_version
    version.in_force_until = D(2026, 9, 30)
    version.save()
    KindVersion.objects.create(
        kind=version.kind,
        name="Community Protection Warning (amended)",
        legal_source="Regulations 2026",
        in_force_from=D(2026, 10, 1),
        issuing_agency_kinds=[AgencyKind.LOCAL_AUTHORITY],
    )

    issued.refresh_from_db()
    later = record("cpw", issued_on=D(2026, 10, 1))
    assert (issued.kind_name, issued.kind_version_id) == ("Community Protection Warning", version.pk)
    assert later["issuing_agency"][0].endswith("only a local authority may use this power")


def test_the_form_describes_a_power_by_the_version_applied_in_the_area():
    catalogue = Catalogue.load()
    injunction = InterventionKind.objects.get(code="civil_injunction")
    respect = InterventionKind.objects.get(code="respect_order")
    day = D(2026, 12, 1)

    in_pilot = catalogue.latest(injunction, day, PILOT)
    elsewhere = catalogue.latest(injunction, day, "Melton")

    assert (in_pilot.in_force_until, in_pilot.minimum_age) == (EVE_2026, 10)
    assert (elsewhere.in_force_from, elsewhere.minimum_age) == (ACT_2026, 18)
    assert catalogue.available(injunction, day, PILOT)  # a civil injunction issued before 29 June 2026 is recorded
    assert not catalogue.available(injunction, D(2014, 10, 19), PILOT)
    assert (catalogue.available(respect, day, PILOT), catalogue.available(respect, day, "Melton")) == (True, False)
    assert not catalogue.available(respect, EVE_2026, PILOT)
