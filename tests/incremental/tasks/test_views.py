"""My tasks: the signed-in officer's open reminders on cases they may still see, soonest first, overdue marked;
"Mark as done" once only and for the officer's own reminders; and the tasks card on the case page."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template import Context
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AuditEvent
from cases.services import case_remove_agency
from core import clock
from incremental import cards
from incremental.models import Reminder, ReminderKind
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

MY_TASKS = "/my-tasks/"


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture
def remind(case, lead_officer, today):
    """remind(in_days, officer=..., on_case=..., intervention=...): a reminder as the daily job makes them."""
    made = iter(range(1, 1000))

    def make(in_days: int, officer=None, on_case=None, intervention=None, kind=ReminderKind.LIVE_ENDING, text=None):
        n = next(made)
        return Reminder.objects.create(
            officer=officer or lead_officer,
            case=on_case or case,
            intervention=intervention,
            kind=kind,
            due_on=today + datetime.timedelta(days=in_days),
            text=text or f"Task {n}",
            key=f"test:{n}",
        )

    return make


def done_url(reminder) -> str:
    return reverse("incremental:reminder_done", kwargs={"pk": reminder.pk})


def test_urls():
    assert (reverse("incremental:my_tasks"), reverse("incremental:reminder_done", kwargs={"pk": 7})) == (
        MY_TASKS,
        "/my-tasks/7/done/",
    )


def test_my_tasks_lists_open_reminders_soonest_first_in_groups(lead_officer_client, remind, today):
    later = remind(10, text="Hearing at Leicester County Court")
    overdue = remind(-3, text="Risk review of the case")
    due_today = remind(0, text="Appeal window closes")
    remind(-1, text="Already done").done_at = clock.now()
    Reminder.objects.filter(text="Already done").update(done_at=clock.now())

    response = lead_officer_client.get(MY_TASKS)

    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(r.pk, r.when, r.days) for r in rows] == [
        (overdue.pk, "Overdue", 3),
        (due_today.pk, "Due today", 0),
        (later.pk, "Coming up", 10),
    ]
    assert response.context["overdue"] == 1
    html = response.content.decode()
    assert "Overdue by 3 days" in html
    assert "In 10 days" in html
    assert "Already done" not in html
    assert html.index('id="tasks-overdue"') < html.index('id="tasks-due-today"') < html.index('id="tasks-coming-up"')


def test_my_tasks_links_each_task_to_where_it_is_done(lead_officer_client, remind, intervene, case):
    warning = intervene(live_until=clock.today() + datetime.timedelta(days=5))
    ending = remind(5, intervention=warning)
    review = remind(2, kind=ReminderKind.REVIEW_DUE)

    html = lead_officer_client.get(MY_TASKS).content.decode()

    assert f'href="/cases/{case.reference}/interventions/{warning.pk}/">{ending.text}</a>' in html
    assert f'href="{reverse("cases:risk", kwargs={"reference": case.reference})}">{review.text}</a>' in html
    assert f'href="/cases/{case.reference}/">{case.reference}</a>' in html


def test_my_tasks_shows_only_the_officers_own_reminders(partner_officer_client, remind, partner_officer):
    remind(1, text="The lead officer's task")
    mine = remind(2, officer=partner_officer, text="The partner's task")

    response = partner_officer_client.get(MY_TASKS)

    assert [r.pk for r in response.context["page"].object_list] == [mine.pk]


def test_an_officer_who_lost_access_to_the_case_loses_its_reminders(
    partner_officer_client, partner_officer, partner_agency, lead_officer, case, remind
):
    reminder = remind(2, officer=partner_officer, text="Hearing on a case no longer shared")
    case_remove_agency(case=case, officer=lead_officer, agency=partner_agency)

    page = partner_officer_client.get(MY_TASKS)
    done = partner_officer_client.post(done_url(reminder))

    assert list(page.context["page"].object_list) == []
    assert "Hearing on a case no longer shared" not in page.content.decode()
    assert done.status_code == 404
    assert Reminder.objects.get(pk=reminder.pk).done_at is None


def test_my_tasks_with_none(lead_officer_client):
    response = lead_officer_client.get(MY_TASKS)

    assert "You have no open tasks." in response.content.decode()
    assert response.context["overdue"] == 0


def test_my_tasks_is_paginated(lead_officer_client, remind):
    for n in range(30):
        remind(n)

    first = lead_officer_client.get(MY_TASKS)
    second = lead_officer_client.get(MY_TASKS, {"page": 2})

    assert (len(first.context["page"].object_list), len(second.context["page"].object_list)) == (25, 5)
    assert 'aria-label="Page 1" aria-current="page">1</a>' in first.content.decode()
    assert 'page=2" aria-label="Page 2">2</a>' in first.content.decode()


def test_my_tasks_takes_the_same_queries_for_one_row_and_ten(
    lead_officer_client, lead_officer, jag, category, remind, intervene
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert lead_officer_client.get(MY_TASKS).status_code == 200
        return len(captured)

    remind(-1, intervention=intervene(live_until=clock.today()))
    one = queries()
    for n in range(9):
        other = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
        remind(n, on_case=other, intervention=intervene(on_case=other, live_until=clock.today()))
    ten = queries()

    assert len(Reminder.objects.all()) == 10
    assert one == ten


def test_anonymous_is_sent_to_sign_in(anonymous_client):
    response = anonymous_client.get(MY_TASKS)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={MY_TASKS}")


# --- Mark as done ------------------------------------------------------------------------------------------------


def test_mark_as_done_closes_the_task_and_goes_back_to_my_tasks(lead_officer_client, remind, lead_officer):
    reminder = remind(2, text="Appeal window closes")

    response = lead_officer_client.post(done_url(reminder))

    assert (response.status_code, response["Location"]) == (302, MY_TASKS)
    assert Reminder.objects.get(pk=reminder.pk).done_at is not None
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Task done: Appeal window closes"]
    assert list(
        AuditEvent.objects.filter(description__startswith="Marked a task").values_list("officer", "case_reference")
    ) == [(lead_officer.pk, reminder.case.reference)]
    assert list(lead_officer_client.get(MY_TASKS).context["page"].object_list) == []


def test_mark_as_done_twice_marks_it_once(lead_officer_client, remind):
    reminder = remind(2)
    lead_officer_client.post(done_url(reminder))
    first = Reminder.objects.get(pk=reminder.pk).done_at

    again = lead_officer_client.post(done_url(reminder))

    assert again.status_code == 302
    assert Reminder.objects.get(pk=reminder.pk).done_at == first
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "That task was already marked as done."
    assert AuditEvent.objects.filter(description__startswith="Marked a task").count() == 1


def test_mark_as_done_returns_to_the_page_it_came_from_on_this_site(lead_officer_client, remind, case):
    reminder, other = remind(2), remind(3)
    back = f"/cases/{case.reference}/#tasks"

    here = lead_officer_client.post(done_url(reminder), {"next": back})
    elsewhere = lead_officer_client.post(done_url(other), {"next": "https://example.com/phish"})

    assert (here["Location"], elsewhere["Location"]) == (back, MY_TASKS)


@pytest.mark.parametrize("wanted", ["👪", "cases:my_cases", "my-tasks", "//example.com/", "\x00"])
def test_mark_as_done_with_a_next_that_is_not_a_path_returns_to_my_tasks(lead_officer_client, remind, wanted):
    """redirect() took a next without a slash for the name of a view: a 500 when there was no such view."""
    reminder = remind(2)

    response = lead_officer_client.post(done_url(reminder), {"next": wanted})

    assert (response.status_code, response["Location"]) == (302, MY_TASKS)
    assert Reminder.objects.get(pk=reminder.pk).done_at is not None


def test_mark_as_done_with_a_body_that_cannot_be_read_is_400_and_marks_nothing(lead_officer_client, remind):
    """The next page was read after the task was marked done: the 400 came with the task done and audited."""
    reminder = remind(2)
    events = AuditEvent.objects.count()

    response = lead_officer_client.generic(
        "POST", done_url(reminder), b"--x\r\nnext=/", content_type="multipart/form-data"
    )

    assert response.status_code == 400
    assert Reminder.objects.get(pk=reminder.pk).done_at is None
    assert AuditEvent.objects.count() == events


def test_mark_as_done_of_someone_elses_reminder_is_not_found(partner_officer_client, remind):
    reminder = remind(2)

    response = partner_officer_client.post(done_url(reminder))

    assert response.status_code == 404
    assert Reminder.objects.get(pk=reminder.pk).done_at is None


def test_mark_as_done_needs_a_post(lead_officer_client, remind):
    reminder = remind(2)

    assert lead_officer_client.get(done_url(reminder)).status_code == 405
    assert Reminder.objects.get(pk=reminder.pk).done_at is None


def test_mark_as_done_of_an_unknown_reminder_is_not_found(lead_officer_client):
    assert lead_officer_client.post("/my-tasks/987654/done/").status_code == 404
    assert lead_officer_client.post(f"/my-tasks/{'9' * 30}/done/").status_code == 404


# --- The tasks card on the case page -------------------------------------------------------------------------------


def render_card(case, user) -> str:
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    context = Context({"request": request, "case": case, "csrf_token": "token"})
    # The card as the case page shows it (incremental.cards, registered for the case page).
    return get_template(cards.REMINDERS_TEMPLATE).render({**cards.case_reminders(context, case), "csrf_token": "token"})


def test_case_card_shows_every_officers_open_reminders_on_the_case(
    case, remind, partner_officer, lead_officer, lead_officer_client, jag, category
):
    remind(-2, text="Lead officer's overdue review")
    remind(4, officer=partner_officer, text="Partner's hearing")
    remind(1, text="Done already")
    Reminder.objects.filter(text="Done already").update(done_at=clock.now())
    remind(1, on_case=CaseFactory(lead_officer=lead_officer, jag=jag, category=category), text="Another case's task")

    html = render_card(case, lead_officer)

    assert html.index("Lead officer&#x27;s overdue review") < html.index("Partner&#x27;s hearing")
    assert "Overdue by 2 days" in html
    assert "for Priya Partner" in html
    assert "Done already" not in html and "Another case" not in html
    # A "Mark as done" button only on the viewer's own task, coming back to the card.
    assert html.count("Mark as done") == 1
    assert f'value="{case.get_absolute_url()}#tasks"' in html


def test_case_card_shows_a_reminder_for_two_officers_once(case, remind, partner_officer, lead_officer):
    for_lead = remind(3, text="Appeal window closes")
    Reminder.objects.create(
        officer=partner_officer,
        case=case,
        kind=for_lead.kind,
        due_on=for_lead.due_on,
        text=for_lead.text,
        key=for_lead.key,
    )

    html = render_card(case, partner_officer)

    assert html.count("Appeal window closes</a>") == 1
    assert "for Lena Lead (LCC) and Priya Partner (Police)" in html
    # The partner's button marks the partner's own reminder.
    [own] = Reminder.objects.filter(officer=partner_officer)
    assert f'action="{done_url(own)}"' in html


def test_case_card_with_no_tasks(case, lead_officer):
    assert "No open tasks on this case." in render_card(case, lead_officer)


def test_case_card_takes_one_query(case, remind, lead_officer, partner_officer, django_assert_num_queries):
    for n in range(5):
        remind(n, officer=partner_officer if n % 2 else lead_officer)

    with django_assert_num_queries(1):
        render_card(case, lead_officer)
