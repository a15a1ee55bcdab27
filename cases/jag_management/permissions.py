"""Who may move a case in and out of JAG case management."""

from agencies.models import Officer

from ..models import Case
from ..permissions import CHANGE, case_permissions


def can_manage_jag_periods(officer: Officer, case: Case) -> bool:
    """Referring, taking off and transferring are for the lead agency (who may change the case) and the chair of
    the JAG that manages it; involved partners contribute to the record but do not move the case."""
    if not officer.is_authenticated or not officer.is_active:
        return False
    if case.jag.chair_id is not None and case.jag.chair_id == officer.pk:
        return True
    perms = getattr(case, "user_permissions", None)
    return CHANGE in (perms if perms is not None else case_permissions(officer, case))
