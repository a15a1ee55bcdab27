"""Who may see the managers' dashboard."""

from agencies.roles import Role, holds_any

DASHBOARD_ROLES = (Role.MANAGER, Role.JAG_CHAIR)


def can_see_dashboard(user, roles: frozenset[str] | None = None) -> bool:
    """Managers and JAG chairs. `roles`: the user's roles if already read (agencies.roles.held_roles)."""
    return holds_any(user, DASHBOARD_ROLES, roles)
