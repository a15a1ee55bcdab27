"""Whether the signed-in officer may see the consistency report (for the service navigation and the dashboard)."""

from django import template

from agencies.roles import held_roles

from ..permissions import can_see_consistency_report

register = template.Library()


@register.filter
def may_see_consistency_report(user) -> bool:
    return can_see_consistency_report(user, held_roles(user))
