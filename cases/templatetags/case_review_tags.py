"""The ASB Case Review card on the case page: threshold per victim and the applications recorded."""

from django import template

from core import clock

from ..case_review_selectors import victim_threshold_status
from ..case_review_services import appeal_deadline
from ..models import CasePolicy

register = template.Library()


@register.inclusion_tag("case_reviews/card.html", takes_context=True)
def case_review_card(context, case):
    rows = victim_threshold_status(case, clock.today())
    working_days = CasePolicy.current().case_review_appeal_working_days
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
    }
