"""My tasks in the browser: after the daily reminder job, an officer is told of their new tasks, sees them on My
tasks (overdue first), opens one, and marks one done."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, PersonRole
from cases.services import case_add_person
from core import clock
from incremental.models import InterventionKind, Reminder
from incremental.reminders import reminders_generate
from tests.factories import InterventionFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)


@pytest.fixture
def interventions(transactional_db, case, lead_officer):
    """A first warning whose live period ends in 10 days and a CPN whose appeal window closes in 3, on a case whose
    risk review is 2 days overdue."""
    ensure_catalogue()  # a flushed (transactional) database lacks the seeded catalogue
    today = clock.today()
    person = PersonFactory(first_name="Darren", last_name="Whitmore", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)

    def kind(code):
        return InterventionKind.objects.get(code=code)

    warning = InterventionFactory(
        case=case, person=person, kind=kind("first_warning"), issued_on=today - 80 * DAY, live_until=today + 10 * DAY
    )
    cpw = InterventionFactory(case=case, person=person, kind=kind("cpw"), issued_on=today - 60 * DAY)
    cpn = InterventionFactory(
        case=case, person=person, kind=kind("cpn"), issued_on=today - 18 * DAY, appeal_deadline=today + 3 * DAY
    )
    Case.objects.filter(pk=case.pk).update(next_review_date=today - 2 * DAY)
    return {"warning": warning, "cpw": cpw, "cpn": cpn}


def test_officer_sees_opens_and_marks_done_their_tasks(sign_in, check_page, interventions, lead_officer, case):
    today = clock.today()
    # The daily job (Celery beat at 06:00 in production).
    reminders_generate(as_of=today)

    page = sign_in(lead_officer)
    page.get_by_role("link", name="Notifications 1 unread").click()
    check_page(page, "notifications with the new tasks")
    page.get_by_role("link", name="3 new tasks on My tasks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(page.locator("#count-open")).to_have_text("3")
    expect(page.locator("#count-overdue")).to_have_text("1")
    overdue = page.locator("#tasks-overdue")
    expect(overdue.locator("th")).to_have_text("Overdue")
    expect(overdue.get_by_test_id("task")).to_have_count(1)
    expect(overdue).to_contain_text(f"Case {case.reference}: the risk review is due")
    expect(overdue).to_contain_text("Overdue by 2 days")
    coming = page.locator("#tasks-coming-up").get_by_test_id("task")
    expect(coming).to_have_count(2)
    expect(coming.nth(0)).to_contain_text("Community Protection Notice to Darren Whitmore: the appeal window closes")
    expect(coming.nth(0)).to_contain_text("In 3 days")
    expect(coming.nth(1)).to_contain_text("First warning letter to Darren Whitmore: the live period ends")
    check_page(page, "my tasks")

    # Open one: the CPN, where an appeal would be recorded.
    page.get_by_role("link", name="Community Protection Notice to Darren Whitmore: the appeal window closes").click()
    expect(page).to_have_url(
        f"{page.url.split('/cases/')[0]}/cases/{case.reference}/interventions/{interventions['cpn'].pk}/"
    )
    check_page(page, "the CPN the task is about")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    page.get_by_role("button", name=re.compile(r"^Mark as done\W+Community Protection Notice")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Task done: Community Protection Notice to Darren Whitmore: the appeal window closes"
    )
    expect(page.locator("#count-open")).to_have_text("2")
    expect(page.locator("#tasks-coming-up").get_by_test_id("task")).to_have_count(1)
    check_page(page, "my tasks after marking one done")

    assert list(Reminder.objects.filter(done_at__isnull=False).values_list("intervention", flat=True)) == [
        interventions["cpn"].pk
    ]
