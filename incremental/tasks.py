"""Celery tasks of the Incremental Approach: thin, named explicitly, each calling one service."""

from celery import shared_task

from agencies.jobs import job_day

from .reminders import reminders_generate

GENERATE_REMINDERS = "incremental.generate_reminders"


@shared_task(name=GENERATE_REMINDERS, ignore_result=False)
def generate_reminders(*, as_of: str | None = None) -> dict:
    """The daily reminders for "My tasks" (django-celery-beat runs it; see migration 0003_reminder_schedule)."""
    day = job_day(as_of)
    return {"as_of": day.isoformat(), **reminders_generate(as_of=day)}
