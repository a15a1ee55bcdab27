from django.db import migrations

ROLES = [
    "officer",
    "manager",
    "jag_chair",
    "lpu_commander",
    "la_community_safety_manager",
    "county_community_safety_team",
    "administrator",
]

APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION refuse_change_to_record() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER agencies_auditevent_append_only
    BEFORE UPDATE OR DELETE ON agencies_auditevent
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_record();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS agencies_auditevent_append_only ON agencies_auditevent;
"""


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=f"role:{role}")


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the SQL holds literal % signs (RAISE placeholders) that must not be read as parameters.
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(append_only, drop_append_only),
    ]
