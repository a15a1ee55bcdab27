from django.db import migrations

TASK = "cessation.chronology_sheets_sweep"
NAME = "Chronologies of long cases laid out ahead for the case review pack"


def create_schedule(apps, schema_editor):
    """Every ten minutes, django-celery-beat queues the sweep: a pack asked for then finds all but the chronology's
    newest entries laid out."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "interval": every, "crontab": None, "enabled": True, "kwargs": "{}"}
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cessation", "0005_chronology_sheets"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
