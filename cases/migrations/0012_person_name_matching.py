from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

TRIGRAM_SQL = "CREATE INDEX person_last_name_trgm ON cases_person USING gin ((lower(last_name)) gin_trgm_ops);"
DROP_TRIGRAM_SQL = "DROP INDEX IF EXISTS person_last_name_trgm;"


def phonetic(function):
    return models.Func(models.F("last_name"), function=function, output_field=models.CharField())


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_foreign_key_indexes"),
    ]

    operations = [
        # Trusted since PostgreSQL 13: the database's owner creates it, no superuser needed.
        CreateExtension("fuzzystrmatch"),
        migrations.RunSQL(TRIGRAM_SQL, DROP_TRIGRAM_SQL),
        migrations.AddIndex(
            model_name="person", index=models.Index(phonetic("dmetaphone"), name="person_last_name_metaphone")
        ),
        migrations.AddIndex(
            model_name="person", index=models.Index(phonetic("dmetaphone_alt"), name="person_last_name_metaphone2")
        ),
        migrations.AddIndex(
            model_name="person", index=models.Index(phonetic("soundex"), name="person_last_name_soundex")
        ),
    ]
