"""The closing card on the case's overview: for a closed or ceased case, or one whose victims are being told, how
many victims are accounted for, with a link to their records (registered in cases.apps)."""

from ..models import CaseStatus
from .selectors import closing_victims

TEMPLATE = "cases/closure/card.html"


def card(context, case) -> dict:
    rows = closing_victims(case)
    recorded = [row for row in rows if row.record is not None]
    return {
        "case": case,
        "show": bool(rows) and (case.status != CaseStatus.OPEN or bool(recorded)),
        "total": len(rows),
        "untold": len(rows) - len(recorded),
    }
