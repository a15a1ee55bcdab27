import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from agencies.models import Agency
from core import clock
from jag.models import Jag

# UK postcode, outward and inward parts; BFPO and overseas are out of scope for LLR.
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code: "le2 1aa" → "LE2 1AA".

    Only a whole postcode (5 to 7 characters without spaces) is split; an outward code alone ("LE15") or a
    partly typed one ("LE1 6") keeps the officer's own spacing, so searches by district still match.
    """
    text = " ".join((value or "").upper().split())
    compact = text.replace(" ", "")
    return f"{compact[:-3]} {compact[-3:]}" if 5 <= len(compact) <= 7 else text


def validate_postcode(value: str) -> None:
    if value and not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real postcode, like LE1 6ZG", code="postcode")


class Category(models.Model):
    """What the ASB is about. Administrators keep the list; a hate category flags the case as a hate incident."""

    name = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_hate_incident = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class RiskBand(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed (resolved)"
    CEASED = "ceased", "Closed: unresolved (ceased)"


class CaseReferenceCounter(models.Model):
    """The last case number issued in a year; ASB-<year>-<number> references come from here."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    address = models.CharField("Address or location", max_length=300)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    ward = models.CharField(max_length=120, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases")
    hate_incident = models.BooleanField("Hate incident", default=False)
    jag = models.ForeignKey(Jag, on_delete=models.PROTECT, related_name="cases", verbose_name="Managing JAG")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_cases")
    lead_officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_cases")
    summary = models.TextField(max_length=5000)
    risk_band = models.CharField(max_length=10, choices=RiskBand.choices, blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    # A restricted case is shared with named officers only, not with whole agencies.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="restricted_cases")
    involved_agencies = models.ManyToManyField(Agency, through="CaseAgency", related_name="involved_cases")
    opened_at = models.DateTimeField(default=clock.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=clock.now)
    # Set by the daily long-standing job: since when the case has been long standing (empty when it is not).
    long_standing_since = models.DateField(null=True, blank=True)
    # Optimistic lock: every change of the case details increments it, so a stale form cannot overwrite.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("contribute_to_case", "Can add to the case record")]
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="case_recent"),
            models.Index(fields=["lead_agency", "status"], name="case_lead_status"),
            models.Index(fields=["jag", "status"], name="case_jag_status"),
            models.Index(fields=["lead_officer", "status"], name="case_officer_status"),
            models.Index(fields=["status", "next_review_date"], name="case_status_review"),
            models.Index(fields=["postcode"], name="case_postcode"),
            models.Index(fields=["opened_at"], name="case_opened"),
            models.Index(fields=["long_standing_since"], name="case_long_standing"),
            # Every column the managers' dashboard counts by, so its one pass over the cases reads this index
            # (a fifth of the table's size) instead of the table.
            models.Index(
                fields=["jag", "lead_agency"],
                include=[
                    "id",
                    "status",
                    "risk_band",
                    "next_review_date",
                    "long_standing_since",
                    "opened_at",
                    "closed_at",
                ],
                name="case_dashboard",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def review_overdue(self) -> bool:
        return self.is_open and self.next_review_date is not None and self.next_review_date < clock.today()

    @property
    def needs_plan(self) -> bool:
        return self.risk_band in (RiskBand.MEDIUM, RiskBand.HIGH)


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class CaseAgency(models.Model):
    """An agency brought into a case by the lead agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_links")
    added_at = models.DateTimeField(default=clock.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="case_agency_once")]


class Person(models.Model):
    """One record per real person, reused across cases so repeat victims and perpetrators are recognised."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    # Lower-case "first last", kept in step on save, for matching and search.
    search_name = models.CharField(max_length=201, editable=False, db_index=True)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["postcode"], name="person_postcode")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = f"{self.first_name} {self.last_name}".lower().strip()
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:person", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class PersonRole(models.TextChoices):
    COMPLAINANT = "complainant", "Complainant / victim"
    PERPETRATOR = "perpetrator", "Perpetrator"
    WITNESS = "witness", "Witness"
    OTHER = "other", "Other"


class CasePerson(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    added_at = models.DateTimeField(default=clock.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["role", "person__last_name"]
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="case_person_role_once")]
        indexes = [
            models.Index(fields=["person", "case"], name="caseperson_person"),
            # A victim's cases (the ASB Case Review threshold): the complainant roles by person, case from the index.
            models.Index(fields=["role", "person", "case"], name="caseperson_role_person"),
        ]


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


