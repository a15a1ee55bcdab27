"""ASB Case Review activations."""

from django.conf import settings
from django.db import models

from core import clock

from .case import Case
from .people import Person


class CaseReviewDecision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    MET = "met", "Threshold met: review to go ahead"
    NOT_MET = "not_met", "Threshold not met"
    REJECTED = "rejected", "Rejected as malicious or vexatious"


class CaseReviewActivation(models.Model):
    """An application for an ASB Case Review (formerly the Community Trigger) by or for a victim."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_reviews")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_reviews")
    application_date = models.DateField()
    point_of_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    threshold_decision = models.CharField(
        max_length=10, choices=CaseReviewDecision.choices, default=CaseReviewDecision.PENDING
    )
    threshold_reason = models.TextField(max_length=5000, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    review_meeting_date = models.DateField(null=True, blank=True)
    outcome = models.TextField(max_length=10000, blank=True)
    recommendations = models.TextField(max_length=10000, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    appeal_received_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.TextField(max_length=10000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-application_date", "-id"]
