from django.db import migrations

# A case is under at most one JAG's management on any day: periods [started_on, ended_on) never overlap.
EXCLUSION_SQL = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE cases_jagmanagementperiod ADD CONSTRAINT jag_period_no_overlap
    EXCLUDE USING gist (case_id WITH =, daterange(started_on, ended_on, '[)') WITH &&);
"""

DROP_SQL = "ALTER TABLE cases_jagmanagementperiod DROP CONSTRAINT IF EXISTS jag_period_no_overlap;"


def policy(apps, schema_editor):
    apps.get_model("cases", "CasePolicy").objects.get_or_create(pk=1)


def exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXCLUSION_SQL, params=None)


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_jag_management_and_case_reviews")]

    operations = [
        migrations.RunPython(policy, migrations.RunPython.noop),
        migrations.RunPython(exclusion, drop_exclusion),
    ]