class EntryKind(models.TextChoices):
    VISIT = "visit", "Visit"
    CALL = "call", "Telephone call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    REFERRAL = "referral", "Referral"
    MEETING = "meeting", "Meeting"
    DECISION = "decision", "Decision"
    INTERVENTION = "intervention", "Intervention"
    NOTE = "note", "Note"
    CORRECTION = "correction", "Correction"
    SYSTEM = "system", "System event"


# The kinds an officer may choose; corrections and system events are written by the service only.
OFFICER_ENTRY_KINDS = [(k.value, k.label) for k in EntryKind if k not in (EntryKind.CORRECTION, EntryKind.SYSTEM)]


class ChronologyEntry(models.Model):
    """One line of the case record. Append-only: never updated or deleted (a trigger enforces it on PostgreSQL)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    occurred_at = models.DateTimeField("Date and time of the action")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=10000)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "chronology entries"
        indexes = [models.Index(fields=["case", "-occurred_at", "-id"], name="chronology_case_when")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.occurred_at:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_system(self) -> bool:
        return self.kind == EntryKind.SYSTEM


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


class PlanVersion(models.Model):
    """Appendix A, the case management process form. Every save is a new version; none is ever changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveIntegerField()
    # 1. Case details
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    # 2. Information and intelligence
    overview = models.TextField("Overview of the issues", max_length=10000)
    partner_reports = models.TextField("What partners and residents report", max_length=10000, blank=True)
    # 3. Vulnerability / threat of harm
    who_is_at_risk = models.TextField("Who is at risk", max_length=5000)
    risk_from = models.TextField("At risk from what or whom", max_length=5000)
    likely_outcome = models.TextField("Most likely scenario or outcome", max_length=5000, blank=True)
    children_involved = models.BooleanField("Are children involved?")
    safeguarding_considered = models.BooleanField(
        "Has a welfare check or safeguarding referral been considered?", null=True, blank=True
    )
    safeguarding_notes = models.TextField("Safeguarding notes", max_length=5000, blank=True)
    # 4. Options of support, powers and policies
    support_options = models.TextField("Support options for the individual's needs", max_length=10000, blank=True)
    powers_available = models.TextField("Powers or policies available", max_length=10000, blank=True)
    # 5. Actions taken
    actions = models.TextField("What we are going to do or have done", max_length=10000)
    rationale = models.TextField("Why these options", max_length=10000, blank=True)
    # 6. Review
    review_outcome = models.TextField("Outcome of the actions", max_length=10000, blank=True)
    risk_alleviated = models.TextField(
        "Has the risk been alleviated, have the issues reduced?", max_length=5000, blank=True
    )
    new_information = models.TextField("New information affecting risk or harm", max_length=10000, blank=True)
    # 7. Revise
    further_actions = models.TextField("Further courses of action to consider", max_length=10000, blank=True)

    class Meta:
        ordering = ["case", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_version_number_once")]

    def __str__(self) -> str:
        return f"{self.case.reference} plan v{self.number}"


def document_upload_path(instance: "Document", filename: str) -> str:
    # The stored name never comes from the uploader; the original name is kept in a field.
    return f"cases/{instance.case_id}/{instance.sha256[:2]}/{clock.now():%Y%m%d%H%M%S}-{instance.sha256[:16]}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    file = models.FileField(upload_to=document_upload_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "-uploaded_at"], name="document_case_when")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:document_download", kwargs={"reference": self.case.reference, "pk": self.pk})


class CasePolicy(models.Model):
    """The partnership's figures for long-standing cases and the ASB Case Review threshold (one row).

    Policy and law change, so these are data an administrator edits, not constants in code.
    """

    long_standing_days = models.PositiveSmallIntegerField(
        "Days under JAG management that make a case long standing", default=122
    )
    long_standing_window_months = models.PositiveSmallIntegerField("Counted over the last (months)", default=12)
    case_review_incidents = models.PositiveSmallIntegerField("ASB Case Review: incidents", default=3)
    case_review_window_months = models.PositiveSmallIntegerField("ASB Case Review: within the last (months)", default=6)
    case_review_report_within_months = models.PositiveSmallIntegerField(
        "ASB Case Review: each reported within (months of happening)", default=1
    )
    case_review_hate_incidents = models.PositiveSmallIntegerField("ASB Case Review: or hate incidents", default=1)
    case_review_appeal_working_days = models.PositiveSmallIntegerField(
        "ASB Case Review: appeal within (working days)", default=20
    )

    class Meta:
        verbose_name = "case policy"
        verbose_name_plural = "case policy"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="case_policy_single_row")]

    def __str__(self) -> str:
        return "Case policy"

    @classmethod
    def current(cls) -> "CasePolicy":
        return cls.objects.get_or_create(pk=1)[0]


