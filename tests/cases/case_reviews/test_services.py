"""Recording an ASB Case Review activation: each step, its rules, the chronology, the audit trail, the version."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AuditAction, AuditEvent
from cases.case_reviews import services
from cases.case_reviews.dates import add_working_days, is_working_day
from cases.models import CaseReviewDecision, ChronologyEntry, PersonRole
from cases.services import case_add_person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def texts(case) -> list[str]:
    return list(ChronologyEntry.objects.filter(case=case).order_by("id").values_list("text", flat=True))


def test_working_days_skip_weekends_and_bank_holidays():
    assert not is_working_day(D(2025, 12, 25))
    assert not is_working_day(D(2025, 12, 27))
    # Friday 19 December 2025: 22-24, 29-31 December, 2 January and then 13 more: Christmas, Boxing Day and
    # New Year's Day are skipped.
    assert add_working_days(D(2025, 12, 19), 20) == D(2026, 1, 21)
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April are not counted.
    assert add_working_days(D(2026, 4, 1), 2) == D(2026, 4, 7)
    # No bank holidays: four whole weeks.
    assert add_working_days(D(2025, 3, 3), 20) == D(2025, 3, 31)


def test_working_days_know_bank_holidays_in_any_year():
    # Christmas 2032 falls on a Saturday: the substitute days are Monday 27 and Tuesday 28 December.
    assert not is_working_day(D(2032, 12, 27))
    assert not is_working_day(D(2032, 12, 28))
    assert is_working_day(D(2032, 12, 29))
    # Easter 2035 is on 25 March: Good Friday 23 March and Easter Monday 26 March.
    assert add_working_days(D(2035, 3, 22), 1) == D(2035, 3, 27)
    # One-off days proclaimed for the coronation and the jubilee.
    assert not is_working_day(D(2023, 5, 8))
    assert not is_working_day(D(2022, 6, 3))


def test_apply_records_chronology_and_audit(activation, case, victim):
    assert activation.threshold_decision == CaseReviewDecision.PENDING
    assert texts(case)[-1].startswith(
        f"ASB Case Review application received from {victim} on 3 Mar 2025, by phone, taken by Lena Lead."
    )
    event = AuditEvent.objects.filter(case_reference=case.reference).order_by("-id").first()
    assert (event.action, event.description) == (
        AuditAction.CREATE,
        f"Recorded an ASB Case Review application for {victim}",
    )


def test_apply_refuses_a_person_who_is_not_a_victim_on_the_case(case, lead_officer):
    witness = PersonFactory(created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=witness, role=PersonRole.WITNESS)
    with pytest.raises(ValidationError) as error:
        services.case_review_apply(
            case=case,
            officer=lead_officer,
            victim=witness,
            application_date=D(2025, 3, 3),
            point_of_contact=lead_officer,
            received_how="phone",
            received_by=lead_officer,
        )
    assert list(error.value.message_dict) == ["victim"]


def test_decide_rejected_needs_a_reason(activation, lead_officer):
    with pytest.raises(ValidationError) as error:
        services.case_review_decide(
            activation=activation,
            officer=lead_officer,
            expected_version=1,
            decision=CaseReviewDecision.REJECTED,
            reason=" ",
            decision_date=D(2025, 3, 10),
        )
    assert error.value.message_dict == {"threshold_reason": ["Give the reason for the decision"]}


def test_decide_rejected_starts_the_appeal_period(activation, lead_officer, case):
    decided = services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.REJECTED,
        reason="Third identical application this month.",
        decision_date=D(2025, 3, 10),
    )
    assert decided.version == 2
    assert services.appeal_deadline(decided) == D(2025, 4, 7)
    assert texts(case)[-1].endswith(
        "Rejected as malicious or vexatious. Reason: Third identical application this month."
    )


def test_stale_version_is_refused_and_nothing_changes(activation, lead_officer):
    services.case_review_decide(
        activation=activation,
        officer=lead_officer,
        expected_version=1,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=D(2025, 3, 10),
    )
    before = ChronologyEntry.objects.count()
    with pytest.raises(services.CaseReviewChangedError) as error:
        services.case_review_decide(
            activation=activation,
            officer=lead_officer,
            expected_version=1,
            decision=CaseReviewDecision.NOT_MET,
            reason="Only two incidents.",
            decision_date=D(2025, 3, 11),
        )
    assert error.value.current.threshold_decision == CaseReviewDecision.MET
    activation.refresh_from_db()
    assert (activation.threshold_decision, activation.version, ChronologyEntry.objects.count()) == (
        CaseReviewDecision.MET,
        2,
        before,
    )


def test_review_needs_threshold_met(activation, lead_officer):
    with pytest.raises(ValidationError):
        services.case_review_record_review(
            activation=activation,
            officer=lead_officer,
            expected_version=1,
            review_meeting_date=D(2025, 3, 20),
            outcome="",
            recommendations="",
            outcome_date=None,
        )


# What a review once held must say: its chair, the victim's consultation on the action plan and their attendance.
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


def _met(activation, officer):
    return services.case_review_decide(
        activation=activation,
        officer=officer,
        expected_version=activation.version,
        decision=CaseReviewDecision.MET,
        reason="",
        decision_date=D(2025, 3, 10),
    )


def test_review_outcome_then_appeal_within_twenty_working_days(activation, lead_officer, case):
    met = _met(activation, lead_officer)
    reviewed = services.case_review_record_review(
        activation=met,
        officer=lead_officer,
        expected_version=met.version,
        review_meeting_date=D(2025, 3, 20),
        outcome="Agencies to meet the victim fortnightly.",
        recommendations="Housing to consider a managed move.",
        outcome_date=D(2025, 3, 24),
        **HELD,
    )
    # 24 March 2025 + 20 working days, across Good Friday (18 April) and Easter Monday (21 April).
    assert services.appeal_deadline(reviewed) == D(2025, 4, 23)
    with pytest.raises(ValidationError) as error:
        services.case_review_record_appeal(
            activation=reviewed,
            officer=lead_officer,
            expected_version=reviewed.version,
            appeal_received_on=D(2025, 4, 24),
            appeal_outcome="",
        )
    assert "after the deadline of 23 April 2025" in error.value.message_dict["appeal_received_on"][0]
    appealed = services.case_review_record_appeal(
        activation=reviewed,
        officer=lead_officer,
        expected_version=reviewed.version,
        appeal_received_on=D(2025, 4, 23),
        appeal_outcome="",
    )
    assert appealed.version == 4
    chronology = texts(case)
    assert chronology[-2].startswith(f"ASB Case Review for {activation.victim}: review meeting 20 Mar 2025")
    assert chronology[-1].startswith(f"ASB Case Review appeal for {activation.victim} received 23 Apr 2025")
    assert AuditEvent.objects.filter(case_reference=case.reference, action=AuditAction.CHANGE).count() == 3


def test_review_outcome_needs_its_date(activation, lead_officer):
    met = _met(activation, lead_officer)
    with pytest.raises(ValidationError) as error:
        services.case_review_record_review(
            activation=met,
            officer=lead_officer,
            expected_version=met.version,
            review_meeting_date=D(2025, 3, 20),
            outcome="Done.",
            recommendations="",
            outcome_date=None,
        )
    assert list(error.value.message_dict) == ["outcome_date"]


def test_appeal_before_any_decision_is_refused(activation, lead_officer):
    with pytest.raises(ValidationError):
        services.case_review_record_appeal(
            activation=activation,
            officer=lead_officer,
            expected_version=1,
            appeal_received_on=D(2025, 3, 5),
            appeal_outcome="",
        )
