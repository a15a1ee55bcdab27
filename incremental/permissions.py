"""Who may do what with interventions: the one place these questions are answered.

The ladder follows the case's own access: anyone who may add to a case's record (its lead agency, the agencies
brought into it, the managing JAG's chair, or the named officers of a restricted case) may record interventions
on its perpetrators and what happens to them afterwards. Anyone who may see the case sees its interventions.
"""

from cases.models import Case
from cases.permissions import CONTRIBUTE, can_contribute

# The case permission the intervention forms ask cases.permissions.get_case_for for.
RECORD = CONTRIBUTE


def may_record_interventions(case: Case) -> bool:
    """On a case fetched with cases.permissions.get_case_for (which puts the user's permissions on it)."""
    return can_contribute(case)
