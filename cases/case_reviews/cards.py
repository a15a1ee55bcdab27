"""The ASB Case Review card on the case page: the threshold per victim and the applications recorded (registered in
cases.apps)."""

from core import clock

from ..models import CasePolicy
from .explanations import pending_explanations
from .selectors import victim_threshold_status
from .services import appeal_deadline

TEMPLATE = "cases/case_reviews/card.html"


def card(context, case) -> dict:
    rows = victim_threshold_status(case, clock.today())
    policy = CasePolicy.current()
    working_days = policy.case_review_appeal_working_days
    activations = list(case.case_reviews.select_related("victim"))
    for activation in activations:
        activation.appeal_deadline = appeal_deadline(activation, working_days)
    met = [row for row in rows if row["met"]]
    return {
        "case": case,
        "can_contribute": context.get("can_contribute", False),
        "rows": rows,
        "met": met,
        "any_met": bool(met),
        "activations": activations,
        "pending": pending_explanations(case),
        "second_report_months": policy.case_review_second_report_months,
        "explanations": list(case.case_review_explanations.select_related("victim")[:10]),
    }
