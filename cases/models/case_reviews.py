"""ASB Case Review activations, their action plans, and the explanations given to victims of the Case Review."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from agencies.models import Agency
from core import clock

from .case import Case
from .incidents import Incident
from .people import Person


class CaseReviewDecision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    MET = "met", "Threshold met: review to go ahead"
    NOT_MET = "not_met", "Threshold not met"
    REJECTED = "rejected", "Rejected as malicious or vexatious"


class ApplicationReceivedHow(models.TextChoices):
    PHONE = "phone", "By phone"
    PAPER = "paper", "On paper"
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class ConsultedHow(models.TextChoices):
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "By letter"
    EMAIL = "email", "By e-mail"


class VictimAttendance(models.TextChoices):
    IN_PERSON = "in_person", "Attended in person"
    PHONE = "phone", "Attended by phone"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    DECLINED = "declined", "Declined to attend"


class PccReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld: no change"
    RECOMMENDATIONS = "recommendations", "Recommendations made to the partnership"
    OTHER = "other", "Other"


class CaseReviewActivation(models.Model):
    """An application for an ASB Case Review (formerly the Community Trigger) by or for a victim."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_reviews")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_reviews")
    application_date = models.DateField()
    # Applications made before how and by whom was recorded have neither.
    received_how = models.CharField(max_length=10, choices=ApplicationReceivedHow.choices, blank=True, default="")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    point_of_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    threshold_decision = models.CharField(
        max_length=10, choices=CaseReviewDecision.choices, default=CaseReviewDecision.PENDING
    )
    threshold_reason = models.TextField(max_length=5000, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    review_meeting_date = models.DateField(null=True, blank=True)
    chair_name = models.CharField(max_length=200, blank=True, default="")
    chair_agency = models.CharField(max_length=200, blank=True, default="")
    chair_independent = models.BooleanField(null=True, blank=True)
    victim_consulted = models.BooleanField(null=True, blank=True)
    consulted_on = models.DateField(null=True, blank=True)
    consulted_how = models.CharField(max_length=10, choices=ConsultedHow.choices, blank=True, default="")
    victim_views = models.TextField(max_length=10000, blank=True, default="")
    victim_attendance = models.CharField(max_length=15, choices=VictimAttendance.choices, blank=True, default="")
    outcome = models.TextField(max_length=10000, blank=True)
    recommendations = models.TextField(max_length=10000, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    appeal_received_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.TextField(max_length=10000, blank=True)
    # The victim may ask the Police and Crime Commissioner to review how the application was handled, "threshold not
    # met" decisions included.
    pcc_requested_on = models.DateField(null=True, blank=True)
    pcc_outcome = models.CharField(max_length=15, choices=PccReviewOutcome.choices, blank=True, default="")
    pcc_outcome_notes = models.TextField(max_length=10000, blank=True, default="")
    pcc_outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-application_date", "-id"]
        indexes = [models.Index(fields=["application_date"], name="case_review_applied")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__gte=F("application_date")),
                name="case_review_decided_after_applying",
            ),
            models.CheckConstraint(
                condition=Q(pcc_requested_on__isnull=True)
                | Q(decision_date__isnull=False, pcc_requested_on__gte=F("decision_date")),
                name="case_review_pcc_after_decision",
            ),
            models.CheckConstraint(
                condition=Q(pcc_outcome_on__isnull=True)
                | Q(pcc_requested_on__isnull=False, pcc_outcome_on__gte=F("pcc_requested_on")),
                name="case_review_pcc_outcome_after_request",
            ),
            models.CheckConstraint(
                condition=Q(pcc_outcome_on__isnull=True, pcc_outcome="")
                | Q(pcc_outcome_on__isnull=False) & ~Q(pcc_outcome=""),
                name="case_review_pcc_outcome_dated",
            ),
        ]


class CaseReviewAction(models.Model):
    """An action of a review's action plan, owned by an agency (and perhaps one of its officers), due by a date."""

    activation = models.ForeignKey(CaseReviewActivation, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(max_length=2000)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            # The daily reminders read the open actions by due date.
            models.Index(fields=["due_on"], name="case_review_action_open", condition=Q(done_on__isnull=True)),
        ]


class ExplainedHow(models.TextChoices):
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "By letter"
    EMAIL = "email", "By e-mail"
    LEAFLET = "leaflet", "Leaflet given"


class CaseReviewExplanation(models.Model):
    """That, when and how the ASB Case Review was explained to a victim (due at their second report in six months)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_review_explanations")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_review_explanations")
    incident = models.ForeignKey(Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    explained_on = models.DateField()
    how = models.CharField(max_length=10, choices=ExplainedHow.choices)
    notes = models.TextField(max_length=5000, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-explained_on", "-id"]
        indexes = [models.Index(fields=["victim", "explained_on"], name="case_review_explained")]
