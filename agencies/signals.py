"""Keep each agency's Django group in step with the agency and its officers."""

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core import clock
from core.http import client_ip, forwarded_for, user_agent

from .middleware import LAST_ACTIVITY_SESSION_KEY
from .models import Agency, AuditAction, Officer
from .oidc import sign_on_attempt
from .roles import agency_group_name
from .services import audit_record


@receiver(pre_save, sender=Agency)
def agency_has_group(sender, instance: Agency, **kwargs) -> None:
    if instance.group_id is None:
        # The group is named after the agency's id once known; a provisional unique name until then.
        instance.group = Group.objects.create(name=f"agency:new:{instance.short_name}")


@receiver(post_save, sender=Agency)
def agency_group_named(sender, instance: Agency, **kwargs) -> None:
    wanted = agency_group_name(instance.pk)
    if instance.group.name != wanted:
        Group.objects.filter(pk=instance.group_id).update(name=wanted)
        instance.group.name = wanted


@receiver(pre_save, sender=Officer)
def officer_remember_agency(sender, instance: Officer, **kwargs) -> None:
    previous = (
        Officer.objects.filter(pk=instance.pk).values_list("agency_id", flat=True).first() if instance.pk else None
    )
    instance._previous_agency_id = previous


@receiver(post_save, sender=Officer)
def officer_in_agency_group(sender, instance: Officer, **kwargs) -> None:
    previous = getattr(instance, "_previous_agency_id", None)
    if previous == instance.agency_id and not kwargs.get("created"):
        return
    if previous and previous != instance.agency_id:
        instance.groups.remove(Agency.objects.get(pk=previous).group_id)
    if instance.agency_id:
        instance.groups.add(Agency.objects.values_list("group_id", flat=True).get(pk=instance.agency_id))


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    # The signal's user, not request.user: a request need not carry one (test clients' force_login, API logins).
    attempt = sign_on_attempt(request)
    audit_record(
        officer=user,
        action=AuditAction.SIGN_IN,
        description=f"Signed in through {attempt.provider.display_name} (single sign-on)" if attempt else "Signed in",
        ip_address=client_ip(request) if request is not None else None,
        forwarded_for=forwarded_for(request) if request is not None else "",
        user_agent=user_agent(request) if request is not None else "",
    )


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs) -> None:
    # The idle timeout counts from the sign-in, which saves the session anyway: the first page after it then has
    # nothing to write.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_SESSION_KEY] = clock.now().timestamp()


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    attempt = sign_on_attempt(request)
    username = str(credentials.get("username", ""))[:150]
    # A wrong second factor comes from a session that gave the right password (agencies.security_views).
    factor = credentials.get("second_factor")
    if attempt is not None:
        description = f"Failed sign-in through {attempt.provider.display_name} (single sign-on): {attempt.detail}"
    elif factor:
        description = f"Wrong {factor} for {username!r}"
    else:
        description = f"Failed sign-in as {username!r}"
    audit_record(
        officer=None,
        action=AuditAction.SIGN_IN_FAILED,
        description=description,
        ip_address=client_ip(request),
        forwarded_for=forwarded_for(request),
        user_agent=user_agent(request),
    )
