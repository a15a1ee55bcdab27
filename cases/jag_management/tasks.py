"""The daily long-standing check as a Celery task: thin, named explicitly, calling the job."""

from celery import shared_task

from agencies.jobs import job_day

from .job import long_standing_flag_all

FLAG_LONG_STANDING = "cases.flag_long_standing"


@shared_task(name=FLAG_LONG_STANDING, ignore_result=False)
def flag_long_standing(*, as_of: str | None = None) -> dict:
    """The daily long-standing check (django-celery-beat runs it; see migration 0005_jag_long_standing_schedule)."""
    day = job_day(as_of)
    run = long_standing_flag_all(as_of=day)
    return {
        "as_of": run.as_of.isoformat(),
        "flagged": run.flagged,
        "unflagged": run.unflagged,
        "notifications": run.notifications,
        "emails": run.emails,
    }
