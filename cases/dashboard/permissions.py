"""Who may see the managers' dashboard."""

from agencies.roles import Role, role_names

DASHBOARD_ROLES = (Role.MANAGER, Role.JAG_CHAIR)


def can_see_dashboard(user, roles: frozenset[str] | None = None) -> bool:
    """Managers and JAG chairs. `roles`: the user's roles if already read (agencies.roles.held_roles)."""
    roles = role_names(user) if roles is None else roles
    return any(role in roles for role in DASHBOARD_ROLES)
