"""A manager's journey: the dashboard, a long-standing count followed to the cases behind it, a CSV export, and
the Victims page through the dashboard's sub navigation with the JAG chosen carried there and back.

Chromium against the live server; every page passes the axe-core check and is saved as a screenshot.
"""

import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from agencies.models import AuditAction, AuditEvent
from cases.models import Case, LongStandingChange, RiskBand
from core import clock
from tests.factories import CaseFactory, JagFactory, OfficerFactory

pytestmark = pytest.mark.browser


def _case(officer, jag, category, *, long_standing_days=None, risk=RiskBand.MEDIUM):
    case = CaseFactory(lead_officer=officer, lead_agency=officer.agency, jag=jag, category=category)
    changes = {"risk_band": risk}
    if long_standing_days is not None:
        since = clock.today() - datetime.timedelta(days=long_standing_days)
        changes["long_standing_since"] = since
        LongStandingChange.objects.create(case=case, became_long_standing=True, as_of=since, days_in_window=122)
    Case.objects.filter(pk=case.pk).update(**changes)
    return Case.objects.get(pk=case.pk)


def test_manager_follows_a_long_standing_count_and_exports_csv(
    transactional_db, sign_in, check_page, lead_officer, lead_agency, outsider_officer, jag, category
):
    manager = OfficerFactory(
        username="lead.manager",
        first_name="Mona",
        last_name="Manager",
        agency=lead_agency,
        roles=["officer", "manager"],
    )
    long_standing = sorted(
        [
            _case(lead_officer, jag, category, long_standing_days=30, risk=RiskBand.HIGH).reference,
            _case(lead_officer, jag, category, long_standing_days=250).reference,
        ]
    )
    _case(lead_officer, jag, category)
    other_jag = JagFactory(name="Melton JAG")
    _case(lead_officer, other_jag, category, long_standing_days=400)
    # Another agency's long-standing case in the same JAG: the manager must not see it or count it.
    _case(outsider_officer, jag, category, long_standing_days=300)

    page = sign_in(manager)
    pages = page.get_by_role("navigation", name="Pages of the managers' dashboard")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Managers' dashboard: cases", level=1)).to_be_visible()
    expect(pages.get_by_role("link", name="Cases")).to_have_attribute("aria-current", "page")
    check_page(page, "dashboard")

    row = page.locator("#table-long-standing-by-jag tr", has=page.get_by_role("rowheader", name=jag.name))
    link = row.locator('a[data-figure="long_standing"]')
    expect(link).to_contain_text("2")
    link.click()
    page.wait_for_url(re.compile(r".*/cases/\?.*long_standing=yes.*"))
    expect(page.locator("#case-count")).to_have_text("2 cases")
    shown = sorted(page.locator(".app-case-table tbody tr td:first-child a").all_inner_texts())
    assert shown == long_standing
    check_page(page, "cases behind the long-standing count")

    page.go_back()
    page.get_by_label("JAG", exact=True).select_option(label=jag.name)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*/dashboard/\?.*jag=.*"))
    check_page(page, "dashboard filtered by JAG")
    with page.expect_download() as download_info:
        page.locator("a[href*='/dashboard/export/long-standing-by-jag.csv']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dashboard-long-standing-by-jag-")
    with open(download.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["JAG", "Long standing"]
    assert [r[:2] for r in rows[1:]] == [[jag.name, "2"]]
    assert AuditEvent.objects.filter(officer=manager, action=AuditAction.EXPORT).count() == 1

    # The Victims page, for the JAG chosen on the Cases page.
    pages.get_by_role("link", name="Victims").click()
    page.wait_for_url(re.compile(rf".*/dashboard/victims/\?jag={jag.pk}$"))
    expect(page.get_by_role("heading", name="Managers' dashboard: victims", level=1)).to_be_visible()
    expect(pages.get_by_role("link", name="Victims")).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("JAG", exact=True)).to_have_value(str(jag.pk))
    expect(page.locator("#victim-contacts-total")).to_have_text("0")
    expect(page.locator("main")).to_contain_text("No victims of cases closed in the last 12 months.")
    expect(page.locator("#table-long-standing-by-jag")).to_have_count(0)
    check_page(page, "dashboard victims page filtered by JAG")
    pages.get_by_role("link", name="Cases").click()
    page.wait_for_url(re.compile(rf".*/dashboard/\?jag={jag.pk}$"))
    expect(page.get_by_label("JAG", exact=True)).to_have_value(str(jag.pk))
    expect(page.locator("#table-long-standing-by-jag")).to_contain_text(jag.name)


def test_officer_without_the_role_gets_no_dashboard(transactional_db, sign_in, check_page, lead_officer, live_server):
    page = sign_in(lead_officer)
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    response = page.goto(f"{live_server.url}/dashboard/")
    assert response.status == 403
    check_page(page, "dashboard refused")
    assert page.goto(f"{live_server.url}/dashboard/victims/").status == 403
