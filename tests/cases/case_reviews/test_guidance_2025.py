"""The ASB Case Review as the 2025 statutory guidance asks: applications entered by staff, the review's chair and the
victim's consultation and attendance, the action plan, the PCC review, explanations at a second report, and the
annual figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from cases.case_reviews import explanations, figures, services
from cases.models import (
    CasePolicy,
    CaseReviewActivation,
    CaseReviewDecision,
    ChronologyEntry,
    PersonRole,
)
from cases.services import case_add_person, incident_record
from tests.factories import OfficerFactory, PersonFactory

from .conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date

HELD = {
    "chair_name": "Gareth Lloyd",
    "chair_agency": "Leicestershire County Council",
    "chair_independent": True,
    "victim_consulted": True,
    "consulted_on": D(2025, 3, 18),
    "consulted_how": "phone",
    "victim_views": "Wants the landlord at the review.",
    "victim_attendance": "phone",
}


def texts(case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case).order_by("id").values_list("text", flat=True))


DECIDED_ON = D(2025, 3, 10)
ASKED_ON = D(2025, 3, 12)


def decide(activation, officer, decision=CaseReviewDecision.MET, day=DECIDED_ON):
    return services.case_review_decide(
        activation=activation,
        officer=officer,
        expected_version=activation.version,
        decision=decision,
        reason="" if decision == CaseReviewDecision.MET else "Two incidents only.",
        decision_date=day,
    )


def review(activation, officer, **fields):
    values = {
        "review_meeting_date": D(2025, 3, 20),
        "outcome": "Agencies to meet the victim fortnightly.",
        "recommendations": "",
        "outcome_date": D(2025, 3, 24),
        **HELD,
    } | fields
    return services.case_review_record_review(
        activation=activation, officer=officer, expected_version=activation.version, **values
    )


# --- Applications -------------------------------------------------------------------------------------------


def test_application_says_how_it_was_received_and_by_whom(activation, case, lead_officer):
    assert (activation.received_how, activation.received_by) == ("phone", lead_officer)
    assert "by phone, taken by Lena Lead" in texts(case)[-1]


def test_application_needs_how_it_was_received(case, victim, lead_officer):
    with pytest.raises(ValidationError) as error:
        services.case_review_apply(
            case=case,
            officer=lead_officer,
            victim=victim,
            application_date=D(2025, 3, 3),
            point_of_contact=lead_officer,
            received_how="carrier pigeon",
            received_by=lead_officer,
        )
    assert list(error.value.message_dict) == ["received_how"]


# --- The review: chair, consultation, attendance --------------------------------------------------------------


def test_held_review_records_chair_consultation_and_attendance(activation, lead_officer, case):
    held = review(decide(activation, lead_officer), lead_officer)
    assert (held.chair_name, held.chair_independent, held.victim_consulted, held.victim_attendance) == (
        "Gareth Lloyd",
        True,
        True,
        "phone",
    )
    last = texts(case)[-1]
    assert "Chair: Gareth Lloyd, Leicestershire County Council (independent)." in last
    assert "consulted on the action plan by phone on 18 Mar 2025. Their views: Wants the landlord" in last
    assert "Victim: attended by phone." in last


def test_held_review_needs_chair_consultation_and_attendance(activation, lead_officer):
    met = decide(activation, lead_officer)
    with pytest.raises(ValidationError) as error:
        review(
            met,
            lead_officer,
            chair_name="",
            chair_agency="",
            chair_independent=None,
            victim_consulted=None,
            victim_attendance="",
        )
    assert set(error.value.message_dict) == {
        "chair_name",
        "chair_agency",
        "chair_independent",
        "victim_consulted",
        "victim_attendance",
    }


def test_consultation_needs_its_date_and_way_and_none_before_the_application(activation, lead_officer):
    met = decide(activation, lead_officer)
    with pytest.raises(ValidationError) as error:
        review(met, lead_officer, consulted_on=D(2025, 3, 1), consulted_how="")
    assert set(error.value.message_dict) == {"consulted_on", "consulted_how"}


def test_scheduled_review_needs_nothing_more(activation, lead_officer):
    met = decide(activation, lead_officer)
    scheduled = services.case_review_record_review(
        activation=met,
        officer=lead_officer,
        expected_version=met.version,
        review_meeting_date=D(2025, 3, 20),
        outcome="",
        recommendations="",
        outcome_date=None,
    )
    assert scheduled.victim_consulted is None and scheduled.chair_name == ""


# --- The PCC review ---------------------------------------------------------------------------------------------


def pcc(activation, officer, requested=ASKED_ON, outcome="", on=None, notes=""):
    return services.case_review_record_pcc_review(
        activation=activation,
        officer=officer,
        expected_version=activation.version,
        pcc_requested_on=requested,
        pcc_outcome=outcome,
        pcc_outcome_notes=notes,
        pcc_outcome_on=on,
    )


def test_pcc_review_before_the_decision_is_refused_and_nothing_saved(activation, lead_officer, case):
    before = len(texts(case))
    with pytest.raises(ValidationError) as error:
        pcc(activation, lead_officer)
    assert "only once the threshold decision is recorded" in error.value.message_dict["pcc_requested_on"][0]
    activation.refresh_from_db()
    assert (activation.pcc_requested_on, activation.version, len(texts(case))) == (None, 1, before)


def test_pcc_review_of_a_threshold_not_met_decision_with_its_outcome(activation, lead_officer, case):
    not_met = decide(activation, lead_officer, CaseReviewDecision.NOT_MET)
    asked = pcc(not_met, lead_officer)
    assert texts(case)[-1].endswith("to review how the application was handled. Awaiting the PCC's outcome.")
    answered = pcc(asked, lead_officer, outcome="recommendations", on=D(2025, 4, 2), notes="Look again.")
    assert (answered.pcc_outcome, answered.pcc_outcome_on) == ("recommendations", D(2025, 4, 2))
    assert "Outcome (2 Apr 2025): Recommendations made to the partnership. Look again." in texts(case)[-1]


def test_pcc_dates_in_order(activation, lead_officer):
    decided = decide(activation, lead_officer)
    with pytest.raises(ValidationError) as error:
        pcc(decided, lead_officer, requested=D(2025, 3, 9))
    assert "on or after the threshold decision (10 March 2025)" in error.value.message_dict["pcc_requested_on"][0]
    with pytest.raises(ValidationError) as error:
        pcc(decided, lead_officer, outcome="upheld", on=D(2025, 3, 11))
    assert list(error.value.message_dict) == ["pcc_outcome_on"]
    with pytest.raises(ValidationError) as error:
        pcc(decided, lead_officer, outcome="upheld")
    assert list(error.value.message_dict) == ["pcc_outcome_on"]


def test_database_refuses_a_pcc_review_without_a_decision(activation):
    with transaction.atomic(), pytest.raises(IntegrityError):
        CaseReviewActivation.objects.filter(pk=activation.pk).update(pcc_requested_on=D(2025, 3, 12))


# --- The action plan --------------------------------------------------------------------------------------------


def add_action(activation, officer, **fields):
    values = {
        "text": "Fit a doorbell camera",
        "owner_agency": officer.agency,
        "owner_officer": officer,
        "due_on": D(2025, 4, 10),
    } | fields
    return services.case_review_action_add(activation=activation, officer=officer, **values)


def test_action_plan_needs_the_threshold_met(activation, lead_officer):
    with pytest.raises(ValidationError):
        add_action(activation, lead_officer)


def test_action_owned_by_an_agency_and_its_officer_then_done(activation, lead_officer, partner_officer, case):
    met = decide(activation, lead_officer)
    action = add_action(met, lead_officer, owner_agency=partner_officer.agency, owner_officer=partner_officer)
    assert f"action added for {partner_officer.agency.name} (Priya Partner), due 10 Apr 2025" in texts(case)[-1]
    with pytest.raises(ValidationError) as error:
        add_action(met, lead_officer, owner_agency=partner_officer.agency, owner_officer=lead_officer)
    assert list(error.value.message_dict) == ["owner_officer"]
    done = services.case_review_action_done(
        action=action, officer=partner_officer, expected_version=1, done_on=D(2025, 4, 8)
    )
    assert (done.done_on, done.done_by, done.version) == (D(2025, 4, 8), partner_officer, 2)
    with pytest.raises(services.CaseReviewActionChangedError):
        services.case_review_action_done(action=action, officer=lead_officer, expected_version=1, done_on=D(2025, 4, 9))


def test_action_due_before_the_application_is_refused(activation, lead_officer):
    met = decide(activation, lead_officer)
    with pytest.raises(ValidationError) as error:
        add_action(met, lead_officer, due_on=D(2025, 3, 1))
    assert list(error.value.message_dict) == ["due_on"]


# --- Explaining the Case Review at a second report ------------------------------------------------------------


@pytest.fixture
def report(lead_officer, lead_agency):
    def make(case, person, day: datetime.date):
        return incident_record(
            case=case,
            officer=lead_officer,
            occurred_at=at(day, 9),
            reported_at=at(day, 10),
            reported_to=lead_agency,
            description="Music until 3am",
            hate_incident=False,
            reported_by=person,
        )

    return make


def test_second_report_within_six_months_on_another_case_prompts(case, second_case, victim, lead_officer, report):
    case_add_person(case=second_case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    first = report(second_case, victim, D(2025, 1, 20))
    assert explanations.second_report_for(first) is None
    second = report(case, victim, D(2025, 7, 19))
    prompt = explanations.second_report_for(second)
    assert prompt is not None and prompt.incident_id == second.pk
    assert [row["person"] for row in explanations.pending_explanations(case)] == [victim]


def test_reports_more_than_six_months_apart_do_not_prompt(case, victim, report):
    report(case, victim, D(2025, 1, 20))
    later = report(case, victim, D(2025, 7, 21))
    assert explanations.second_report_for(later) is None
    assert explanations.pending_explanations(case) == []


def test_the_months_come_from_the_policy(case, victim, report):
    CasePolicy.objects.update_or_create(pk=1, defaults={"case_review_second_report_months": 2})
    report(case, victim, D(2025, 1, 20))
    assert explanations.second_report_for(report(case, victim, D(2025, 4, 1))) is None


def test_recorded_explanation_clears_the_prompt_until_a_later_second_report(case, victim, lead_officer, report):
    report(case, victim, D(2025, 2, 1))
    second = report(case, victim, D(2025, 3, 1))
    explained = explanations.case_review_explain(
        case=case, officer=lead_officer, victim=victim, explained_on=D(2025, 3, 2), how="leaflet", incident=second
    )
    assert explained.incident == second
    assert texts(case)[-1] == f"The ASB Case Review was explained to {victim} on 2 Mar 2025 (leaflet given)."
    assert explanations.pending_explanations(case) == []
    # A year on, two more reports within six months: it is explained again.
    report(case, victim, D(2026, 3, 1))
    third = report(case, victim, D(2026, 4, 1))
    assert explanations.second_report_for(third) is not None


def test_explanation_before_the_report_it_follows_is_refused(case, victim, lead_officer, report):
    report(case, victim, D(2025, 2, 1))
    second = report(case, victim, D(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        explanations.case_review_explain(
            case=case, officer=lead_officer, victim=victim, explained_on=D(2025, 2, 28), how="phone", incident=second
        )
    assert list(error.value.message_dict) == ["explained_on"]


# --- The annual figures ---------------------------------------------------------------------------------------


def test_figures_count_each_event_in_its_year_in_one_query(case, victim, lead_officer):
    def apply(day):
        return services.case_review_apply(
            case=case,
            officer=lead_officer,
            victim=victim,
            application_date=day,
            point_of_contact=lead_officer,
            received_how="online",
            received_by=lead_officer,
        )

    # 2024-25: applied 31 March 2025, decided (met) 2 April 2025 (2025-26), reviewed with recommendations.
    met = decide(apply(D(2025, 3, 31)), lead_officer, day=D(2025, 4, 2))
    held = review(
        met,
        lead_officer,
        review_meeting_date=D(2025, 4, 20),
        outcome_date=D(2025, 4, 22),
        consulted_on=D(2025, 4, 10),
        recommendations="Housing to consider a move.",
    )
    # 2025-26: not met, then a PCC review upheld.
    not_met = decide(apply(D(2025, 4, 1)), lead_officer, CaseReviewDecision.NOT_MET, day=D(2025, 4, 3))
    pcc(not_met, lead_officer, requested=D(2025, 4, 5), outcome="upheld", on=D(2025, 5, 1))
    # 2025-26: rejected; pending, and a PCC review asked of the held review, not yet answered.
    decide(apply(D(2025, 6, 1)), lead_officer, CaseReviewDecision.REJECTED, day=D(2025, 6, 2))
    apply(D(2026, 3, 31))
    pcc(held, lead_officer, requested=D(2025, 5, 2))

    with CaptureQueriesContext(connection) as queries:
        year = {row["key"]: row["value"] for row in figures.annual_figures(figures.FiguresYear(2025))}
    assert len(queries) == 1
    assert year == {
        "applications": 3,
        "threshold_met": 1,
        "threshold_not_met": 1,
        "rejected": 1,
        "reviews_held": 1,
        "recommendations": 1,
        "pcc_requested": 2,
        "pcc_upheld": 1,
        "pcc_recommendations": 0,
        "pcc_other": 0,
    }
    before = {row["key"]: row["value"] for row in figures.annual_figures(figures.FiguresYear(2024))}
    assert before == dict.fromkeys(year, 0) | {"applications": 1}


def test_figures_year_runs_april_to_march():
    year = figures.FiguresYear.containing(D(2026, 3, 31))
    assert (year.start, year.end, year.label) == (D(2025, 4, 1), D(2026, 3, 31), "April 2025 to March 2026")
    assert figures.FiguresYear.containing(D(2026, 4, 1)).first == 2026


def test_only_managers_and_chairs_see_the_figures(lead_officer, manager, chair):
    assert not figures.can_see_figures(lead_officer)
    assert figures.can_see_figures(manager)
    assert figures.can_see_figures(chair)
    assert not figures.can_see_figures(OfficerFactory(roles=["officer"]))


def test_other_person_cannot_be_explained_to(case, lead_officer):
    stranger = PersonFactory(created_by=lead_officer)
    with pytest.raises(ValidationError) as error:
        explanations.case_review_explain(
            case=case, officer=lead_officer, victim=stranger, explained_on=D(2025, 3, 2), how="phone"
        )
    assert list(error.value.message_dict) == ["victim"]
