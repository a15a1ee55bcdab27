"""The JAG case management card on the case page, with its own data (the case view stays as it is)."""

from django import template

from core import clock

from ..jag_selectors import jag_management_summary
from ..jag_services import can_manage_jag_periods

register = template.Library()


@register.inclusion_tag("cases/jag/card.html", takes_context=True)
def jag_management_card(context, case):
    user = context["request"].user
    return {
        "case": case,
        "summary": jag_management_summary(case, clock.today()),
        "can_manage": can_manage_jag_periods(user, case),
    }
