"""`import_cases`: the example file imports; bad files are refused whole, with errors naming record and field."""

import copy
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency, Officer
from cases.importer.services import ImportFailed, import_data, import_file
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseReferenceCounter,
    CaseUserObjectPermission,
    ChronologyEntry,
    EntryKind,
    Incident,
    JagManagementPeriod,
    PeriodEnd,
    PeriodStart,
    Person,
)
from cases.permissions import case_grant_access, cases_visible_to
from core import clock
from tests.factories import AgencyFactory, CaseFactory, OfficerFactory

from .conftest import row_counts

pytestmark = pytest.mark.django_db

CASE_1042 = 'cases[0] (legacy id "CH-1042")'


def _import_errors(data) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_data(data)
    return failed.value.errors


def _refused(data) -> list[str]:
    """Import `data`, expecting a refusal that writes nothing; the errors."""
    before = row_counts()
    errors = _import_errors(data)
    assert row_counts() == before
    return errors


# --- The example file --------------------------------------------------------------------------------------


def test_example_file_imports(example_path):
    out = io.StringIO()

    call_command("import_cases", str(example_path), stdout=out)

    by_legacy = {c.import_record.legacy_id: c for c in Case.objects.select_related("import_record")}
    assert sorted(by_legacy) == ["CH-1042", "CH-1107", "CH-1188"]
    assert by_legacy["CH-1042"].reference == "ASB-2025-000231"
    assert by_legacy["CH-1042"].lead_officer.username == "d.holmes"
    assert by_legacy["CH-1042"].lead_agency.short_name == "Charnwood"
    assert by_legacy["CH-1042"].postcode == "LE11 3QA"
    assert by_legacy["CH-1107"].status == "closed"
    assert by_legacy["CH-1107"].hate_incident is True  # the category is a hate category
    assert sorted(a.short_name for a in by_legacy["CH-1107"].involved_agencies.all()) == ["Charnwood", "EMH"]
    assert "cases imported: 3" in out.getvalue()


def test_example_file_allocates_references_after_the_kept_ones(example_path):
    import_file(example_path)

    by_legacy = {c.import_record.legacy_id: c.reference for c in Case.objects.select_related("import_record")}
    # CH-1107's old reference is not in the ASB-YYYY-NNNNNN form: it gets one of its opening year.
    assert by_legacy["CH-1107"] == "ASB-2024-000001"
    # CH-1188 was opened in 2025, where ASB-2025-000231 is kept: the counter continues after it.
    assert by_legacy["CH-1188"] == "ASB-2025-000232"
    assert dict(CaseReferenceCounter.objects.values_list("year", "last_number")) == {2024: 1, 2025: 232}


def test_new_case_after_import_does_not_collide(example, lead_officer, jag, category):
    today = clock.today()
    year = today.year
    example["cases"][2]["reference"] = f"ASB-{year}-000050"
    # Opened this year, and never in the future (on 1 January today is the only day of the year so far).
    example["cases"][2]["opened_at"] = today.isoformat()
    example["cases"][2]["people"] = []
    import_data(example)

    opened = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)

    assert opened.reference == f"ASB-{year}-000051"


def test_imported_people_are_one_record_across_cases(example_path):
    import_file(example_path)

    fletcher = Person.objects.get(last_name="Fletcher")
    assert sorted(fletcher.case_roles.values_list("case__import_record__legacy_id", "role")) == [
        ("CH-1042", "perpetrator"),
        ("CH-1188", "perpetrator"),
    ]
    assert Person.objects.get(last_name="Ashby").postcode == "LE11 3QA"
    assert Person.objects.get(last_name="Ashby").search_name == "margaret ashby"


