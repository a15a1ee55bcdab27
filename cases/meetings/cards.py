"""The JAG meetings card on the case page: the case's agenda appearances, decisions and open actions (registered
in cases.apps)."""

from .selectors import case_agenda_items, case_open_actions

TEMPLATE = "cases/meetings/case_card.html"


def card(context, case) -> dict:
    user = context["request"].user
    return {
        "case": case,
        "user": user,
        "items": list(case_agenda_items(user, case)[:20]),
        "open_actions": list(case_open_actions(case)),
    }
