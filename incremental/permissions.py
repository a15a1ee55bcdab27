"""Who may do what with interventions: the one place these questions are answered.

The ladder follows the case's own access: anyone who may add to a case's record (its lead agency, the agencies
brought into it, the managing JAG's chair, or the named officers of a restricted case) may record interventions
on its perpetrators and what happens to them afterwards. Anyone who may see the case sees its interventions.
The consistency report is for those who oversee enforcement across cases.
"""

from agencies.roles import Role, holds_any
from cases.dashboard.permissions import DASHBOARD_ROLES
from cases.models import Case
from cases.permissions import CONTRIBUTE, can_contribute

# The case permission the intervention forms ask cases.permissions.get_case_for for.
RECORD = CONTRIBUTE


def may_record_interventions(case: Case) -> bool:
    """On a case fetched with cases.permissions.get_case_for (which puts the user's permissions on it)."""
    return can_contribute(case)


REPORT_ROLES = (
    *DASHBOARD_ROLES,
    Role.LPU_COMMANDER,
    Role.LA_COMMUNITY_SAFETY_MANAGER,
    Role.COUNTY_COMMUNITY_SAFETY_TEAM,
)


def can_see_consistency_report(user, roles: frozenset[str] | None = None) -> bool:
    """Managers and JAG chairs (who see the dashboard), LPU commanders, LA community safety managers and the County
    Community Safety Team. `roles`: the user's roles if already read (agencies.roles.held_roles)."""
    return holds_any(user, REPORT_ROLES, roles)
