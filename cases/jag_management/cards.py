"""The JAG case management card on the case page (registered in cases.apps)."""

from core import clock

from .permissions import can_manage_jag_periods
from .selectors import jag_management_summary

TEMPLATE = "cases/jag_management/card.html"


def card(context, case) -> dict:
    user = context["request"].user
    return {
        "case": case,
        "summary": jag_management_summary(case, clock.today()),
        "can_manage": can_manage_jag_periods(user, case),
    }
