"""Keep each agency's Django group in step with the agency and its officers."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Agency, Officer
from .roles import agency_group_name


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
    previous = Officer.objects.filter(pk=instance.pk).values_list("agency_id", flat=True).first() if instance.pk else None
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
