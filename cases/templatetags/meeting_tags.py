"""Whether the viewer may mark a JAG action done, and the pages an agenda item links to for its reasons."""

from django import template

from ..meetings.permissions import may_complete_action
from ..meetings.sources import reason_links

register = template.Library()


@register.filter
def may_complete(action, user) -> bool:
    """{% if action|may_complete:user %}: the action is open and the user may mark it done."""
    return may_complete_action(user, action)


@register.simple_tag
def agenda_reason_links(case, item) -> list:
    """{% agenda_reason_links case item as links %}: the pages about the item's reasons at its meeting (a cessation
    proposal's positions and decision, say), each with `url` and `text`."""
    return reason_links(case, item)
