from django.conf import settings
from django.db import models

from agencies.models import Agency


class Jag(models.Model):
    """A Joint Action Group: the multi-agency partnership of one locality."""

    name = models.CharField(max_length=200, unique=True)
    locality = models.CharField(max_length=120, unique=True)
    member_agencies = models.ManyToManyField(Agency, related_name="jags", blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_jags"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="jag_memberships", blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "JAG"
        verbose_name_plural = "JAGs"

    def __str__(self) -> str:
        return self.name
