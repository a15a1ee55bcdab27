"""Closing a case with its victims: how each victim was told the case is closing and why (or why they were not), the
case's outcome for them, and their satisfaction with how the partnership handled it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core import clock

from .case import Case
from .documents import Document
from .people import CasePerson, Person, PersonRole


class ToldHow(models.TextChoices):
    PHONE = "phone", "Phone"
    VISIT = "visit", "Visit"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"


class NotToldReason(models.TextChoices):
    NO_CONTACT = "no_contact", "Could not be contacted after attempts"
    ASKED_NOT = "asked_not", "The victim asked not to be contacted"
    OTHER = "other", "Other reason"


class VictimOutcome(models.TextChoices):
    STOPPED = "stopped", "ASB stopped"
    REDUCED = "reduced", "ASB reduced"
    NO_CHANGE = "no_change", "No change"
    WORSE = "worse", "ASB got worse"


class VictimClosure(models.Model):
    """One victim's part in one closing of a case. Reopening the case sets `superseded_at`: the record stays as
    history and the next closing starts afresh, so at most one current record per case and victim."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victim_closures")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="victim_closures")
    # Told: how, when and what. Not told: why (one or the other, as the constraint says).
    told_how = models.CharField("How they were told", max_length=10, choices=ToldHow.choices, blank=True)
    told_on = models.DateField("Date they were told", null=True, blank=True)
    told_what = models.TextField("What they were told", max_length=3000, blank=True)
    not_told_reason = models.CharField(
        "Why they were not told", max_length=12, choices=NotToldReason.choices, blank=True
    )
    not_told_explanation = models.TextField("Explanation", max_length=3000, blank=True)
    outcome = models.CharField("Outcome for the victim", max_length=10, choices=VictimOutcome.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField("Satisfaction", null=True, blank=True)
    # The closing letter generated for this victim, kept on the case as a document.
    letter = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "victim"], condition=Q(superseded_at__isnull=True), name="victimclosure_current_once"
            ),
            models.CheckConstraint(
                condition=(~Q(told_how="") & Q(told_on__isnull=False) & ~Q(told_what="") & Q(not_told_reason=""))
                | (Q(told_how="") & Q(told_on__isnull=True) & ~Q(not_told_reason="")),
                name="victimclosure_told_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="victimclosure_satisfaction_1_to_5",
            ),
        ]
        indexes = [
            # The dashboard's outcomes: the current records of the cases closed in the last 12 months, by case.
            models.Index(
                fields=["case"],
                include=["outcome", "satisfaction"],
                condition=Q(superseded_at__isnull=True),
                name="victimclosure_current",
            ),
        ]

    @property
    def told(self) -> bool:
        return bool(self.told_how)


def victims_not_told(case: Case) -> list[Person]:
    """The case's victims (complainants) with no current record of being told the case is closing or why not."""
    recorded = VictimClosure.objects.filter(case=case, superseded_at__isnull=True).values("victim_id")
    victims = (
        CasePerson.objects.filter(case=case, role=PersonRole.COMPLAINANT)
        .exclude(person_id__in=recorded)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    return [link.person for link in victims]
