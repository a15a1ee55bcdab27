"""What the importer remembers of the previous system: its ids of the cases and people it brought in."""

from django.db import models

from core import clock

from .case import Case
from .people import Person


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
