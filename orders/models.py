"""The register's own records of court orders and notices, kept beside the intervention they belong to
(incremental.Intervention): how each was served, its terms and their supervisors, the supervisors' updates, what
was done about each breach, and the risk assessment a Respect order application needs first."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Case, Document, Person
from core import clock
from core.dates import long_date
from incremental.models import Intervention, InterventionEvent


class ServedHow(models.TextChoices):
    PERSONAL = "personal", "In person"
    POST = "post", "By first class post"
    LEFT = "left", "Left at the respondent's address"
    ALTERNATIVE = "alternative", "Another way the court ordered"
    AFFIXED = "affixed", "Fixed to the premises (closure)"


class OrderService(models.Model):
    """One service of the order or notice (a varied order is served again)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="services")
    served_on = models.DateField("Date served")
    served_how = models.CharField("How it was served", max_length=12, choices=ServedHow.choices)
    served_by = models.CharField("Who served it", max_length=200)
    proof = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Proof of service"
    )
    notes = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["intervention", "served_on", "id"]

    def __str__(self) -> str:
        return f"Served {long_date(self.served_on)} ({self.get_served_how_display().lower()})"


class TermKind(models.TextChoices):
    PROHIBITION = "prohibition", "Prohibition"
    REQUIREMENT = "requirement", "Positive requirement"


class ExclusionGround(models.TextChoices):
    VIOLENCE = "violence", "Violence"
    THREATENED = "threatened", "Threatened violence"
    HARM = "harm", "A significant risk of harm"


class OrderTerm(models.Model):
    """One prohibition or positive requirement. A positive requirement names who supervises it."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="terms")
    kind = models.CharField(max_length=12, choices=TermKind.choices)
    text = models.TextField("Term", max_length=2000)
    supervisor = models.CharField("Supervising person or organisation", max_length=200, blank=True)
    update_every_days = models.PositiveSmallIntegerField("Supervisor reports every (days)", null=True, blank=True)
    next_update_due = models.DateField("Next supervisor's update due", null=True, blank=True)
    excludes_from_home = models.BooleanField("Excludes the respondent from their home", default=False)
    exclusion_ground = models.CharField(
        "Ground for exclusion from the home", max_length=12, choices=ExclusionGround.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    # A court discharges a single term; the order and its other terms carry on.
    discharged_on = models.DateField("Date discharged", null=True, blank=True)
    discharged_by = models.CharField("Court or hearing that discharged it", max_length=200, blank=True)
    discharge_reason = models.TextField("Why it was discharged", max_length=2000, blank=True)
    # Varying or discharging the term is judged against the version the officer's form was opened at.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["intervention", "position", "id"]
        indexes = [
            models.Index(
                fields=["next_update_due"], name="order_term_update_due", condition=Q(next_update_due__isnull=False)
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="requirement") | ~Q(supervisor=""), name="order_requirement_supervised"
            ),
            models.CheckConstraint(
                condition=Q(excludes_from_home=False) | ~Q(exclusion_ground=""), name="order_exclusion_has_ground"
            ),
            # Discharged: dated, with the court and the reason; not discharged: none of them.
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True, discharged_by="", discharge_reason="")
                | (Q(discharged_on__isnull=False) & ~Q(discharged_by="") & ~Q(discharge_reason="")),
                name="order_term_discharge_complete",
            ),
            # A discharged requirement has no supervisor's update due.
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(next_update_due__isnull=True),
                name="order_term_discharged_not_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position}"

    @property
    def label(self) -> str:
        """As a sentence names it: "prohibition 2"."""
        return f"{self.get_kind_display().lower()} {self.position}"

    @property
    def is_discharged(self) -> bool:
        return self.discharged_on is not None


class OrderTermVariation(models.Model):
    """A court's variation of one term: when and by which court or hearing, and the term as it was before, so the
    order's page shows what each term said at any time."""

    term = models.ForeignKey(OrderTerm, on_delete=models.PROTECT, related_name="variations")
    varied_on = models.DateField("Date varied")
    varied_by = models.CharField("Court or hearing that varied it", max_length=200)
    was_text = models.TextField("Term before the variation", max_length=2000)
    was_supervisor = models.CharField("Supervisor before the variation", max_length=200, blank=True)
    was_update_every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    was_excludes_from_home = models.BooleanField(default=False)
    was_exclusion_ground = models.CharField(max_length=12, choices=ExclusionGround.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["term", "varied_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(varied_by=""), name="order_variation_has_court"),
            models.CheckConstraint(condition=~Q(was_text=""), name="order_variation_keeps_wording"),
            models.CheckConstraint(
                condition=Q(was_excludes_from_home=False) | ~Q(was_exclusion_ground=""),
                name="order_variation_exclusion_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"Varied on {long_date(self.varied_on)} by {self.varied_by}"


class Compliance(models.TextChoices):
    COMPLYING = "complying", "Complying"
    PARTLY = "partly", "Partly complying"
    NOT_COMPLYING = "not_complying", "Not complying"


class SupervisorUpdate(models.Model):
    term = models.ForeignKey(OrderTerm, on_delete=models.PROTECT, related_name="updates")
    reported_on = models.DateField("Date of the update")
    compliance = models.CharField(max_length=14, choices=Compliance.choices)
    text = models.TextField("What the supervisor reports", max_length=5000)
    next_due_on = models.DateField("Next update due", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["term", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_compliance_display()} on {long_date(self.reported_on)}"


class BreachAction(models.Model):
    """What was done about one breach (the breach itself, with its evidence, is an InterventionEvent)."""

    event = models.OneToOneField(InterventionEvent, on_delete=models.PROTECT, related_name="breach_action")
    reported_to_police_on = models.DateField("Reported to police on", null=True, blank=True)
    police_reference = models.CharField("Police reference", max_length=40, blank=True)
    referred_to_cps_on = models.DateField("Referred to the CPS on", null=True, blank=True)
    prosecuted_on = models.DateField("Prosecution started on", null=True, blank=True)
    outcome = models.TextField("Outcome", max_length=5000, blank=True)
    evidence_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Evidence document"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Action on {self.event}"


class RespectRiskAssessment(models.Model):
    """The risk assessment recorded before applying for a Respect order against a person on a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="respect_risk_assessments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="respect_risk_assessments")
    assessed_on = models.DateField("Date of the assessment")
    harassment_risk = models.TextField("Risk of harassment, alarm or distress to others", max_length=5000)
    vulnerabilities = models.TextField("The respondent's vulnerabilities", max_length=5000)
    alternatives = models.TextField("Other ways of stopping the behaviour", max_length=5000)
    other_matters = models.TextField("Any other material matter", max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["case", "person", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["case", "person", "-assessed_on"], name="respect_risk_case_person")]

    def __str__(self) -> str:
        return f"Respect order risk assessment of {long_date(self.assessed_on)}"
