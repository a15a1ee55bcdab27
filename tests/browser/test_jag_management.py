"""JAG case management in the browser: the lead officer refers a case, sees its days under management, is told
when it becomes long standing, and transfers it to another JAG."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.jag_management.job import long_standing_flag_all
from cases.models import Case, JagManagementPeriod
from core import clock
from tests.factories import AgencyFactory, JagFactory, OfficerFactory

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_lead_officer_refers_sees_days_and_transfers(
    transactional_db, sign_in, check_page, live_server, lead_officer, case
):
    today = clock.today()
    blaby_chair = OfficerFactory(
        username="blaby.chair", agency=AgencyFactory(name="Blaby District Council", short_name="Blaby")
    )
    blaby = JagFactory(name="Blaby JAG", locality="Blaby", chair=blaby_chair)

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/jag/")
    card = page.locator("#jag-management")
    expect(card.get_by_test_id("jag-status")).to_have_text("Not under JAG case management")
    check_page(page, "case page, not under JAG management")

    card.get_by_role("link", name="Refer the case to Leicester West JAG case management").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer the case to Leicester West JAG case management")
    fill_date(page, "started_on", today + DAY)
    submit(page, "Refer case")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date it was referred must be today or in the past"
    )
    check_page(page, "refer (error)")

    fill_date(page, "started_on", today - 130 * DAY)
    submit(page, "Refer case")
    card = page.locator("#jag-management")
    expect(card.get_by_test_id("jag-days")).to_contain_text("131 days")
    expect(card.get_by_test_id("jag-long-standing")).to_contain_text("the daily check will flag it")
    check_page(page, "case page, under JAG management")

    # The daily check runs (Celery beat in production) and the lead officer is told. The case is long standing
    # since its 122nd day under management (9 days ago), not since the day the check ran.
    long_standing_flag_all(as_of=today)
    page.reload()
    expect(page.locator("#jag-management").get_by_test_id("jag-long-standing")).to_have_text(
        f"Long standing since {today - 9 * DAY:%-d %B %Y}"
    )
    page.get_by_role("link", name="Notifications 1 unread").click()
    expect(page.get_by_role("link", name=f"Case {case.reference} became long standing")).to_be_visible()
    check_page(page, "notifications")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    page.goto(f"/cases/{case.reference}/jag/")
    page.locator("#jag-management").get_by_role("link", name="Transfer the case to another JAG").click()
    check_page(page, "transfer")
    page.get_by_label("JAG to transfer the case to").select_option(label="Blaby JAG")
    fill_date(page, "on", today)
    submit(page, "Transfer case")

    card = page.locator("#jag-management")
    expect(card.get_by_test_id("jag-status")).to_have_text(f"Under Blaby JAG case management since {today:%-d %B %Y}")
    expect(card.get_by_test_id("jag-days")).to_contain_text("131 days")
    expect(card.locator("tbody tr")).to_have_count(2)
    check_page(page, "case page, transferred")
    assert Case.objects.get(pk=case.pk).jag == blaby
    assert list(JagManagementPeriod.objects.filter(case=case).values_list("jag__name", "ended_on")) == [
        ("Leicester West JAG", today),
        ("Blaby JAG", None),
    ]