def test_imported_chronology_keeps_dates_agency_and_officer(example_path):
    import_file(example_path)

    case = Case.objects.get(import_record__legacy_id="CH-1042")
    entries = list(
        ChronologyEntry.objects.filter(case=case)
        .exclude(kind=EntryKind.SYSTEM)
        .order_by("occurred_at")
        .values_list("occurred_at", "kind", "agency__short_name", "officer__username")
    )
    london = datetime.timezone(datetime.timedelta(0))  # February and March 2025: GMT
    assert entries == [
        (datetime.datetime(2025, 2, 11, 10, 30, tzinfo=london), "call", "Charnwood", "d.holmes"),
        (datetime.datetime(2025, 2, 19, 14, 0, tzinfo=london), "visit", "Charnwood", "d.holmes"),
        (datetime.datetime(2025, 2, 20, 9, 0, tzinfo=london), "letter", "Charnwood", "d.holmes"),
        (datetime.datetime(2025, 3, 20, 10, 0, tzinfo=london), "meeting", "Charnwood", "s.patel"),
    ]
    note = ChronologyEntry.objects.get(case=case, kind=EntryKind.SYSTEM)
    assert note.text.startswith('Case imported from the previous system, legacy id "CH-1042"; reference kept.')


def test_imported_periods_are_marked_imported(example_path):
    import_file(example_path)

    periods = list(
        JagManagementPeriod.objects.filter(case__import_record__legacy_id="CH-1042")
        .order_by("started_on")
        .values_list("started_on", "ended_on", "start_reason", "end_reason", "jag__name")
    )
    assert periods == [
        (
            datetime.date(2025, 3, 20),
            datetime.date(2025, 6, 19),
            PeriodStart.IMPORTED,
            PeriodEnd.IMPORTED,
            "Charnwood JAG",
        ),
        (datetime.date(2025, 8, 21), None, PeriodStart.IMPORTED, "", "Charnwood JAG"),
    ]


def test_imported_officers_cannot_sign_in_until_reset(example_path):
    import_file(example_path)

    patel = Officer.objects.get(username="s.patel")
    assert patel.has_usable_password() is False
    assert patel.agency.short_name == "Charnwood"
    assert patel.department.name == "Community safety"
    assert sorted(patel.groups.values_list("name", flat=True)) == sorted(
        [f"agency:{patel.agency_id}", "role:officer", "role:manager", "role:jag_chair"]
    )
    assert patel.chaired_jags.get().name == "Charnwood JAG"


def test_dry_run_writes_nothing(example_path):
    before = row_counts()
    out = io.StringIO()

    call_command("import_cases", str(example_path), "--dry-run", stdout=out)

    assert row_counts() == before
    assert "nothing was written" in out.getvalue()


# --- Matching what the system already holds -----------------------------------------------------------------


def test_reimport_is_idempotent(example_path):
    import_file(example_path)
    after_first = row_counts()

    result = import_file(example_path)

    assert row_counts() == after_first
    assert result.counts["cases already imported (skipped)"] == 3


def test_existing_agencies_officers_and_jags_are_reused(example):
    police = AgencyFactory(name="Leicestershire Police", short_name="Police", kind="police")
    wright = OfficerFactory(username="pc4471.wright", agency=police)

    result = import_data(example)

    assert Agency.objects.filter(short_name="Police").get() == police
    assert Officer.objects.filter(username="pc4471.wright").get() == wright
    assert wright.has_usable_password() is True  # an existing officer's password is left alone
    assert Case.objects.get(import_record__legacy_id="CH-1107").lead_officer == wright
    assert result.counts["agencies already in the system"] == 1
    assert result.counts["officers already in the system"] == 1


def test_existing_officer_of_another_agency_is_an_error(example):
    OfficerFactory(username="pc4471.wright", agency=AgencyFactory(short_name="RCC"))

    errors = _refused(example)

    assert (
        'officers[2] (username "pc4471.wright").agency: the existing officer "pc4471.wright" is an officer of "RCC", not "Police"'
        in errors
    )


# --- Access ------------------------------------------------------------------------------------------------------


def _visible(username: str) -> list[str]:
    officer = Officer.objects.get(username=username)
    return sorted(cases_visible_to(officer).values_list("import_record__legacy_id", flat=True))


def test_imported_cases_are_visible_to_their_agencies_only(example_path, outsider_officer):
    import_file(example_path)

    assert _visible("d.holmes") == ["CH-1042", "CH-1107", "CH-1188"]  # leads two, involved in one
    assert _visible("pc4471.wright") == ["CH-1042", "CH-1107"]  # involved in one, leads one
    assert _visible("t.nowak") == ["CH-1107"]  # involved in one
    assert list(cases_visible_to(outsider_officer)) == []


