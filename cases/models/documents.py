"""Documents kept on a case, stored outside the web root."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import clock

from .case import Case


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
