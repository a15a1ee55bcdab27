"""A victim's side of a case: their single point of contact and contact plan, every update given to them, and their
own risk and vulnerability assessment.

A victim is a person with the complainant role on the case. These records name the case and the person (not the role
row), so that merging two records of the same person moves them as it moves everything else that names a person.
"""

from django.conf import settings
from django.db import models

from core import clock

from .case import Case, RiskBand
from .people import Person


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    VISIT = "visit", "Visit"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"


# The plan's yes/no column for each way of contact.
METHOD_FIELDS = {
    ContactMethod.PHONE: "by_phone",
    ContactMethod.VISIT: "by_visit",
    ContactMethod.EMAIL: "by_email",
    ContactMethod.LETTER: "by_letter",
}


class VictimContactPlan(models.Model):
    """How and how often the victim is kept informed, and by whom (one per victim on a case, edited with a version
    check). `next_contact_due` is kept in step by the services: the last contact (or the plan's start) plus the
    frequency, so reminders and the dashboard read it from an index."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="victim_contact_plans")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Single point of contact"
    )
    frequency_days = models.PositiveSmallIntegerField("Contact at least every (days)")
    # True when the officer chose the frequency; False while it follows the victim's risk band.
    frequency_chosen = models.BooleanField(default=False)
    by_phone = models.BooleanField(default=False)
    by_visit = models.BooleanField(default=False)
    by_email = models.BooleanField(default=False)
    by_letter = models.BooleanField(default=False)
    safe_times = models.TextField("Safe times to contact", max_length=1000, blank=True)
    safe_ways = models.TextField("Safe ways to contact", max_length=1000, blank=True)
    language = models.CharField("Language", max_length=100, blank=True)
    interpreter_needed = models.BooleanField("Interpreter needed", default=False)
    accessibility_needs = models.TextField("Accessibility needs", max_length=1000, blank=True)
    others_to_speak_to = models.TextField("Who else may be spoken to", max_length=1000, blank=True)
    starts_on = models.DateField()
    last_contact_on = models.DateField(null=True, blank=True)
    next_contact_due = models.DateField()
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "victim"], name="victim_contact_plan_once"),
            models.CheckConstraint(
                condition=models.Q(by_phone=True)
                | models.Q(by_visit=True)
                | models.Q(by_email=True)
                | models.Q(by_letter=True),
                name="victim_contact_plan_has_method",
            ),
            models.CheckConstraint(condition=models.Q(frequency_days__gte=1), name="victim_contact_frequency_days"),
        ]
        indexes = [
            # Contacts due (the daily reminders) and overdue (the dashboard), with the case from the index.
            models.Index(fields=["next_contact_due"], include=["case"], name="victim_contact_due"),
        ]

    @property
    def methods(self) -> list[str]:
        return [method for method, field in METHOD_FIELDS.items() if getattr(self, field)]

    @property
    def method_labels(self) -> list[str]:
        return [ContactMethod(method).label for method in self.methods]


class VictimContactChange(models.Model):
    """Each choice of the victim's single point of contact, kept as their history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    spoc = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["case", "victim", "-changed_at"], name="victim_spoc_history")]


class VictimContact(models.Model):
    """An update given to the victim: when, how, by whom and what was said (also on the case's chronology)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    contacted_at = models.DateTimeField("When")
    method = models.CharField("How", max_length=10, choices=ContactMethod.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("What was said", max_length=5000)
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-contacted_at", "-id"]
        indexes = [models.Index(fields=["case", "victim", "-contacted_at"], name="victim_contact_log")]


class VictimAssessment(models.Model):
    """The victim's own risk and vulnerability assessment (the case's is cases.models.risk). Each one is a new row:
    the earlier ones are the history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    repeat_victim = models.BooleanField("Has the victim been a victim of anti-social behaviour before?")
    targeted = models.BooleanField("Is the victim targeted (a hate incident, or deliberate targeting)?")
    household_vulnerable = models.BooleanField("Is anyone in the household vulnerable?")
    health_impact = models.BooleanField("Is it affecting anyone's physical or mental health?")
    children_in_household = models.BooleanField("Are there children in the household?")
    unsafe_at_home = models.BooleanField("Does the victim feel unsafe in their home?")
    calculated_band = models.CharField(max_length=10, choices=RiskBand.choices)
    band = models.CharField(max_length=10, choices=RiskBand.choices)
    override_reason = models.TextField(max_length=2000, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["case", "victim", "-assessed_at"], name="victim_assessment_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band=models.F("calculated_band")) | ~models.Q(override_reason=""),
                name="victim_band_override_needs_reason",
            )
        ]

    @property
    def overridden(self) -> bool:
        return self.band != self.calculated_band
