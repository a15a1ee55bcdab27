import uuid

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core import clock

from .roles import Role, role_group_name


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    YOUTH_JUSTICE = "youth_justice", "Youth justice / children's services"
    PROBATION = "probation", "Probation"
    SOCIAL_LANDLORD = "social_landlord", "Registered provider of social housing"
    HEALTH = "health", "Health"
    CPS = "cps", "Crown Prosecution Service"
    ENVIRONMENT_AGENCY = "environment_agency", "Environment Agency"
    OTHER = "other", "Other partner"


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    # The agency's Django group: every officer of the agency is in it, and case access is granted to it.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, editable=False, related_name="agency")
    # Letterhead for letters and reports issued by the agency.
    address = models.TextField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    # Administrators always give a second factor; an agency may ask it of all its officers too.
    require_second_factor = models.BooleanField(
        "require a second factor",
        default=False,
        help_text="Officers who sign in with a password must also give a code from an authenticator app.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency.short_name}: {self.name}"


class Officer(AbstractUser):
    """A person who signs in: an officer of one partner agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers", null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, related_name="officers", null=True, blank=True
    )
    job_title = models.CharField(max_length=120, blank=True)
    telephone = models.CharField(max_length=40, blank=True)

    # While an officer is saved: their agency before the save (agencies.signals moves them between agency groups).
    _previous_agency_id: int | None

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role | str) -> bool:
        return self.groups.filter(name=role_group_name(role)).exists()


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    DOWNLOAD = "download", "Downloaded"
    EXPORT = "export", "Exported"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    SHARE = "share", "Shared"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"


class AuditEvent(models.Model):
    """Who viewed, downloaded, exported or changed what, when and from where. Append-only."""

    at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    # The case reference the event concerns, so a case's whole audit trail is one indexed lookup.
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    description = models.CharField(max_length=500)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["officer", "-at"], name="audit_officer_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.officer} {self.get_action_display()} {self.description}"


class FormSubmission(models.Model):
    """A once-only token per rendered form, so a double-submitted form creates one record, not two."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    result_url = models.CharField(max_length=500)


__all__ = ["Agency", "AgencyKind", "AuditAction", "AuditEvent", "Department", "FormSubmission", "Officer", "Role"]


class Notification(models.Model):
    """An in-app message to one officer (also e-mailed), e.g. that a case they lead became long standing."""

    recipient = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    # Makes a notification idempotent: the same event never notifies the same officer twice.
    event_key = models.CharField(max_length=120)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event")]

    def __str__(self) -> str:
        return self.text
