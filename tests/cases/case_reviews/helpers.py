"""ASB Case Review activations in each state, for the access matrix (tests/test_access_matrix.py)."""

import datetime

from cases.case_reviews import services
from cases.models import CaseReviewDecision
from core import clock


def case_review_objects(case, officer, victim) -> dict:
    """One activation per step URL, each in the state that step needs: pending, met, and not met (appealable)."""
    yesterday = clock.today() - datetime.timedelta(days=1)

    def apply():
        return services.case_review_apply(
            case=case,
            officer=officer,
            victim=victim,
            application_date=yesterday,
            point_of_contact=officer,
            received_how="phone",
            received_by=officer,
        )

    def decide(activation, decision):
        return services.case_review_decide(
            activation=activation,
            officer=officer,
            expected_version=activation.version,
            decision=decision,
            reason="Only one incident in six months.",
            decision_date=yesterday,
        )

    pending = apply()
    met = decide(apply(), CaseReviewDecision.MET)
    action = services.case_review_action_add(
        activation=met,
        officer=officer,
        text="Fit a doorbell camera",
        owner_agency=case.lead_agency,
        owner_officer=None,
        due_on=clock.today(),
    )
    return {
        "case_review": pending,
        "case_review_pending": pending,
        "case_review_met": met,
        "case_review_not_met": decide(apply(), CaseReviewDecision.NOT_MET),
        "case_review_pcc": decide(apply(), CaseReviewDecision.NOT_MET),
        "case_review_action": action,
    }


def case_review_posts(case_file) -> dict[str, dict]:
    """A valid submission for each writing ASB Case Review URL (see case_review_objects)."""
    today = clock.today()
    date = lambda name, day: {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}  # noqa: E731
    case = case_file["case"]
    return {
        "case_reviews:create": {
            "victim": case_file["person"].pk,
            **date("application_date", today),
            "point_of_contact": case.lead_officer_id,
            "received_how": "phone",
            "received_by": case.lead_officer_id,
        },
        "case_reviews:decision": {
            "threshold_decision": CaseReviewDecision.MET,
            **date("decision_date", today),
            "version": case_file["case_review_pending"].version,
        },
        "case_reviews:review": {
            **date("review_meeting_date", today),
            "version": case_file["case_review_met"].version,
        },
        "case_reviews:appeal": {
            **date("appeal_received_on", today),
            "version": case_file["case_review_not_met"].version,
        },
        "case_reviews:pcc_review": {
            **date("pcc_requested_on", today),
            "pcc_outcome_notes": "",
            "version": case_file["case_review_pcc"].version,
        },
        "case_reviews:action_add": {
            "text": "Meet the victim weekly",
            "owner_agency": case.lead_agency_id,
            **date("due_on", today),
        },
        "case_reviews:action_done": {**date("done_on", today), "version": case_file["case_review_action"].version},
        "case_reviews:explain": {"victim": case_file["person"].pk, **date("explained_on", today), "how": "phone"},
    }
