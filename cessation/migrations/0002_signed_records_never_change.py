from django.db import migrations

# Signed closure reports, and every document kept on a case, are evidence: on PostgreSQL a trigger refuses to
# change or delete them in place (refuse_change_to_record() comes from agencies' migration 0002).
SQL = """
CREATE TRIGGER cessation_closurereport_never_changes
    BEFORE UPDATE OR DELETE ON cessation_closurereport
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_record();
CREATE TRIGGER cases_document_never_changes
    BEFORE UPDATE OR DELETE ON cases_document
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_record();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS cessation_closurereport_never_changes ON cessation_closurereport;
DROP TRIGGER IF EXISTS cases_document_never_changes ON cases_document;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("cessation", "0001_initial"), ("agencies", "0002_roles_and_append_only_audit")]

    operations = [migrations.RunPython(create, drop)]
