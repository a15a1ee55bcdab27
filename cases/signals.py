"""A new JAG chair gets (and the previous chair loses) access to the cases the JAG manages."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from jag.models import Jag

from .models import Case
from .permissions import case_grant_access


@receiver(pre_save, sender=Jag)
def jag_remember_chair(sender, instance: Jag, **kwargs) -> None:
    instance._previous_chair_id = (
        Jag.objects.filter(pk=instance.pk).values_list("chair_id", flat=True).first() if instance.pk else None
    )


@receiver(post_save, sender=Jag)
def jag_chair_access(sender, instance: Jag, created: bool, **kwargs) -> None:
    if created or getattr(instance, "_previous_chair_id", None) == instance.chair_id:
        return
    for case in Case.objects.filter(jag=instance).select_related("lead_agency", "jag"):
        case_grant_access(case)
