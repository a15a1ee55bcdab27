"""The Incremental Approach: the intervention catalogue and each person's ladder of interventions.

The ladder belongs to the person (across every case and agency), the stage (tier) to each intervention. Each
intervention copies what the catalogue said when it was issued (name, tier, court stage, legal basis), so editing
the catalogue never rewrites the past.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from agencies.models import Agency, AgencyKind, Officer
from cases.models import Case, ChronologyEntry, Document, Incident, Person
from core import clock
from core.dates import long_date


class Tier(models.IntegerChoices):
    ONE = 1, "Tier 1: early intervention"
    TWO = 2, "Tier 2: warnings"
    THREE = 3, "Tier 3: agreements"
    FOUR = 4, "Tier 4: court stage"


TOP_TIER = max(Tier.values)


class LetterTemplate(models.TextChoices):
    FIRST_WARNING = "first_warning", "First warning letter"
    FINAL_WARNING = "final_warning", "Final warning letter"
    ABC_AGREEMENT = "abc_agreement", "Acceptable Behaviour Contract for signature"


class InterventionKind(models.Model):
    """One rung of the catalogue: its stable identity (code, tier, order) and how the forms treat it. What the law
    says about it (name, legal basis, who may use it, ages, durations, appeal) is in its versions (`KindVersion`),
    each in force for a period and possibly only in some areas; administrators edit both in the admin (seeded with
    docs/domain.md, "The default catalogue")."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="e.g. CPW, CPN, ABC")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    court_stage = models.BooleanField(
        default=False, help_text="Court stages need the court, hearing dates and the order made"
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text="The rung this power replaces or continues under a new name (e.g. the Respect order continues the "
        "civil injunction): it must be on the same tier",
    )
    notes = models.TextField(max_length=2000, blank=True)
    letter = models.CharField(max_length=20, choices=LetterTemplate.choices, blank=True)
    can_be_refused = models.BooleanField(default=False, help_text="The person may refuse to sign (an ABC)")
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    # Carried by a kind offered on the issue form (incremental.views): the version that describes it there, in force
    # today in the case's area (or the latest before today); the date issued then chooses the version applied.
    current_version: KindVersion

    class Meta:
        ordering = ["tier", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        continued = self.continues if self.continues_id is not None else None
        if continued is not None:
            if continued.pk == self.pk:
                raise ValidationError({"continues": "A power cannot continue itself"})
            if continued.tier != self.tier:
                raise ValidationError(
                    {
                        "continues": f"{continued} is tier {continued.tier}: a power that continues it must "
                        "be on the same tier"
                    }
                )


# The Anti-social Behaviour, Crime and Policing Act 2014's powers came into force on 20 October 2014: the first
# version of every entry of the default catalogue starts then.
ACT_2014_COMMENCEMENT = datetime.date(2014, 10, 20)


class KindVersion(models.Model):
    """The law of one catalogue entry for a period, everywhere or only in named areas (a pilot).

    The version applied to an intervention is the one in force on its date issued in its case's area (the JAG's
    locality); one limited to areas wins over one in force everywhere, for those areas. A withdrawn version says
    the power is not available there and then (e.g. the civil injunction for adults where the Respect order is
    piloted). Versions of a kind in force everywhere may not overlap in time, nor may two limited to the same area.
    """

    kind = models.ForeignKey(InterventionKind, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField(max_length=120, help_text="The name of the power under this version (copied on issue)")
    short_name = models.CharField(max_length=40, blank=True)
    legal_basis = models.CharField(max_length=300, blank=True, help_text="The statute and section, as cited")
    legal_source = models.TextField(
        max_length=5000, help_text="Where this version's rules come from: the Act, regulations, circular or guidance"
    )
    in_force_from = models.DateField("In force from")
    in_force_until = models.DateField(
        "In force until (optional)", null=True, blank=True, help_text="The last day it is in force; blank: no end"
    )
    localities = models.JSONField(
        "Areas (JAG localities)",
        default=list,
        blank=True,
        help_text="Only in these JAGs' localities (a pilot); none ticked means everywhere",
    )
    withdrawn = models.BooleanField(
        "Not available in these areas",
        default=False,
        help_text="The power may not be used there and then (e.g. replaced by a piloted power)",
    )
    issuing_agency_kinds = models.JSONField(
        "Agencies that may issue or apply",
        default=list,
        blank=True,
        help_text="Kinds of agency that may use this power; none ticked means any partner",
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age in years at the date issued")
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age in years at the date issued")
    default_live_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Live until defaults to the date issued plus this many months"
    )
    max_live_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Powers that last hours, not months (a dispersal direction: up to 48 hours). Interventions record dates only,
    # so the last day live may be at most the date issued plus the hours in whole days, rounded up (rules.py).
    max_live_hours = models.PositiveSmallIntegerField(
        "At most (hours)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For a power that lasts hours, not months (a dispersal direction: 48)",
    )
    # A closure notice lasts a set number of hours on the issuing officer's authority, longer with a senior
    # authorisation (a police superintendent, the council's chief executive or designate, a landlord's senior manager).
    notice_hours = models.PositiveSmallIntegerField(
        "Notice lasts (hours)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For a notice whose length needs an authorising officer (a closure notice: 24)",
    )
    senior_notice_hours = models.PositiveSmallIntegerField(
        "With senior authorisation, up to (hours)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The longest notice with a senior officer's or manager's authorisation (a closure notice: 48)",
    )
    landlord_condition = models.CharField(
        "A social landlord confirms",
        max_length=300,
        blank=True,
        db_default="",
        help_text="What a registered social landlord must confirm to use this power, {agency} standing for its name "
        "(a closure notice: The premises are owned or managed by {agency}). Blank: nothing to confirm",
    )
    adult_min_live_months = models.PositiveSmallIntegerField("Adults: at least (months)", null=True, blank=True)
    under_18_min_live_months = models.PositiveSmallIntegerField("Under 18s: at least (months)", null=True, blank=True)
    under_18_max_live_months = models.PositiveSmallIntegerField("Under 18s: at most (months)", null=True, blank=True)
    requires_prior = models.ManyToManyField(
        InterventionKind,
        blank=True,
        related_name="required_by_versions",
        help_text="One of these must have been issued to the same person before",
    )
    appeal_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days from issue within which the person may appeal"
    )
    without_notice = models.BooleanField("May be made without notice", default=False)
    penalty = models.CharField("Penalty on breach", max_length=300, blank=True)
    max_fixed_penalty = models.DecimalField(
        "Maximum fixed penalty (£)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    conditions_text = models.TextField("Other conditions", max_length=2000, blank=True)

    class Meta:
        ordering = ["kind", "in_force_from", "id"]
        verbose_name = "catalogue version"
        indexes = [models.Index(fields=["kind", "in_force_from"], name="kind_version_from")]
        constraints = [
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gte=F("in_force_from")),
                name="kind_version_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(maximum_age__isnull=True)
                | Q(minimum_age__isnull=True)
                | Q(maximum_age__gte=F("minimum_age")),
                name="kind_version_ages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.period_text}"

    @property
    def period_text(self) -> str:
        until = f" until {long_date(self.in_force_until)}" if self.in_force_until else ""
        where = f" in {', '.join(self.localities)}" if self.localities else ""
        return f"from {long_date(self.in_force_from)}{until}{where}"

    def overlaps(self, other: KindVersion) -> bool:
        """In force on a common day in a common area (everywhere counts as its own area: an area's own version wins
        over the national one, so only versions both national, or sharing an area, clash)."""
        if bool(self.localities) != bool(other.localities):
            return False
        if self.localities and not set(self.localities) & set(other.localities):
            return False
        far = datetime.date.max
        return self.in_force_from <= (other.in_force_until or far) and other.in_force_from <= (
            self.in_force_until or far
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        unknown = set(self.issuing_agency_kinds or []) - set(AgencyKind.values)
        if unknown:
            errors["issuing_agency_kinds"] = [f"Unknown kinds of agency: {', '.join(sorted(unknown))}"]
        if self.in_force_until and self.in_force_from and self.in_force_until < self.in_force_from:
            errors["in_force_until"] = ["The last day in force must be the same as or after the first"]
        if self.minimum_age is not None and self.maximum_age is not None and self.maximum_age < self.minimum_age:
            errors["maximum_age"] = ["The maximum age must be the same as or above the minimum age"]
        if self.senior_notice_hours is not None and (
            self.notice_hours is None or self.senior_notice_hours <= self.notice_hours
        ):
            errors["senior_notice_hours"] = ["Give the notice's own hours, and more hours with a senior authorisation"]
        if self.withdrawn and not self.localities:
            errors["withdrawn"] = ["Name the areas where the power is not available (tick at least one locality)"]
        if self.kind_id is not None and self.in_force_from and "in_force_until" not in errors:
            siblings = KindVersion.objects.filter(kind_id=self.kind_id).exclude(pk=self.pk)
            clashes = [v for v in siblings if self.overlaps(v)]
            if clashes:
                errors.setdefault("in_force_from", []).extend(
                    f"Overlaps the version {v.period_text} ({v.name}): versions of {self.kind} in the same area "
                    "cannot be in force on the same day. End that one the day before this one starts, or change "
                    "these dates"
                    for v in clashes
                )
        if errors:
            raise ValidationError(errors)

    def may_be_issued_by(self, agency: Agency) -> bool:
        return not self.issuing_agency_kinds or agency.kind in self.issuing_agency_kinds

    @property
    def issuing_agency_kinds_display(self) -> str:
        labels = dict(AgencyKind.choices)
        return ", ".join(str(labels.get(k, k)) for k in self.issuing_agency_kinds) or "Any partner"


class InterventionStatus(models.TextChoices):
    LIVE = "live", "Live"
    REFUSED = "refused", "Refused to sign"
    EXPIRED = "expired", "Expired"
    DISCHARGED = "discharged", "Discharged"
    QUASHED = "quashed", "Quashed on appeal"


# The runs_until of an intervention with no end date.
NEVER_ENDS = datetime.date.max


class Intervention(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interventions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    kind = models.ForeignKey(InterventionKind, on_delete=models.PROTECT, related_name="interventions")
    # The catalogue as it stood when this was issued.
    kind_name = models.CharField(max_length=120, editable=False)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, editable=False)
    court_stage = models.BooleanField(editable=False)
    legal_basis = models.CharField(max_length=300, blank=True, editable=False)
    # The version of the catalogue entry it was issued under (incremental.catalogue): its rules stay with it.
    kind_version = models.ForeignKey(
        KindVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="interventions", editable=False
    )

    issuing_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interventions_issued")
    issuing_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("Date issued")
    live_until = models.DateField("Live until", null=True, blank=True)
    conditions = models.TextField("Conditions or terms", max_length=10000, blank=True)
    refused_to_sign = models.BooleanField("Refused to sign", default=False)
    # Court stages.
    court = models.CharField(max_length=200, blank=True)
    first_hearing_on = models.DateField("First hearing", null=True, blank=True)
    next_hearing_on = models.DateField("Next hearing", null=True, blank=True)
    order_made = models.TextField("Order made", max_length=5000, blank=True)
    order_ends_on = models.DateField("Order ends", null=True, blank=True)
    # Only where the version issued under allows it; the return (on-notice) hearing is then the next hearing.
    made_without_notice = models.BooleanField("Made without notice", default=False, db_default=False)
    # A notice whose version sets notice_hours (a closure notice): how long, and who authorised it.
    notice_hours = models.PositiveSmallIntegerField("Notice lasts (hours)", null=True, blank=True)
    authorised_by = models.CharField("Authorised by", max_length=200, blank=True, db_default="")
    # What the issuing social landlord confirmed, as worded then (its version's landlord_condition).
    landlord_confirmation = models.CharField("Confirmed by the landlord", max_length=300, blank=True, db_default="")
    # The ladder when it was issued: a stage above the suggested one needs a severity justification.
    suggested_tier = models.PositiveSmallIntegerField(choices=Tier.choices, editable=False)
    skipped_stage = models.BooleanField(default=False, editable=False)
    justification = models.TextField("Severity justification", max_length=5000, blank=True)

    status = models.CharField(max_length=12, choices=InterventionStatus.choices, default=InterventionStatus.LIVE)
    status_on = models.DateField(null=True, blank=True, help_text="When it was discharged, expired or quashed")
    appeal_deadline = models.DateField(null=True, blank=True, editable=False)
    breach_count = models.PositiveIntegerField(default=0, editable=False)
    letter = models.ForeignKey(Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)
    # The last day it runs: the order's end, else the live-until date, else NEVER_ENDS (until further order).
    # Kept by PostgreSQL, so the register of orders and notices is read down an index in its order.
    runs_until = models.GeneratedField(
        expression=Coalesce("order_ends_on", "live_until", Value(NEVER_ENDS)),
        output_field=models.DateField(),
        db_persist=True,
    )

    # Carried on a ladder shown to one officer (incremental.selectors): whether they may open its case.
    case_visible: bool

    class Meta:
        ordering = ["person", "issued_on", "id"]
        indexes = [
            models.Index(fields=["person", "issued_on", "id"], name="intervention_ladder"),
            models.Index(fields=["case", "issued_on"], name="intervention_case"),
            models.Index(fields=["issued_on"], name="intervention_issued_on"),
            models.Index(fields=["issuing_agency", "issued_on"], name="intervention_agency_issued"),
            models.Index(
                fields=["live_until"],
                name="intervention_live_until",
                condition=Q(status="live", live_until__isnull=False),
            ),
            # The register of orders and notices, in its order; its filters are read from the index alone.
            models.Index(
                fields=["runs_until", "-issued_on", "id"],
                include=["status", "court_stage", "kind", "case", "issuing_agency"],
                name="intervention_register",
            ),
            models.Index(
                fields=["next_hearing_on"], name="intervention_next_hearing", condition=Q(next_hearing_on__isnull=False)
            ),
            models.Index(
                fields=["appeal_deadline"], name="intervention_appeal", condition=Q(appeal_deadline__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(live_until__isnull=True) | Q(live_until__gte=F("issued_on")),
                name="intervention_live_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(order_ends_on__isnull=True) | Q(order_ends_on__gte=F("issued_on")),
                name="intervention_order_ends_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(skipped_stage=False) | ~Q(justification=""), name="intervention_skip_justified"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} to {self.person} on {long_date(self.issued_on)}"

    def get_absolute_url(self) -> str:
        return reverse("incremental:intervention_detail", kwargs={"reference": self.case.reference, "pk": self.pk})

    def effective_status(self, today: datetime.date | None = None) -> str:
        """Live interventions whose live period has passed read as expired, before anyone records the expiry."""
        today = today or clock.today()
        if self.status == InterventionStatus.LIVE and self.live_until and self.live_until < today:
            return InterventionStatus.EXPIRED
        return self.status

    def is_live(self, today: datetime.date | None = None) -> bool:
        return self.effective_status(today) == InterventionStatus.LIVE

    @property
    def ends_on(self) -> datetime.date | None:
        """The last day it runs: the order's end, else the date it is live until; None until further order (what
        `runs_until` keeps in the database, NEVER_ENDS standing for None)."""
        return self.order_ends_on or self.live_until

    @property
    def counts_on_ladder(self) -> bool:
        """An intervention quashed on appeal never happened, as far as the ladder is concerned."""
        return self.status != InterventionStatus.QUASHED


class EventType(models.TextChoices):
    BREACH = "breach", "Breach"
    APPEAL_LODGED = "appeal_lodged", "Appeal lodged"
    APPEAL_DISMISSED = "appeal_dismissed", "Appeal dismissed (upheld)"
    APPEAL_ALLOWED = "appeal_allowed", "Appeal allowed (quashed)"
    HEARING_LISTED = "hearing_listed", "Hearing listed"
    VARIED = "varied", "Varied"
    DISCHARGED = "discharged", "Discharged"
    EXPIRED = "expired", "Expired"


class InterventionEvent(models.Model):
    """Something that happened to an intervention after it was issued; each lands on the case chronology."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    occurred_on = models.DateField("Date")
    details = models.TextField("What happened", max_length=5000)
    # Breaches: the evidence on the record.
    evidence_entry = models.ForeignKey(
        ChronologyEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_incident = models.ForeignKey(Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Hearings listed and variations.
    hearing_on = models.DateField("Hearing date", null=True, blank=True)
    new_live_until = models.DateField("New live until", null=True, blank=True)
    new_conditions = models.TextField("New conditions or terms", max_length=10000, blank=True)
    chronology_entry = models.ForeignKey(
        ChronologyEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["intervention", "occurred_on", "id"]
        indexes = [models.Index(fields=["intervention", "event_type"], name="intervention_event_type")]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} on {long_date(self.occurred_on)}"


class ReminderKind(models.TextChoices):
    LIVE_ENDING = "live_ending", "Live period ending"
    APPEAL_CLOSING = "appeal_closing", "Appeal window closing"
    HEARING = "hearing", "Hearing coming up"
    REVIEW_DUE = "review_due", "Risk review due"
    CONTACT_DUE = "contact_due", "Victim contact due"
    REFERRAL_FOLLOW_UP = "referral_follow_up", "Support referral follow-up"
    CASE_REVIEW_ACTION = "case_review_action", "ASB Case Review action due"
    # Made by the orders app (orders.reminders): a positive requirement's supervisor's update due.
    SUPERVISOR_UPDATE = "supervisor_update", "Supervisor's update due"
    IMMEDIATE_JUSTICE_START = "ij_start", "Immediate Justice to start"


class Reminder(models.Model):
    """A task on an officer's "My tasks", made by the daily reminder job; `key` makes each one exist once."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    # For a task about a record of the case other than an intervention (a victim's contact plan, a support referral,
    # an ASB Case Review action): that record's id, which task_views.task_link turns into the page it is done on.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    due_on = models.DateField()
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=clock.now)
    done_at = models.DateTimeField(null=True, blank=True)

    # Carried by a reminder shown as a task (incremental.task_views.annotate): where it is done, whether it is
    # overdue, due today or coming up, and the days to go or gone.
    link: str
    when: str
    days: int
    # Carried by a task on the case page (incremental.cards), which shows a reminder made for several officers
    # once: those officers, and the viewer's own reminder among them.
    officers: list[Officer]
    own: Reminder | None

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["officer", "done_at", "due_on"], name="reminder_inbox"),
            models.Index(fields=["case", "due_on"], name="reminder_case"),
        ]
        constraints = [models.UniqueConstraint(fields=["officer", "key"], name="reminder_once_per_event")]

    def __str__(self) -> str:
        return self.text


class Delivery(models.TextChoices):
    """How a letter reaches its recipient. Only a posted letter needs a postal address; any other way is printed
    above the address block, so whoever delivers it (and whoever reads the file later) knows."""

    POST = "post", "By post"
    HAND = "hand", "Hand delivered"
    EMAIL = "email", "E-mailed"
    OTHER = "other", "Another way"


class LetterRecipient(models.Model):
    """To whom, where and how a filed letter was sent: its address block and salutation as printed, one row for
    each letter document the officer confirmed (warning letters, the ABC, the letters to complainants)."""

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="recipient")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="letters_received")
    title = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=201)
    salutation = models.CharField(max_length=120)
    address_line_1 = models.CharField(max_length=100, blank=True)
    address_line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60, blank=True)
    county = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    delivery_note = models.CharField(max_length=200, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["person", "-filed_at"], name="letter_recipient_person")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(delivery="post") | (~Q(address_line_1="") & ~Q(postcode="")),
                name="letter_posted_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(delivery="other") | ~Q(delivery_note=""),
                name="letter_other_delivery_says_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_delivery_display().lower()})"


