"""Risk assessments of a case and how often each risk band is reviewed."""

from django.conf import settings
from django.db import models

from core import clock

from .case import Case, RiskBand
from .people import Person


class RiskReviewInterval(models.Model):
    """How often a case in each risk band is reviewed. Administrators change it as policy changes."""

    band = models.CharField(max_length=10, choices=RiskBand.choices, unique=True)
    days = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"{self.get_band_display()}: every {self.days} days"


class RiskAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_assessments")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    happened_before = models.BooleanField("Has this happened before?")
    reported_elsewhere = models.BooleanField("Has it been reported to anyone else?")
    feels_targeted = models.BooleanField("Does the victim feel targeted?")
    household_vulnerable = models.BooleanField("Is anyone in the household disabled, ill or otherwise vulnerable?")
    children_involved = models.BooleanField("Are children involved?")
    calculated_band = models.CharField(max_length=10, choices=RiskBand.choices)
    band = models.CharField(max_length=10, choices=RiskBand.choices)
    override_reason = models.TextField(max_length=2000, blank=True)
    review_days = models.PositiveSmallIntegerField()
    next_review_date = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band=models.F("calculated_band")) | ~models.Q(override_reason=""),
                name="risk_override_needs_reason",
            )
        ]

    @property
    def overridden(self) -> bool:
        return self.band != self.calculated_band
