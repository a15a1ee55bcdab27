"""What a JAG meeting records about cases: agenda items with the JAG's decision, and the actions it sets."""

from django.conf import settings
from django.db import models

from agencies.models import Agency
from core import clock

from .case import Case


class AgendaReason(models.TextChoices):
    REVIEW_DUE = "review_due", "Review due or overdue"
    NEWLY_HIGH_RISK = "newly_high_risk", "Newly high risk"
    NEWLY_LONG_STANDING = "newly_long_standing", "Newly long standing"
    CASE_REVIEW_THRESHOLD = "case_review_threshold", "ASB Case Review threshold met"
    CESSATION_PROPOSAL = "cessation_proposal", "Cessation proposal"
    DEFERRED = "deferred", "Deferred at the last meeting"
    ADDED = "added", "Added by hand"


class AgendaItem(models.Model):
    """A case on a JAG meeting's agenda, with the JAG's decision on it."""

    meeting = models.ForeignKey("jag.Meeting", on_delete=models.CASCADE, related_name="agenda_items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agenda_items")
    reasons = models.CharField(max_length=200, help_text="Comma-separated agenda reasons")
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.TextField(max_length=10000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Recorded (decided_at) but put off to a later meeting: `decision` says why, and the JAG's next agenda has it.
    deferred = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once_per_meeting")]

    @property
    def reason_labels(self) -> list[str]:
        return [AgendaReason(r).label for r in self.reasons.split(",") if r in AgendaReason.values]

    @property
    def overdue_action_count(self) -> int:
        """Open actions past their due date (reads the prefetched actions when there are any)."""
        return sum(1 for action in self.actions.all() if action.is_overdue)


class MeetingAction(models.Model):
    """An action a JAG assigns to an agency on a case, with a due date."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="jag_actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="jag_actions")
    # The officer of that agency who is to do it, when the JAG names one.
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(max_length=2000)
    due_on = models.DateField()
    completed_on = models.DateField("Date done", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completion_note = models.CharField("What was done", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "completed_on", "due_on"], name="jag_action_agency_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True, completed_by__isnull=True)
                | models.Q(completed_on__isnull=False, completed_by__isnull=False),
                name="jag_action_done_by_someone",
            )
        ]

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (an action due today is not yet overdue)."""
        return self.completed_on is None and self.due_on < clock.today()
