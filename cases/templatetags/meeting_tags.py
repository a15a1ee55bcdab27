"""The JAG meetings card on the case page (the case's agenda appearances, decisions and open actions), and whether
the viewer may mark an action done."""

from django import template

from ..meeting_permissions import may_complete_action
from ..meeting_selectors import case_agenda_items, case_open_actions

register = template.Library()


@register.inclusion_tag("meetings/case_card.html", takes_context=True)
def meeting_card(context, case):
    user = context["request"].user
    return {
        "case": case,
        "user": user,
        "items": list(case_agenda_items(user, case)[:20]),
        "open_actions": list(case_open_actions(case)),
    }


@register.filter
def may_complete(action, user) -> bool:
    """{% if action|may_complete:user %}: the action is open and the user may mark it done."""
    return may_complete_action(user, action)
