"""The ladder as each viewer reads it: every intervention on the person, across cases and agencies, with what the
viewer may not see marked as such; what is live, ended and breached; the current and suggested stage."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import PersonRole
from cases.services import case_add_person
from incremental.models import InterventionStatus
from incremental.selectors import (
    cases_to_record_on,
    interventions_visible_to,
    ladder_for_person,
    ladders_for_people,
)
from tests.factories import CaseFactory, InterventionFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def on(days_before: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days_before)


@pytest.fixture
def other_case(perpetrator, outsider_officer):
    """A case of an agency the lead officer's is not part of, about the same person."""
    other = CaseFactory(lead_officer=outsider_officer)
    case_add_person(case=other, officer=outsider_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    return other


@pytest.fixture
def ladder_rows(case, other_case, perpetrator, kinds):
    return {
        "advice": InterventionFactory(case=case, person=perpetrator, kind=kinds["words_of_advice"], issued_on=on(200)),
        "warning": InterventionFactory(
            case=case,
            person=perpetrator,
            kind=kinds["first_warning"],
            issued_on=on(150),
            live_until=on(60),
            breach_count=2,
        ),
        "cpw": InterventionFactory(case=other_case, person=perpetrator, kind=kinds["cpw"], issued_on=on(30)),
        "quashed_cpn": InterventionFactory(
            case=other_case,
            person=perpetrator,
            kind=kinds["cpn"],
            issued_on=on(10),
            status=InterventionStatus.QUASHED,
            status_on=on(2),
        ),
    }


def test_the_ladder_spans_every_case_and_marks_what_the_viewer_may_not_see(ladder_rows, lead_officer, perpetrator):
    ladder = ladder_for_person(lead_officer, perpetrator, today=TODAY)

    assert [(r.intervention, r.visible) for r in ladder.rungs] == [
        (ladder_rows["advice"], True),
        (ladder_rows["warning"], True),
        (ladder_rows["cpw"], False),
        (ladder_rows["quashed_cpn"], False),
    ]
    assert ladder.hidden_count == 2


def test_the_outsider_sees_the_same_ladder_the_other_way_round(ladder_rows, outsider_officer, perpetrator):
    ladder = ladder_for_person(outsider_officer, perpetrator, today=TODAY)

    assert [r.visible for r in ladder.rungs] == [False, False, True, True]


def test_stages_leave_out_what_was_quashed(ladder_rows, lead_officer, perpetrator):
    ladder = ladder_for_person(lead_officer, perpetrator, today=TODAY)

    assert (ladder.current_tier, ladder.suggested_tier) == (2, 3)
    assert (ladder.current_label, ladder.suggested_label) == ("Tier 2: warnings", "Tier 3: agreements")


def test_live_ended_and_breached(ladder_rows, lead_officer, perpetrator):
    ladder = ladder_for_person(lead_officer, perpetrator, today=TODAY)

    assert [r.intervention for r in ladder.live] == [ladder_rows["advice"], ladder_rows["cpw"]]
    # The first warning's live period has passed: it reads as expired before anyone records the expiry.
    assert [(r.intervention, r.status) for r in ladder.ended] == [(ladder_rows["warning"], "expired")]
    assert [r.intervention for r in ladder.breached] == [ladder_rows["warning"]]


def test_grouped_by_tier_highest_first(ladder_rows, lead_officer, perpetrator):
    ladder = ladder_for_person(lead_officer, perpetrator, today=TODAY)

    assert [(g.tier, [r.intervention for r in g.rungs]) for g in ladder.by_tier] == [
        (4, [ladder_rows["quashed_cpn"]]),
        (3, []),
        (2, [ladder_rows["cpw"]]),
        (1, [ladder_rows["advice"], ladder_rows["warning"]]),
    ]


def test_nobody_yet_starts_at_tier_1(perpetrator, lead_officer):
    ladder = ladder_for_person(lead_officer, perpetrator, today=TODAY)

    assert (ladder.rungs, ladder.current_tier, ladder.suggested_tier) == ([], None, 1)


def test_ladders_of_several_people_in_two_queries(case, ladder_rows, perpetrator, lead_officer, kinds):
    second = PersonFactory(created_by=lead_officer)
    InterventionFactory(case=case, person=second, kind=kinds["abc"], issued_on=on(5))
    third = PersonFactory(created_by=lead_officer)

    with CaptureQueriesContext(connection) as queries:
        ladders = ladders_for_people(lead_officer, [perpetrator, second, third], today=TODAY)

    # The interventions, then which of their cases the officer may see.
    assert len(queries) == 2
    assert {pk: (ladder.current_tier, len(ladder.rungs)) for pk, ladder in ladders.items()} == {
        perpetrator.pk: (2, 4),
        second.pk: (3, 1),
        third.pk: (None, 0),
    }


def test_interventions_visible_to_follow_the_cases(ladder_rows, lead_officer, outsider_officer, partner_officer):
    assert set(interventions_visible_to(lead_officer)) == {ladder_rows["advice"], ladder_rows["warning"]}
    assert set(interventions_visible_to(partner_officer)) == {ladder_rows["advice"], ladder_rows["warning"]}
    assert set(interventions_visible_to(outsider_officer)) == {ladder_rows["cpw"], ladder_rows["quashed_cpn"]}


def test_cases_to_record_on_are_the_perpetrators_cases_the_viewer_may_add_to(
    case, other_case, perpetrator, lead_officer, outsider_officer
):
    assert list(cases_to_record_on(lead_officer, perpetrator)) == [case]
    assert list(cases_to_record_on(outsider_officer, perpetrator)) == [other_case]
