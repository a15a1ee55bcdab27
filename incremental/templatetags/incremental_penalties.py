"""The fixed penalties given for breaching an intervention, and its Immediate Justice record, on its page."""

from django import template

from core import clock
from incremental.models import FIXED_PENALTY_FOR_CODES, IMMEDIATE_JUSTICE_CODE, ImmediateJustice, Intervention
from incremental.models import pounds as as_pounds

register = template.Library()


@register.inclusion_tag("incremental/penalties/cards.html")
def penalty_cards(intervention: Intervention, can_record: bool) -> dict:
    code = intervention.kind.code
    context: dict = {"intervention": intervention, "case": intervention.case, "can_record": can_record}
    if code in FIXED_PENALTY_FOR_CODES:
        today = clock.today()
        context["penalties"] = [
            {"penalty": penalty, "status": penalty.payment_status(today), "overdue": penalty.is_unpaid_after_due(today)}
            for penalty in intervention.fixed_penalties.all()
        ]
        context["takes_penalties"] = True
    if code == IMMEDIATE_JUSTICE_CODE:
        context["immediate_justice"] = True
        record = ImmediateJustice.objects.filter(intervention=intervention).first()
        context["record"] = record
        context["late"] = record is not None and record.is_late()
    return context


@register.filter
def pounds(pence: int) -> str:
    return as_pounds(pence)
