from django.db import migrations

# Trigram indexes on the lower-case text the header search looks inside (cases.search.selectors): a street, a
# place or part of a name anywhere in it, whatever its case. pg_trgm is created by migration 0002.
INDEXES = {
    "case_address_trgm": ("cases_case", "address"),
    "person_address_trgm": ("cases_person", "address"),
    "incident_description_trgm": ("cases_incident", "description"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_incident_police_references"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} USING gin ((lower({column})) gin_trgm_ops);",
            f"DROP INDEX IF EXISTS {name};",
        )
        for name, (table, column) in INDEXES.items()
    ]
