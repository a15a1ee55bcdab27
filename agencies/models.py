import ipaddress
import uuid
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from core import clock

from .roles import Role, role_group_name


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    BRITISH_TRANSPORT_POLICE = "british_transport_police", "British Transport Police"
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


class SigningAlgorithm(models.TextChoices):
    RS256 = "RS256", "RS256"


class MatchClaim(models.TextChoices):
    EMAIL = "email", "E-mail address (the email claim, matched to the officer's e-mail)"
    SUBJECT = "subject", "Subject (the sub claim, matched to the subject stored on the officer)"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class IdentityProvider(models.Model):
    """An agency's own OpenID Connect identity provider (Microsoft Entra ID and the like): its officers sign in
    through it, and only its agency's officers may."""

    ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="identity_providers")
    slug = models.SlugField(unique=True, help_text="Names the provider in its sign-in address: /sign-in/sso/<slug>/")
    display_name = models.CharField(
        max_length=100, help_text='The sign-in button reads "Sign in with <display name> account".'
    )
    issuer = models.URLField(
        max_length=500,
        help_text="Exactly as the provider's ID tokens name it, e.g. https://login.microsoftonline.com/<tenant id>/v2.0",
    )
    client_id = models.CharField("client ID", max_length=255)
    client_secret = models.CharField(max_length=500)
    # Filled from the issuer's discovery document (/.well-known/openid-configuration) when the admin asks.
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField(
        max_length=500, blank=True, help_text="Optional: without it, only the ID token's claims are read."
    )
    jwks_uri = models.URLField("JWKS URI", max_length=500, blank=True)
    signing_algorithm = models.CharField(
        max_length=10, choices=SigningAlgorithm.choices, default=SigningAlgorithm.RS256
    )
    match_by = models.CharField(max_length=10, choices=MatchClaim.choices, default=MatchClaim.EMAIL)
    enabled = models.BooleanField(default=False, help_text="Shows its button on the sign-in page.")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enabled=False)
                | (
                    ~models.Q(authorization_endpoint="")
                    & ~models.Q(token_endpoint="")
                    & ~models.Q(jwks_uri="")
                    & ~models.Q(client_secret="")
                ),
                name="identity_provider_enabled_is_complete",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        # Tokens and secrets travel to these addresses: only TLS, but for a provider on this machine itself.
        errors = {}
        if self.slug == "callback":
            errors["slug"] = "This name is taken by the sign-in address the providers send officers back to"
        for field in ("issuer", *self.ENDPOINTS):
            value = getattr(self, field)
            if value and urlsplit(value).scheme != "https" and not _is_loopback(urlsplit(value).hostname or ""):
                errors[field] = "Enter an https:// address"
        if self.enabled and not errors:
            for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not getattr(self, field):
                    errors[field] = "Enter this endpoint, or fill the endpoints from the discovery document"
        if errors:
            raise ValidationError(errors)


class Officer(AbstractUser):
    """A person who signs in: an officer of one partner agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers", null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, related_name="officers", null=True, blank=True
    )
    job_title = models.CharField(max_length=120, blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    # For single sign-on through a provider that matches by subject: who the officer is at that provider.
    oidc_provider = models.ForeignKey(
        IdentityProvider,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="single sign-on provider",
    )
    oidc_subject = models.CharField(
        "subject at the provider",
        max_length=255,
        blank=True,
        help_text="The provider's sub claim for this officer (for providers that match by subject).",
    )

    # While an officer is saved: their agency before the save (agencies.signals moves them between agency groups).
    _previous_agency_id: int | None

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_provider", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="officer_oidc_subject_unique_per_provider",
            ),
            models.CheckConstraint(
                condition=models.Q(oidc_subject="") | models.Q(oidc_provider__isnull=False),
                name="officer_oidc_subject_has_provider",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        if self.oidc_provider_id is not None and self.oidc_provider.agency_id != self.agency_id:  # type: ignore[union-attr]
            raise ValidationError({"oidc_provider": "Choose a provider of the officer's own agency"})
        if self.oidc_subject and self.oidc_provider_id is None:
            raise ValidationError({"oidc_provider": "Choose the provider the subject belongs to"})

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
    # The client's address as the trusted proxies reported it (core.network), and beside it the X-Forwarded-For
    # header exactly as received, believed or not (empty by default in the database too, for rows written in bulk by
    # SQL, as the importer does).
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    forwarded_for = models.CharField(max_length=500, blank=True, db_default="")
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["officer", "-at"], name="audit_officer_at")]

    def __str__(self) -> str:
        # Not the description, which can name people on a case: it is shown only where the reader may see the case.
        return f"{self.at:%Y-%m-%d %H:%M} {self.officer} {self.get_action_display()} {self.case_reference}".rstrip()


class FormSubmission(models.Model):
    """A once-only token per rendered form, so a double-submitted form creates one record, not two."""

    token = models.UUIDField(primary_key=True, default=uuid.uuid4)
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)
    result_url = models.CharField(max_length=500)


__all__ = [
    "Agency",
    "AgencyKind",
    "AuditAction",
    "AuditEvent",
    "Department",
    "FormSubmission",
    "IdentityProvider",
    "MatchClaim",
    "Officer",
    "Role",
    "SigningAlgorithm",
]


class Notification(models.Model):
    """An in-app message to one officer (also e-mailed), e.g. that a case they lead became long standing."""

    # No index of its own: the inbox index and the once-per-event constraint both lead with the recipient, and a
    # third index on it only slows the daily jobs' bulk writes.
    recipient = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="notifications", db_index=False)
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
