"""Limits shipped until now as text only become rules (docs/domain.md, "Hours-long powers and orders made without
notice"): the dispersal direction lasts at most 48 hours, and the injunctions the 2014 Act's Part 1 governs may be
made without notice (s.6) as the Respect order may, so an officer can record that an order was made that way."""

import django.core.validators
from django.db import migrations, models

DISPERSAL_HOURS = 48
# The 2014 Act, s.6 (applications without notice) governs the civil injunction and, as continued by the Crime and
# Policing Act 2026, the youth and housing injunctions; the Respect order was shipped with it already.
WITHOUT_NOTICE = ["civil_injunction", "youth_injunction", "housing_injunction"]


def set_limits(apps, schema_editor):
    KindVersion = apps.get_model("incremental", "KindVersion")
    KindVersion.objects.filter(kind__code="dispersal", max_live_hours__isnull=True).update(
        max_live_hours=DISPERSAL_HOURS
    )
    KindVersion.objects.filter(kind__code__in=WITHOUT_NOTICE, withdrawn=False).update(without_notice=True)


def unset_limits(apps, schema_editor):
    KindVersion = apps.get_model("incremental", "KindVersion")
    KindVersion.objects.filter(kind__code__in=WITHOUT_NOTICE).update(without_notice=False)


class Migration(migrations.Migration):
    dependencies = [
        ("incremental", "0012_fixed_penalty_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="intervention",
            name="made_without_notice",
            field=models.BooleanField(db_default=False, default=False, verbose_name="Made without notice"),
        ),
        migrations.AddField(
            model_name="kindversion",
            name="max_live_hours",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="For a power that lasts hours, not months (a dispersal direction: 48)",
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="At most (hours)",
            ),
        ),
        migrations.RunPython(set_limits, unset_limits),
    ]
