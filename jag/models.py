from django.conf import settings
from django.db import models

from agencies.models import Agency
from core import clock
from core.dates import short_date


class Jag(models.Model):
    """A Joint Action Group: the multi-agency partnership of one locality."""

    name = models.CharField(max_length=200, unique=True)
    locality = models.CharField(max_length=120, unique=True)
    member_agencies = models.ManyToManyField(Agency, related_name="jags", blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_jags"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="jag_memberships", blank=True)
    is_active = models.BooleanField(default=True)

    # While a JAG is saved: its chair before the save (the new chair gets access to the JAG's cases).
    _previous_chair_id: int | None

    class Meta:
        ordering = ["name"]
        verbose_name = "JAG"
        verbose_name_plural = "JAGs"

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """A JAG meeting: its agenda, decisions and actions are about cases (see cases.models.AgendaItem)."""

    jag = models.ForeignKey(Jag, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField("General notes", max_length=10000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["jag", "starts_at"], name="meeting_jag_when")]

    def __str__(self) -> str:
        return f"{self.jag} meeting, {short_date(self.starts_at)}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=True)
    attendees = models.CharField("Who attended", max_length=300, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_once_per_agency")]
