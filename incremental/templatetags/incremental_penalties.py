"""The fixed penalties given for breaching an intervention, a fixed penalty notice's own details, and an
intervention's Immediate Justice record, on its page."""

import decimal

from django import template

from core import clock
from incremental.models import (
    FIXED_PENALTY_CODE,
    FIXED_PENALTY_FOR_CODES,
    IMMEDIATE_JUSTICE_CODE,
    FixedPenalty,
    ImmediateJustice,
    Intervention,
)
from incremental.models import pounds as as_pounds

register = template.Library()


def _row(penalty: FixedPenalty, today) -> dict:
    return {"penalty": penalty, "status": penalty.payment_status(today), "overdue": penalty.is_unpaid_after_due(today)}


@register.inclusion_tag("incremental/penalties/cards.html")
def penalty_cards(intervention: Intervention, can_record: bool) -> dict:
    code = intervention.kind.code
    today = clock.today()
    context: dict = {"intervention": intervention, "case": intervention.case, "can_record": can_record}
    if code in FIXED_PENALTY_FOR_CODES:
        context["penalties"] = [
            _row(penalty, today) for penalty in intervention.fixed_penalties.select_related("notice")
        ]
        context["takes_penalties"] = True
    if code == FIXED_PENALTY_CODE:
        details = FixedPenalty.objects.select_related("intervention").filter(notice=intervention).first()
        context["notice"] = True
        context["details"] = _row(details, today) if details else None
    if code == IMMEDIATE_JUSTICE_CODE:
        context["immediate_justice"] = True
        record = ImmediateJustice.objects.filter(intervention=intervention).first()
        context["record"] = record
        context["late"] = record is not None and record.is_late()
    return context


@register.filter
def pounds(pence: int) -> str:
    return as_pounds(pence)


@register.filter
def decimal_pounds(amount: decimal.Decimal) -> str:
    """A catalogue amount in pounds (Decimal) as £500 or £72.50."""
    return as_pounds(int(amount * 100))