def test_bulk_access_equals_case_grant_access(example_path):
    import_file(example_path)

    def grants(case):
        return (
            sorted(
                CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
                    "group_id", "permission__codename"
                )
            ),
            sorted(
                CaseUserObjectPermission.objects.filter(content_object=case).values_list(
                    "user_id", "permission__codename"
                )
            ),
        )

    for case in Case.objects.all():
        imported = grants(case)
        case_grant_access(case)
        assert grants(case) == imported
        assert imported[0]  # the lead agency's group at least


# --- Bad files: every error, naming record and field; nothing written -----------------------------------------


def test_missing_field_is_named(example):
    del example["cases"][0]["address"]

    assert _refused(example) == [f"{CASE_1042}.address: required field missing"]


def test_bad_date_is_named(example):
    example["cases"][0]["incidents"][1]["occurred_at"] = "31/02/2024"

    assert _refused(example) == [
        f'{CASE_1042}.incidents[1].occurred_at: not a date (expected YYYY-MM-DD or ISO 8601 date-time): "31/02/2024"'
    ]


def test_impossible_date_is_named(example):
    example["people"][0]["date_of_birth"] = "1946-02-30"

    assert _refused(example) == [
        'people[0] (id "P-2201").date_of_birth: not a date (expected YYYY-MM-DD): "1946-02-30"'
    ]


def test_unknown_agency_is_named(example):
    example["cases"][0]["lead_agency"] = "Leics Fire"

    assert _refused(example) == [
        f'{CASE_1042}.lead_agency: unknown agency "Leics Fire" (not in this file\'s agencies, nor in the system)'
    ]


def test_overlapping_periods_are_refused(example):
    example["cases"][0]["jag_periods"][1]["started_on"] = "2025-06-01"

    assert _refused(example) == [
        f"{CASE_1042}.jag_periods[1].started_on: overlaps jag_periods[0] (2025-03-20 to 2025-06-19); "
        "a case's JAG management periods may not overlap"
    ]


def test_two_open_periods_overlap(example):
    del example["cases"][0]["jag_periods"][0]["ended_on"]

    assert _refused(example) == [
        f"{CASE_1042}.jag_periods[1].started_on: overlaps jag_periods[0] (2025-03-20 to open, no end date); "
        "a case's JAG management periods may not overlap"
    ]


def test_period_ending_before_it_starts_is_refused(example):
    example["cases"][0]["jag_periods"][0]["ended_on"] = "2025-03-01"

    assert _refused(example) == [
        f'{CASE_1042}.jag_periods[0].ended_on: must be after started_on (2025-03-20): "2025-03-01"'
    ]


def test_lead_officer_of_another_agency_is_refused(example):
    example["cases"][0]["lead_officer"] = "t.nowak"

    assert _refused(example) == [
        f'{CASE_1042}.lead_officer: "t.nowak" is an officer of "EMH", not of the lead agency "Charnwood"'
    ]


def test_incident_reported_before_it_happened_is_refused(example):
    example["cases"][0]["incidents"][0]["reported_at"] = "2025-02-08T22:00:00"

    assert _refused(example) == [
        f'{CASE_1042}.incidents[0].reported_at: before occurred_at (2025-02-08T23:40:00): "2025-02-08T22:00:00"'
    ]


def test_bad_postcode_and_unknown_field_are_named(example):
    example["people"][1]["postcode"] = "LE99 ZZZ"
    example["cases"][2]["occured_at"] = "2025-10-06"

    assert _refused(example) == [
        'people[1] (id "P-2202").postcode: not a UK postcode (like LE1 6ZG): "LE99 ZZZ"',
        'cases[2] (legacy id "CH-1188").occured_at: unknown field (see docs/import-format.md for the fields of this record)',
    ]


