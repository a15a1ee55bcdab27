"""What every step of the cessation workflow shares: the proposal row locked for a step, its status moved on, the
officers told, and the concurrency error of a stale form."""

from agencies.models import Notification
from core import clock
from core.versions import StaleEdit

from ..models import CessationProposal

PDF = "application/pdf"


class ConcurrentChangeError(StaleEdit):
    """Someone else changed the record after this form was opened."""


def lock_proposal(proposal: CessationProposal) -> CessationProposal:
    return (
        CessationProposal.objects.select_for_update(of=("self",))
        .select_related("case__jag", "case__lead_agency", "case__lead_officer", "plan_version")
        .get(pk=proposal.pk)
    )


def set_status(proposal: CessationProposal, status: str, *, ended: bool = False) -> None:
    proposal.status = status
    proposal.version += 1
    fields = ["status", "version"]
    if ended:
        proposal.ended_at = clock.now()
        fields.append("ended_at")
    proposal.save(update_fields=fields)


def notify(officers, text: str, url: str, event_key: str) -> None:
    """An in-app notification to each officer, once per event."""
    for officer in {o.pk: o for o in officers if o is not None and o.is_active}.values():
        Notification.objects.get_or_create(
            recipient=officer, event_key=event_key[:120], defaults={"text": text[:500], "url": url[:300]}
        )
