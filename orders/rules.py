"""Which interventions the register holds, and what a Respect order needs: pure rules, no queries.

The register holds every court stage (the catalogue's `court_stage` entries: CPNs, closure, injunctions, Respect
orders, CBOs, possession) and the notices that are not court stages but are enforced like orders (dispersal
directions, closure notices on their own, fixed penalty notices), matched by their catalogue codes.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from incremental.models import InterventionKind

# The Respect order's catalogue code (Crime and Policing Act 2026).
RESPECT_ORDER_CODE = "respect_order"

NOTICE_CODES = ("cpn", "closure", "closure_notice", "dispersal", "dispersal_direction", "fixed_penalty")


def on_register_q() -> Q:
    """Interventions on the register. The notices' kinds are a subquery rather than a join, so that the register
    reads only the index of its order."""
    return Q(court_stage=True) | Q(kind_id__in=InterventionKind.objects.filter(code__in=NOTICE_CODES).values("pk"))


def kind_on_register_q() -> Q:
    """The same, on the catalogue itself."""
    return Q(court_stage=True) | Q(code__in=NOTICE_CODES)


def is_on_register(court_stage: bool, code: str) -> bool:
    return court_stage or code in NOTICE_CODES


class RegisterStatus:
    PENDING = "pending"
    IN_FORCE = "in_force"
    ENDED = "ended"
    CHOICES = [(PENDING, "Pending (no order made yet)"), (IN_FORCE, "In force"), (ENDED, "Ended")]
    LABELS = dict(CHOICES)


def register_status(
    *, status: str, court_stage: bool, order_made: str, expires_on: datetime.date | None, today: datetime.date
) -> str:
    """Pending: a court stage applied for whose order is not yet made. In force: live and not past its end. Ended:
    discharged, quashed, expired, refused, or past its end date."""
    if status != "live" or (expires_on is not None and expires_on < today):
        return RegisterStatus.ENDED
    if court_stage and not order_made.strip():
        return RegisterStatus.PENDING
    return RegisterStatus.IN_FORCE


def complainant_labels(count: int) -> list[str]:
    """Complainant A, B, ... Z, AA, AB ...: how the bundle names complainants who have not consented to be named."""
    labels = []
    for index in range(count):
        letters = ""
        n = index
        while True:
            letters = chr(ord("A") + n % 26) + letters
            n = n // 26 - 1
            if n < 0:
                break
        labels.append(letters)
    return labels
