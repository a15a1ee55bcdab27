"""The JAG meetings card on the case page: the case's agenda appearances, decisions and open actions."""

from django import template

from ..meeting_selectors import case_agenda_items, case_open_actions

register = template.Library()


@register.inclusion_tag("meetings/case_card.html", takes_context=True)
def meeting_card(context, case):
    user = context["request"].user
    return {
        "case": case,
        "items": list(case_agenda_items(user, case)[:20]),
        "open_actions": list(case_open_actions(case)),
    }
