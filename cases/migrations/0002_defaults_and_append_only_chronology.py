from django.db import migrations

REVIEW_DAYS = {"high": 14, "medium": 28, "standard": 56}

CATEGORIES = [
    ("Noise nuisance", False),
    ("Rowdy or inconsiderate behaviour", False),
    ("Neighbour dispute", False),
    ("Harassment or intimidation", False),
    ("Criminal damage or vandalism", False),
    ("Drug or substance misuse and dealing", False),
    ("Street drinking", False),
    ("Vehicle nuisance", False),
    ("Fly-tipping or littering", False),
    ("Animal-related problems", False),
    ("Hate incident", True),
    ("Other", False),
]

APPEND_ONLY_SQL = """
CREATE TRIGGER cases_chronologyentry_append_only
    BEFORE UPDATE OR DELETE ON cases_chronologyentry
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_record();
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS person_search_name_trgm ON cases_person USING gin (search_name gin_trgm_ops);
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS cases_chronologyentry_append_only ON cases_chronologyentry;
DROP INDEX IF EXISTS person_search_name_trgm;
"""


def defaults(apps, schema_editor):
    Interval = apps.get_model("cases", "RiskReviewInterval")
    Category = apps.get_model("cases", "Category")
    for band, days in REVIEW_DAYS.items():
        Interval.objects.get_or_create(band=band, defaults={"days": days})
    for order, (name, hate) in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"is_hate_incident": hate, "sort_order": order * 10})


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("agencies", "0002_roles_and_append_only_audit")]

    operations = [
        migrations.RunPython(defaults, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
