"""What the ladder's tests share with the browser journey."""

import importlib

from django.apps import apps

from incremental.models import InterventionKind

_catalogue_migration = importlib.import_module("incremental.migrations.0002_default_catalogue")


def ensure_catalogue() -> None:
    """Seed the default catalogue again when a test that really commits (a browser journey, a Celery worker) has
    flushed the database, and with it what the migration seeded."""
    if not InterventionKind.objects.exists():
        _catalogue_migration.seed(apps, None)
