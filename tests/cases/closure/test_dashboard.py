"""The outcomes for victims on the managers' dashboard's Victims page: cases closed in the 12 months to the as-of
date, by JAG and lead agency, each outcome counted and the satisfaction averaged over those who gave it; filters,
CSV, constant queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.closure.selectors import victim_outcomes
from cases.closure.services import victim_closure_record
from cases.models import Case, CasePerson, CaseStatus, PersonRole
from cases.services import case_add_person, case_set_status
from core import clock
from tests.factories import CaseFactory, JagFactory, OfficerFactory, PersonFactory

pytestmark = pytest.mark.django_db


def closed_case(officer, jag, outcomes: list[tuple[str, int | None]], *, closed_days_ago: int = 0) -> Case:
    case = CaseFactory(lead_officer=officer, jag=jag)
    for outcome, satisfaction in outcomes:
        person = PersonFactory(created_by=officer)
        case_add_person(case=case, officer=officer, person=person, role=PersonRole.COMPLAINANT)
        victim_closure_record(
            case=case,
            victim=person,
            officer=officer,
            expected_version=0,
            told_how="phone",
            told_on=clock.today(),
            told_what="Closing: the ASB has stopped.",
            not_told_reason="",
            not_told_explanation="",
            outcome=outcome,
            satisfaction=satisfaction,
        )
    case = case_set_status(case=case, officer=officer, status=CaseStatus.CLOSED, reason="Resolved.")
    if closed_days_ago:
        Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - datetime.timedelta(days=closed_days_ago))
    return case


def test_outcomes_by_jag_and_agency_with_average_satisfaction(manager, lead_officer, jag):
    closed_case(lead_officer, jag, [("stopped", 5), ("reduced", 4), ("worse", None)])
    closed_case(lead_officer, JagFactory(name="Charnwood JAG"), [("no_change", 1)])
    # Closed 13 months ago: outside the 12 months.
    closed_case(lead_officer, jag, [("stopped", 1)], closed_days_ago=400)
    # Another agency's case the manager may not see.
    closed_case(OfficerFactory(), jag, [("stopped", 1)])
    outcomes = victim_outcomes(manager, as_of=clock.today())
    assert [
        (row["name"], row["victims"], row["outcome_stopped"], row["outcome_reduced"], row["outcome_no_change"])
        for row in outcomes.by_jag
    ] == [("Charnwood JAG", 1, 0, 0, 1), ("Leicester West JAG", 3, 1, 1, 0)]
    west = outcomes.by_jag[1]
    assert (west["outcome_worse"], west["satisfaction_given"], west["satisfaction_average"]) == (1, 2, 4.5)
    assert [(row["name"], row["victims"], row["satisfaction_average"]) for row in outcomes.by_agency] == [
        ("Leicester City Council", 4, 3.3)
    ]
    assert (outcomes.totals["victims"], outcomes.totals["satisfaction_given"]) == (4, 3)


def test_the_victims_page_shows_the_outcomes_filtered_and_exports_them(manager_client, lead_officer, jag):
    closed_case(lead_officer, jag, [("stopped", 5), ("reduced", None)])
    other = JagFactory(name="Charnwood JAG")
    closed_case(lead_officer, other, [("worse", 2)])
    page = manager_client.get("/dashboard/victims/").content.decode()
    assert "Outcomes for victims, last 12 months" in page
    assert 'id="table-outcomes-by-jag"' in page
    assert "3 victims in all; average satisfaction 3.5 from 2." in page
    filtered = manager_client.get(f"/dashboard/victims/?jag={other.pk}").content.decode()
    assert "1 victim in all; average satisfaction 2.0 from 1." in filtered
    rows = list(csv.reader(io.StringIO(manager_client.get("/dashboard/export/outcomes-by-jag.csv").content.decode())))
    assert rows == [
        [
            "JAG",
            "Victims",
            "ASB stopped",
            "ASB reduced",
            "No change",
            "ASB got worse",
            "Outcome not recorded",
            "Average satisfaction (1 to 5)",
            "Victims who gave their satisfaction",
        ],
        ["Charnwood JAG", "1", "0", "0", "0", "1", "0", "2.0", "1"],
        ["Leicester West JAG", "2", "1", "1", "0", "0", "0", "5.0", "1"],
    ]
    agency_rows = list(
        csv.reader(io.StringIO(manager_client.get("/dashboard/export/outcomes-by-agency.csv").content.decode()))
    )
    assert agency_rows[1] == ["Leicester City Council", "3", "1", "1", "0", "1", "0", "3.5", "2"]


def test_a_reopened_case_no_longer_counts(manager, lead_officer, jag):
    case = closed_case(lead_officer, jag, [("stopped", 5)])
    case_set_status(case=case, officer=lead_officer, status=CaseStatus.OPEN, reason="It started again.")
    assert victim_outcomes(manager, as_of=clock.today()).by_jag == []


def test_outcomes_in_a_constant_number_of_queries(manager, lead_officer, jag):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            victim_outcomes(manager, as_of=clock.today())
        return len(queries)

    closed_case(lead_officer, jag, [("stopped", 5)])
    one = count()
    for index in range(4):
        closed_case(lead_officer, JagFactory(), [("reduced", index + 1), ("worse", None)])
    assert count() == one == 1
    assert CasePerson.objects.count() == 9


def test_a_closed_case_without_current_closing_records_makes_no_row(manager, lead_officer, jag):
    # No victims at all; and a victim whose record was superseded when the case reopened (the case set closed
    # directly: the service would first ask for a new record).
    closed_case(lead_officer, JagFactory(name="Rutland JAG"), [])
    reclosed = closed_case(lead_officer, JagFactory(name="Melton JAG"), [("stopped", 5)])
    case_set_status(case=reclosed, officer=lead_officer, status=CaseStatus.OPEN, reason="It started again.")
    Case.objects.filter(pk=reclosed.pk).update(status=CaseStatus.CLOSED, closed_at=clock.now())
    closed_case(lead_officer, jag, [("reduced", 3)])

    outcomes = victim_outcomes(manager, as_of=clock.today())

    assert [(row["name"], row["victims"]) for row in outcomes.by_jag] == [("Leicester West JAG", 1)]
    assert [(row["name"], row["victims"]) for row in outcomes.by_agency] == [("Leicester City Council", 1)]
