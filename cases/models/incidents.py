"""Incidents of ASB on a case, as reported."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from agencies.models import Agency
from core import clock

from .case import Case


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField("When it happened")
    reported_at = models.DateTimeField("When it was reported")
    reported_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(max_length=5000)
    hate_incident = models.BooleanField("Hate incident", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="incident_case_when"),
            # The incidents of a time window (the ASB Case Review threshold), answered from the index alone.
            models.Index(
                fields=["occurred_at"], include=["case", "reported_at", "hate_incident"], name="incident_when"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reported_at__gte=models.F("occurred_at")), name="incident_reported_after_it_happened"
            )
        ]

    def clean(self) -> None:
        now = clock.now()
        errors = {}
        if self.occurred_at and self.occurred_at > now:
            errors["occurred_at"] = "When it happened must be in the past"
        if self.reported_at and self.reported_at > now:
            errors["reported_at"] = "When it was reported must be in the past"
        if self.occurred_at and self.reported_at and self.reported_at < self.occurred_at:
            errors["reported_at"] = "When it was reported must be the same as or after when it happened"
        if errors:
            raise ValidationError(errors)