class PeriodStart(models.TextChoices):
    REFERRED = "referred", "Referred to the JAG"
    TRANSFERRED_IN = "transferred_in", "Transferred from another JAG"
    IMPORTED = "imported", "Imported from the previous system"


class PeriodEnd(models.TextChoices):
    TAKEN_OFF = "taken_off", "Taken off JAG management"
    TRANSFERRED_OUT = "transferred_out", "Transferred to another JAG"
    CASE_CLOSED = "case_closed", "Case closed"
    IMPORTED = "imported", "Imported from the previous system"


class JagManagementPeriod(models.Model):
    """A stretch of time a case was under a JAG's case management: [started_on, ended_on), open while ended_on is
    empty. A case's periods never overlap (a PostgreSQL exclusion constraint guards it)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="jag_periods")
    jag = models.ForeignKey(Jag, on_delete=models.PROTECT, related_name="case_periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    start_reason = models.CharField(max_length=20, choices=PeriodStart.choices, default=PeriodStart.REFERRED)
    end_reason = models.CharField(max_length=20, choices=PeriodEnd.choices, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "started_on"]
        indexes = [
            models.Index(fields=["case", "started_on"], name="jag_period_case_start"),
            models.Index(fields=["ended_on"], name="jag_period_ended"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=models.F("started_on")),
                name="jag_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(ended_on__isnull=True), name="jag_period_one_open_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.jag_id} {self.started_on}–{self.ended_on or ''}"


class LongStandingChange(models.Model):
    """When a case became long standing, or fell below the threshold, as the daily job found it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="long_standing_changes")
    became_long_standing = models.BooleanField()
    as_of = models.DateField()
    days_in_window = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["as_of", "became_long_standing"], name="long_standing_change_when")]


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


class AgendaReason(models.TextChoices):
    REVIEW_DUE = "review_due", "Review due or overdue"
    NEWLY_HIGH_RISK = "newly_high_risk", "Newly high risk"
    NEWLY_LONG_STANDING = "newly_long_standing", "Newly long standing"
    CASE_REVIEW_THRESHOLD = "case_review_threshold", "ASB Case Review threshold met"
    CESSATION_PROPOSAL = "cessation_proposal", "Cessation proposal"
    ADDED = "added", "Added by hand"


class AgendaItem(models.Model):
    """A case on a JAG meeting's agenda, with the JAG's decision on it."""

    meeting = models.ForeignKey("jag.Meeting", on_delete=models.CASCADE, related_name="agenda_items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agenda_items")
    reasons = models.CharField(max_length=200, help_text="Comma-separated agenda reasons")
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.TextField(max_length=10000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once_per_meeting")]

    @property
    def reason_labels(self) -> list[str]:
        return [AgendaReason(r).label for r in self.reasons.split(",") if r in AgendaReason.values]


class MeetingAction(models.Model):
    """An action a JAG assigns to an agency on a case, with a due date."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="jag_actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="jag_actions")
    description = models.TextField(max_length=2000)
    due_on = models.DateField()
    completed_on = models.DateField("Date done", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completion_note = models.CharField("What was done", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "completed_on", "due_on"], name="jag_action_agency_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True, completed_by__isnull=True)
                | models.Q(completed_on__isnull=False, completed_by__isnull=False),
                name="jag_action_done_by_someone",
            )
        ]

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (an action due today is not yet overdue)."""
        return self.completed_on is None and self.due_on < clock.today()


class ImportedCase(models.Model):
    """A case brought in from the partnership's previous system, by its id there (re-importing skips it)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="import_record")
    legacy_id = models.CharField(max_length=100, unique=True)
    imported_at = models.DateTimeField(default=clock.now)


class ImportedPerson(models.Model):
    """A person brought in from the previous system, by their id there (a later import reuses the record)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="import_record")
    legacy_id = models.CharField(max_length=100, unique=True)
    imported_at = models.DateTimeField(default=clock.now)
