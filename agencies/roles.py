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
