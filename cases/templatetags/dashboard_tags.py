"""Whether the signed-in officer may see the managers' dashboard (for the service navigation)."""

from django import template

from agencies.roles import held_roles

from ..dashboard.permissions import can_see_dashboard

register = template.Library()


@register.filter
def may_see_dashboard(user) -> bool:
    return can_see_dashboard(user, held_roles(user))


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for figures named by a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None
