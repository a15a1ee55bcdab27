"""The chronology: every action on a case, one line each, never changed."""

from django.conf import settings
from django.db import models

from agencies.models import Agency
from core import clock

from .case import Case


class EntryKind(models.TextChoices):
    VISIT = "visit", "Visit"
    CALL = "call", "Telephone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    REFERRAL = "referral", "Referral"
    MEETING = "meeting", "Meeting"
    DECISION = "decision", "Decision"
    INTERVENTION = "intervention", "Intervention"
    NOTE = "note", "Note"
    CORRECTION = "correction", "Correction"
    SYSTEM = "system", "System event"


# The kinds an officer may choose; corrections and system events are written by the service only.
OFFICER_ENTRY_KINDS = [(k.value, k.label) for k in EntryKind if k not in (EntryKind.CORRECTION, EntryKind.SYSTEM)]


class ChronologyEntry(models.Model):
    """One line of the case record. Append-only: never updated or deleted (a trigger enforces it on PostgreSQL)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    occurred_at = models.DateTimeField("Date and time of the action")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=10000)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["case", "-occurred_at", "-id"], name="chronology_case_when")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.occurred_at:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_system(self) -> bool:
        return self.kind == EntryKind.SYSTEM
