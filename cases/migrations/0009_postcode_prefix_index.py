from django.db import migrations

# Postcode searches are prefix matches (LIKE 'LE2 1%'); with a non-C collation only a pattern_ops index serves them.
SQL = "CREATE INDEX IF NOT EXISTS case_postcode_prefix ON cases_case (postcode varchar_pattern_ops);"
DROP_SQL = "DROP INDEX IF EXISTS case_postcode_prefix;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_dashboard_indexes")]

    operations = [migrations.RunPython(create, drop)]