# --- Fixed penalties for breaching a CPN or a PSPO -------------------------------------------------------------

# The catalogue entries whose breach may be dealt with by a fixed penalty, by code.
FIXED_PENALTY_FOR_CODES = ("cpn", "pspo")
# The catalogue entry of the fixed penalty notice itself: its versions carry the most it may be (the 2014 Act's £100,
# the 2026 Act's £500), and each notice is an intervention of this kind on the person's ladder.
FIXED_PENALTY_CODE = "fixed_penalty"


class FixedPenalty(models.Model):
    """A fixed penalty notice given for breaching a CPN or a PSPO (the intervention breached): the amount, within
    the limit in force on the day it was issued (the catalogue's fixed penalty, incremental.penalties.penalty_limit); then paid, or not paid by
    the due date, and escalation to prosecution with its outcome."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="fixed_penalties")
    # The notice on the person's ladder (an intervention of kind FIXED_PENALTY_CODE) whose details these are. Empty
    # only for a penalty recorded before notices were on the ladder whose catalogue had no fixed penalty entry
    # (docs/decisions/0009-one-fixed-penalty.md).
    notice = models.OneToOneField(
        Intervention, on_delete=models.PROTECT, null=True, blank=True, related_name="fixed_penalty_details"
    )
    issued_on = models.DateField("Date issued")
    amount_pence = models.PositiveIntegerField("Amount")
    due_on = models.DateField("Pay by")
    paid_on = models.DateField("Date paid", null=True, blank=True)
    escalated_on = models.DateField("Date referred for prosecution", null=True, blank=True)
    escalation_outcome = models.TextField("Outcome of the prosecution", max_length=2000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["intervention", "issued_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="fixed_penalty_amount_positive"),
            models.CheckConstraint(condition=Q(due_on__gte=F("issued_on")), name="fixed_penalty_due_after_issue"),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=F("issued_on")),
                name="fixed_penalty_paid_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(escalated_on__isnull=True) | Q(escalated_on__gte=F("issued_on")),
                name="fixed_penalty_escalated_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(escalation_outcome="") | Q(escalated_on__isnull=False),
                name="fixed_penalty_outcome_needs_escalation",
            ),
        ]

    def __str__(self) -> str:
        return f"Fixed penalty of {pounds(self.amount_pence)} issued {long_date(self.issued_on)}"

    def payment_status(self, today: datetime.date | None = None) -> str:
        if self.paid_on:
            return f"Paid on {long_date(self.paid_on)}"
        if (today or clock.today()) > self.due_on:
            return f"Not paid by {long_date(self.due_on)}"
        return f"To be paid by {long_date(self.due_on)}"

    def is_unpaid_after_due(self, today: datetime.date | None = None) -> bool:
        return not self.paid_on and (today or clock.today()) > self.due_on


def pounds(pence: int) -> str:
    """£100, or £72.50."""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if not part else f"£{whole:,}.{part:02d}"


# --- Immediate Justice ---------------------------------------------------------------------------------------------

IMMEDIATE_JUSTICE_CODE = "immediate_justice"
IMMEDIATE_JUSTICE_START_WITHIN = datetime.timedelta(hours=48)


class ImmediateJustice(models.Model):
    """The reparative work of an Immediate Justice intervention, which must start within 48 hours of the referral:
    when the person was referred and when the work started (a task in My tasks until then)."""

    intervention = models.OneToOneField(Intervention, on_delete=models.PROTECT, related_name="immediate_justice")
    referred_at = models.DateTimeField("Referred")
    started_at = models.DateTimeField("Work started", null=True, blank=True)
    work = models.CharField("Reparative work", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=F("referred_at")),
                name="immediate_justice_starts_after_referral",
            )
        ]

    def __str__(self) -> str:
        return f"Immediate Justice referred {self.referred_at:%Y-%m-%d %H:%M}"

    @property
    def start_by(self) -> datetime.datetime:
        return self.referred_at + IMMEDIATE_JUSTICE_START_WITHIN

    def is_late(self, now: datetime.datetime | None = None) -> bool:
        """Started after the 48 hours, or not started and the 48 hours have passed."""
        if self.started_at:
            return self.started_at > self.start_by
        return (now or clock.now()) > self.start_by
