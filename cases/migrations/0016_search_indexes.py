from django.db import migrations

# Trigram indexes on the text the header search looks inside (cases.search.selectors): a street, a place or part of
# a name anywhere in the lower-case text, whatever its case; and the start of a postcode, which the B-tree indexes
# on postcodes cannot answer under a collation other than C, and which a search combines with the others in one
# bitmap scan. pg_trgm is created by migration 0002.
INDEXES = {
    "case_address_trgm": ("cases_case", "(lower(address))"),
    "person_address_trgm": ("cases_person", "(lower(address))"),
    "incident_description_trgm": ("cases_incident", "(lower(description))"),
    "case_postcode_trgm": ("cases_case", "postcode"),
    "person_postcode_trgm": ("cases_person", "postcode"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_plan_actions"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} USING gin ({column} gin_trgm_ops);",
            f"DROP INDEX IF EXISTS {name};",
        )
        for name, (table, column) in INDEXES.items()
    ]
