"""JAG case management: the periods a case spends under a JAG's management, and the long-standing flag's changes."""

from django.conf import settings
from django.db import models

from core import clock
from jag.models import Jag

from .case import Case


class PeriodStart(models.TextChoices):
    REFERRED = "referred", "Referred to the JAG"
    TRANSFERRED_IN = "transferred_in", "Transferred from another JAG"
    IMPORTED = "imported", "Imported from the previous system"


class PeriodEnd(models.TextChoices):
    TAKEN_OFF = "taken_off", "Taken off JAG management"
    TRANSFERRED_OUT = "transferred_out", "Transferred to another JAG"
    CASE_CLOSED = "case_closed", "Case closed"
    IMPORTED = "imported", "Imported from the previous system"


class JagManagementPeriod(models.Model):
    """A stretch of time a case was under a JAG's case management: [started_on, ended_on), open while ended_on is
    empty. A case's periods never overlap (a PostgreSQL exclusion constraint guards it)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="jag_periods")
    jag = models.ForeignKey(Jag, on_delete=models.PROTECT, related_name="case_periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    start_reason = models.CharField(max_length=20, choices=PeriodStart.choices, default=PeriodStart.REFERRED)
    end_reason = models.CharField(max_length=20, choices=PeriodEnd.choices, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "started_on"]
        indexes = [
            models.Index(fields=["case", "started_on"], name="jag_period_case_start"),
            models.Index(fields=["ended_on"], name="jag_period_ended"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=models.F("started_on")),
                name="jag_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_on__isnull=True), name="jag_period_one_open_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.jag_id} {self.started_on}–{self.ended_on or ''}"


class LongStandingChange(models.Model):
    """When a case became long standing, or fell below the threshold, as the daily job found it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="long_standing_changes")
    became_long_standing = models.BooleanField()
    as_of = models.DateField()
    days_in_window = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["as_of", "became_long_standing"], name="long_standing_change_when")]
