"""{% case_reminders case %}: the open reminders on a case (any officer's) for the case page. A reminder made for
two officers (the issuing officer and the lead officer) shows once, naming both, with a "Mark as done" button for
the viewer's own."""

from django import template

from core import clock

from ..models import Reminder
from ..task_views import annotate

register = template.Library()

# A case has a handful at most; the cap keeps the card short should a job ever misbehave.
CASE_TASKS_SHOWN = 20


@register.inclusion_tag("incremental/tasks/case_reminders.html", takes_context=True)
def case_reminders(context, case):
    request = context["request"]
    reminders = (
        Reminder.objects.filter(case=case, done_at__isnull=True)
        .select_related("case", "officer__agency")
        .order_by("due_on", "id")[:CASE_TASKS_SHOWN]
    )
    tasks: dict[str, Reminder] = {}
    for reminder in annotate(reminders, clock.today()):
        task = tasks.get(reminder.key)
        if task is None:
            task = tasks[reminder.key] = reminder
            task.officers, task.own = [], None
        task.officers.append(reminder.officer)
        if reminder.officer_id == request.user.pk:
            task.own = reminder
    return {
        "tasks": list(tasks.values()),
        "next": f"{case.get_absolute_url()}#tasks",
        # An inclusion tag's template gets a fresh context: the form's CSRF token is handed on explicitly.
        "csrf_token": context.get("csrf_token"),
    }