def test_every_error_is_collected(example):
    del example["cases"][0]["address"]
    example["cases"][1]["incidents"][0]["occurred_at"] = "yesterday"
    example["cases"][2]["lead_agency"] = "Nowhere"
    example["officers"][1]["agency"] = "Nowhere"

    errors = _refused(example)

    assert errors == [
        f"{CASE_1042}.address: required field missing",
        'cases[1] (legacy id "CH-1107").incidents[0].occurred_at: not a date (expected YYYY-MM-DD or ISO 8601 date-time): "yesterday"',
        'officers[1] (username "d.holmes").agency: unknown agency "Nowhere" (not in this file\'s agencies, nor in the system)',
        'officers[1] (username "d.holmes").department: "Community safety" is not a department of "Nowhere"',
        'cases[2] (legacy id "CH-1188").lead_agency: unknown agency "Nowhere" (not in this file\'s agencies, nor in the system)',
    ]


def test_reference_of_another_case_is_refused(example, case):
    example["cases"][0]["reference"] = case.reference

    assert _refused(example) == [f'{CASE_1042}.reference: "{case.reference}" is already used by another case']


def test_command_lists_errors_and_fails(example, write_file):
    example["cases"][0]["incidents"][1]["occurred_at"] = "31/02/2024"
    path = write_file(example)
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"1 problem\(s\) in .*: nothing was imported"):
        call_command("import_cases", str(path), stderr=err)

    assert f"{CASE_1042}.incidents[1].occurred_at: not a date" in err.getvalue()
    assert Case.objects.count() == 0


def test_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "llr-asb-import",', encoding="utf-8")

    with pytest.raises(ImportFailed) as failed:
        import_file(path)

    assert failed.value.errors == [
        f"{path}: not valid JSON: Expecting property name enclosed in double quotes at line 1, column 29"
    ]


def test_file_of_another_format_is_refused(example):
    example["format"] = "something-else"

    assert _refused(example) == ['format: expected "llr-asb-import", got "something-else"']


def test_text_round_trips_exactly(example):
    tricky = 'He said "stop, now", then left.\nSecond line, with a backslash \\N and a comma,'
    example["cases"][0]["chronology"][0]["text"] = tricky
    example["cases"][0]["incidents"][0]["description"] = "\\N"

    import_data(example)

    case = Case.objects.get(import_record__legacy_id="CH-1042")
    assert case.chronology.filter(kind="call").get().text == tricky
    assert case.incidents.order_by("occurred_at").first().description == "\\N"
    assert sorted(case.jag_periods.values_list("end_reason", flat=True)) == ["", "imported"]


def test_later_file_adds_only_new_cases_and_reuses_people(example):
    import_data(copy.deepcopy(example))
    later = copy.deepcopy(example)
    later["cases"].append({**copy.deepcopy(example["cases"][2]), "legacy_id": "CH-2000"})
    people_before = Person.objects.count()

    result = import_data(later)

    assert result.counts["cases imported"] == 1
    assert result.counts["cases already imported (skipped)"] == 3
    assert result.counts["people already imported (reused)"] == 1
    assert Person.objects.count() == people_before
    assert Person.objects.get(last_name="Fletcher").case_roles.count() == 3


def test_police_log_and_crime_numbers_are_imported(example_path):
    import_file(example_path)

    numbers = sorted(
        Incident.objects.exclude(police_log_number="", crime_number="").values_list(
            "case__import_record__legacy_id", "police_log_number", "crime_number"
        )
    )
    assert numbers == [
        ("CH-1042", "0068 of 14/03/2025", "25000081234"),
        ("CH-1107", "", "24000412907"),
    ]
    assert Incident.objects.filter(police_log_number="", crime_number="").count() == Incident.objects.count() - 2


def test_bad_crime_number_is_named(example):
    example["cases"][0]["incidents"][1]["crime_number"] = "see notes"
    example["cases"][0]["incidents"][0]["police_log_number"] = "1" * 31

    assert _refused(example) == [
        f"{CASE_1042}.incidents[0].police_log_number: must be 30 characters or fewer: " + '"' + "1" * 31 + '"',
        f"{CASE_1042}.incidents[1].crime_number: must include a number, and only letters, numbers, spaces, "
        'slashes (/), hyphens (-) and full stops (.): "see notes"',
    ]
