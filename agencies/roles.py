"""The roles an officer can hold. Each is a Django group created by migration, never by hand."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    MANAGER = "manager", "Supervisor / manager"
    JAG_CHAIR = "jag_chair", "JAG chair"
    LPU_COMMANDER = "lpu_commander", "LPU commander"
    LA_COMMUNITY_SAFETY_MANAGER = "la_community_safety_manager", "LA community safety manager"
    COUNTY_COMMUNITY_SAFETY_TEAM = "county_community_safety_team", "County Community Safety Team"
    ADMINISTRATOR = "administrator", "System administrator"


def role_group_name(role: str) -> str:
    return f"role:{role}"


def agency_group_name(agency_id: int) -> str:
    return f"agency:{agency_id}"


ROLE_PREFIX = role_group_name("")


def role_names(user) -> frozenset[str]:
    """The roles the user holds (their role groups), in one query; none for anyone not signed in or inactive."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    names = user.groups.filter(name__startswith=ROLE_PREFIX).values_list("name", flat=True)
    return frozenset(name.removeprefix(ROLE_PREFIX) for name in names)


def held_roles(user) -> frozenset[str]:
    """role_names, read once per user object: the service navigation asks for several links on every page. The
    signed-in user is loaded afresh for each request, so a change of roles shows from the next page on."""
    roles = getattr(user, "_held_roles", None)
    if roles is None:
        roles = role_names(user)
        user._held_roles = roles
    return roles


def holds_any(user, wanted, roles: frozenset[str] | None = None) -> bool:
    """Whether the user holds one of the `wanted` roles. `roles`: the user's roles if already read (held_roles, as
    the service navigation does); otherwise they are read now."""
    roles = role_names(user) if roles is None else roles
    return any(role in roles for role in wanted)
