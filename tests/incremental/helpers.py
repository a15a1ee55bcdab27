"""What the ladder's tests share with the browser journey."""

import importlib
from types import SimpleNamespace

from django.apps import apps as django_apps

from incremental.models import InterventionKind, KindVersion

_default = importlib.import_module("incremental.migrations.0002_default_catalogue")
_versions = importlib.import_module("incremental.migrations.0007_catalogue_versions")
_limits = importlib.import_module("incremental.migrations.0013_catalogue_hours_and_without_notice")
_closure = importlib.import_module("incremental.migrations.0014_closure_notice_and_landlord_conditions")


def ensure_catalogue() -> None:
    """Seed the catalogue again as the migrations leave it (the default entries, their first versions, and 2026's)
    when a test that really commits (a browser journey, a Celery worker) has flushed the database, and with it what
    the migrations seeded."""
    if InterventionKind.objects.exists():
        return
    kinds = {}
    for order, row in enumerate(_default.CATALOGUE):
        code, name, short, tier, court, basis, notes, agencies, age, live, appeal, letter, refusable, extra = row
        kinds[code] = InterventionKind.objects.create(
            code=code,
            name=name,
            short_name=short,
            tier=tier,
            court_stage=court,
            notes=notes,
            letter=letter,
            can_be_refused=refusable,
            sort_order=(order + 1) * 10,
        )
        rules = {name: None for name in _versions.RULES} | {
            "issuing_agency_kinds": agencies,
            "minimum_age": age,
            "default_live_months": live,
            "appeal_days": appeal,
            **extra,
        }
        entry = SimpleNamespace(name=name, short_name=short, legal_basis=basis, notes=notes, **rules)
        version = _versions.first_version(KindVersion, kinds[code], entry)
        if code == "cpn":
            version.requires_prior.set([kinds["cpw"]])
    _versions.add_2026(InterventionKind, KindVersion)
    _limits.set_limits(django_apps, None)
    _closure.set_rules(django_apps, None)
