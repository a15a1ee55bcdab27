"""The case itself: what it is about, who leads it, who may see it, and the agencies brought into it."""

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


# The case lists' risk and status columns sort by weight, not spelling (cases.selectors.CASE_SORTS); each order has
# an index below, so a sorted list reads its page down the index instead of sorting every case.
RISK_RANK = models.Case(
    models.When(risk_band=RiskBand.HIGH, then=3),
    models.When(risk_band=RiskBand.MEDIUM, then=2),
    models.When(risk_band=RiskBand.STANDARD, then=1),
    default=0,
    output_field=models.IntegerField(),
)
STATUS_RANK = models.Case(
    models.When(status=CaseStatus.OPEN, then=0),
    models.When(status=CaseStatus.CLOSED, then=1),
    default=2,
    output_field=models.IntegerField(),
)


def sort_indexes(name: str, key) -> list[models.Index]:
    """Indexes for a case list sorted by `key` either way, ties broken by the newest activity (as sorted_cases
    orders), empty values last."""
    newest = (models.F("updated_at").desc(), models.F("id").desc())
    return [
        models.Index(key.asc(nulls_last=True), *newest, name=f"case_sort_{name}"),
        models.Index(key.desc(nulls_last=True), *newest, name=f"case_sort_{name}_desc"),
    ]


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
    # The JAG, lead agency and lead officer have no index of their own: the (…, status) indexes below lead with each,
    # and every index on the case is written again whenever an indexed column changes (the long-standing job flags
    # thousands of cases in one statement).
    jag = models.ForeignKey(
        Jag, on_delete=models.PROTECT, related_name="cases", verbose_name="Managing JAG", db_index=False
    )
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_cases", db_index=False)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_cases", db_index=False
    )
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

    # Carried by a case that cases.permissions.get_case_for let an officer open: what that officer may do on it.
    user_permissions: set[str]
    # Carried by the managers' dashboard's longest-standing cases: for how many days each has been long standing.
    long_standing_days: int

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [("contribute_to_case", "Can add to the case record")]
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="case_recent"),
            models.Index(fields=["lead_agency", "status"], name="case_lead_status"),
            models.Index(fields=["jag", "status"], name="case_jag_status"),
            models.Index(fields=["lead_officer", "status"], name="case_officer_status"),
            models.Index(fields=["status", "next_review_date"], name="case_status_review"),
            # A postcode, whole or its first part, is found through case_postcode_prefix (varchar_pattern_ops, made by
            # migration 0009), which serves equality as well as the prefix.
            # The header search finds a street anywhere in the address, whatever its case ("fosse road"): trigrams
            # on lower(address), made by migration 0014.
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
            *sort_indexes("risk", RISK_RANK),
            *sort_indexes("status", STATUS_RANK),
            *sort_indexes("review", models.F("next_review_date")),
            # Ascending, the reference's own unique index gives the order (a reference is never repeated).
            models.Index(models.F("reference").desc(nulls_last=True), name="case_sort_reference_desc"),
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
    def review_overdue_days(self) -> int:
        """How many days the review of an open case is overdue; 0 when it is not."""
        if not self.review_overdue:
            return 0
        assert self.next_review_date is not None  # an overdue review has a date
        return (clock.today() - self.next_review_date).days

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
