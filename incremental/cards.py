"""What the Incremental Approach adds to the pages of the case file (registered in incremental.apps): the open
reminders on the case page, the ladder of each perpetrator on the case page, and the ladder on the person page. The
ladders read with a fixed number of queries, however long they are and however many perpetrators."""

from cases.models import PersonRole
from core import clock

from .models import Reminder
from .permissions import may_record_interventions
from .selectors import cases_to_record_on, ladder_for_person, ladders_for_people
from .task_views import annotate

REMINDERS_TEMPLATE = "incremental/tasks/case_reminders.html"
CASE_LADDERS_TEMPLATE = "incremental/case_ladders.html"
PERSON_LADDER_TEMPLATE = "incremental/person_ladder.html"
MATCH_LADDER_TEMPLATE = "incremental/match_ladder.html"

# A case has a handful at most; the cap keeps the card short should a job ever misbehave.
CASE_TASKS_SHOWN = 20


def case_reminders(context, case) -> dict:
    """The open reminders on the case (any officer's). A reminder made for two officers (the issuing officer and the
    lead officer) shows once, naming both, with a "Mark as done" button for the viewer's own."""
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
    return {"tasks": list(tasks.values()), "next": f"{case.get_absolute_url()}#tasks"}


def perpetrator_ladders(context, case) -> dict:
    """One ladder per perpetrator, from the page's own list of the case's people (no query again for them)."""
    user = context["request"].user
    perpetrators = [link.person for link in context["people"] if link.role == PersonRole.PERPETRATOR]
    ladders = ladders_for_people(user, perpetrators) if perpetrators else {}
    return {
        "case": case,
        "ladders": [ladders[p.pk] for p in perpetrators],
        "can_record": may_record_interventions(case),
    }


def person_ladder(context, person) -> dict:
    user = context["request"].user
    return {"ladder": ladder_for_person(user, person), "record_cases": list(cases_to_record_on(user, person))}


def match_ladders(user, people) -> dict[int, dict]:
    """Each possible match's stage on the ladder and what is live against them, on any case (two queries for all
    of them): a person already under a CPN must not be added again as someone with no history."""
    return {pk: {"ladder": ladder} for pk, ladder in ladders_for_people(user, people).items()}
