"""Incidents of ASB on a case, as reported."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from agencies.models import Agency
from core import clock

from .case import Case
from .people import Person

# Police references differ by force and by year ("0452 of 03/12/2026", "23000123456", "CC/2026/001234"): letters,
# digits, spaces and the separators / - . : at most 30 characters and at least one digit. Bounded so that a
# paragraph pasted into the box is refused, permissive so that no real reference is.
POLICE_REFERENCE_MAX_LENGTH = 30
POLICE_REFERENCE_RE = re.compile(r"(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9 /.\-]*")


def normalise_police_reference(value: str) -> str:
    """Single spaces, none at either end, as typed otherwise ("0452 of 03/12/2026" keeps its "of")."""
    return " ".join(value.split())


def police_reference_problem(value: str) -> str | None:
    """Why a police log or crime number cannot be right, or None. The value is already normalised."""
    if len(value) > POLICE_REFERENCE_MAX_LENGTH:
        return f"must be {POLICE_REFERENCE_MAX_LENGTH} characters or fewer"
    if not POLICE_REFERENCE_RE.fullmatch(value):
        return "must include a number, and only letters, numbers, spaces, slashes (/), hyphens (-) and full stops (.)"
    return None


class Incident(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField("When it happened")
    reported_at = models.DateTimeField("When it was reported")
    reported_to = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(max_length=5000)
    # The complainant or victim of the case who reported it, when one did: a victim's reports are counted across
    # cases (a repeat victim; a second report within six months, when the ASB Case Review must be explained).
    reported_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents_reported",
        verbose_name="Who reported it",
    )
    hate_incident = models.BooleanField("Hate incident", default=False)
    police_log_number = models.CharField(
        "Police log number", max_length=POLICE_REFERENCE_MAX_LENGTH, blank=True, default="", db_default=""
    )
    crime_number = models.CharField(
        "Crime number", max_length=POLICE_REFERENCE_MAX_LENGTH, blank=True, default="", db_default=""
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="incident_case_when"),
            models.Index(
                fields=["reported_by", "reported_at"],
                name="incident_reporter_when",
                condition=models.Q(reported_by__isnull=False),
            ),
            # The header search finds the incidents whose description names a street or place: trigrams on
            # lower(description), made by migration 0014.
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
        for name, label in (("police_log_number", "The police log number"), ("crime_number", "The crime number")):
            value = getattr(self, name)
            problem = police_reference_problem(value) if value else None
            if problem:
                errors[name] = f"{label} {problem}"
        if errors:
            raise ValidationError(errors)
