"""Support for the people on a case: the catalogue of support services, referrals to them (for victims and
perpetrators alike) and referrals of perpetrators to the Integrated Offender Management (IOM) panel."""

from django.conf import settings
from django.db import models

from core import clock

from .case import Case
from .people import Person


class ServiceFor(models.TextChoices):
    VICTIMS = "victims", "Victims"
    PERPETRATORS = "perpetrators", "Perpetrators"
    BOTH = "both", "Victims and perpetrators"


class SupportService(models.Model):
    """A service people can be referred to, kept by the administrator. A referral copies the service's name, so
    renaming or retiring a service never rewrites the referrals made to it."""

    name = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)
    for_whom = models.CharField("For", max_length=15, choices=ServiceFor.choices, default=ServiceFor.BOTH)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    MADE = "made", "Referred, awaiting the service's response"
    ACCEPTED = "accepted", "Accepted by the service"
    DECLINED = "declined", "Declined by the service"
    ENGAGED = "engaged", "Engaged with the service"
    CLOSED = "closed", "Closed"


# A referral still being followed up: the service has not declined it and it has no outcome yet.
OPEN_REFERRAL_STATUSES = (ReferralStatus.MADE, ReferralStatus.ACCEPTED, ReferralStatus.ENGAGED)


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITTEN = "written", "In writing (letter or form)"
    EMAIL = "email", "By e-mail or text message"


class LawfulBasis(models.TextChoices):
    """Why a referral may be made without the person's consent (UK GDPR article 6 and the safeguarding duties)."""

    SAFEGUARDING_CHILD = "safeguarding_child", "Safeguarding a child at risk"
    SAFEGUARDING_ADULT = "safeguarding_adult", "Safeguarding an adult at risk"
    VITAL_INTERESTS = "vital_interests", "Vital interests: to protect someone's life"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
    PUBLIC_TASK = "public_task", "Public task (crime and disorder duties)"


class ReferralOutcome(models.TextChoices):
    COMPLETED = "completed", "Completed successfully"
    DISENGAGED = "disengaged", "Disengaged"
    NOT_ENGAGED = "not_engaged", "Did not engage"
    MOVED_AWAY = "moved_away", "Moved away"
    OTHER = "other", "Other"


class SupportReferral(models.Model):
    """A referral of a person on a case to a support service, then the service's response, the person's engagement
    and the outcome, each step dated and on the case's chronology."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="support_referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="support_referrals")
    service = models.ForeignKey(SupportService, on_delete=models.PROTECT, related_name="referrals")
    service_name = models.CharField(max_length=120)
    reason = models.TextField("What support is needed and why", max_length=5000)
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Consent, or the lawful basis when it was not sought.
    consent_given = models.BooleanField()
    consent_on = models.DateField(null=True, blank=True)
    consent_method = models.CharField(max_length=15, choices=ConsentMethod.choices, blank=True)
    lawful_basis = models.CharField(max_length=25, choices=LawfulBasis.choices, blank=True)
    lawful_basis_explanation = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.MADE)
    responded_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(max_length=5000, blank=True)
    engaged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=ReferralOutcome.choices, blank=True)
    outcome_notes = models.TextField(max_length=5000, blank=True)
    # When the referring officer next checks on it; only an open referral has one.
    follow_up_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["case", "person"], name="supportreferral_case_person"),
            models.Index(fields=["person", "case"], name="supportreferral_person"),
            # The daily reminders: open referrals by follow-up date.
            models.Index(
                fields=["follow_up_on"],
                name="supportreferral_follow_up",
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(consent_given=True, consent_on__isnull=False, lawful_basis="")
                    & ~models.Q(consent_method="")
                )
                | (
                    models.Q(consent_given=False, consent_on__isnull=True, consent_method="")
                    & ~models.Q(lawful_basis="")
                    & ~models.Q(lawful_basis_explanation="")
                ),
                name="supportreferral_consent_or_lawful_basis",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReferralStatus.MADE, responded_on__isnull=True)
                | (~models.Q(status=ReferralStatus.MADE) & models.Q(responded_on__isnull=False)),
                name="supportreferral_response_dated",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReferralStatus.DECLINED) | ~models.Q(decline_reason=""),
                name="supportreferral_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReferralStatus.CLOSED)
                | (models.Q(closed_on__isnull=False) & ~models.Q(outcome="")),
                name="supportreferral_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OPEN_REFERRAL_STATUSES, follow_up_on__isnull=False)
                | (~models.Q(status__in=OPEN_REFERRAL_STATUSES) & models.Q(follow_up_on__isnull=True)),
                name="supportreferral_follow_up_while_open",
            ),
            models.CheckConstraint(
                condition=(models.Q(responded_on__isnull=True) | models.Q(responded_on__gte=models.F("referred_on")))
                & (models.Q(engaged_on__isnull=True) | models.Q(engaged_on__gte=models.F("responded_on")))
                & (models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("responded_on"))),
                name="supportreferral_steps_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} referral for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REFERRAL_STATUSES


class IomDecision(models.TextChoices):
    PENDING = "pending", "Awaiting the panel's decision"
    ADOPTED = "adopted", "Adopted onto IOM"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    ALREADY_KNOWN = "already_known", "Already known to IOM"


class IomReferral(models.Model):
    """A perpetrator on a case referred to the Integrated Offender Management panel, and the panel's decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="iom_referrals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="iom_referrals")
    reasons = models.TextField("Reasons for the referral", max_length=5000)
    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=15, choices=IomDecision.choices, default=IomDecision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(max_length=5000, blank=True)
    # The IOM lead, when adopted: often an offender manager of the police or probation, who may not use this system.
    lead_name = models.CharField("IOM lead", max_length=200, blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["case", "person"], name="iomreferral_case_person")]
        constraints = [
            # One referral awaiting the panel per person, whatever the case: the panel considers the person.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(decision=IomDecision.PENDING),
                name="iomreferral_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(decision=IomDecision.PENDING, decided_on__isnull=True)
                | (~models.Q(decision=IomDecision.PENDING) & models.Q(decided_on__gte=models.F("referred_on"))),
                name="iomreferral_decision_dated",
            ),
            models.CheckConstraint(
                condition=~models.Q(decision=IomDecision.ADOPTED)
                | (~models.Q(lead_name="") & models.Q(lead_agency__isnull=False)),
                name="iomreferral_adopted_has_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"IOM referral for {self.person}"

    @property
    def is_open(self) -> bool:
        return self.decision == IomDecision.PENDING
