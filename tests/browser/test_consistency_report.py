"""A manager's journey through the consistency report: figures, a bad period, a JAG filter, a skipped stage's
justification followed to the intervention, a CSV export. Every page passes axe-core and is saved as a screenshot."""

import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from agencies.models import AuditAction, AuditEvent
from core import clock
from incremental.models import InterventionKind
from tests.factories import CaseFactory, InterventionFactory, JagFactory, OfficerFactory, PersonFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

JUSTIFICATION = "Threatened the neighbours with a knife; police attended twice in a week."


def _issue(case, person, code, days_ago, **extra):
    kind = InterventionKind.objects.get(code=code)
    return InterventionFactory(
        case=case,
        person=person,
        kind=kind,
        issued_on=clock.today() - datetime.timedelta(days=days_ago),
        **extra,
    )


def test_manager_filters_the_report_follows_a_justification_and_exports_csv(
    transactional_db, sign_in, check_page, live_server, lead_officer, lead_agency, outsider_officer, jag, category
):
    from cases.models import PersonRole
    from cases.services import case_add_person

    ensure_catalogue()  # an earlier test that committed may have flushed what the migration seeded
    manager = OfficerFactory(
        username="lead.manager",
        first_name="Mona",
        last_name="Manager",
        agency=lead_agency,
        roles=["officer", "manager"],
    )
    case = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=jag, category=category)
    melton = JagFactory(name="Melton JAG")
    melton_case = CaseFactory(lead_officer=lead_officer, lead_agency=lead_agency, jag=melton, category=category)
    person = PersonFactory(created_by=lead_officer, first_name="Perry", last_name="Petrator")
    case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    case_add_person(case=melton_case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    _issue(case, person, "words_of_advice", 120)
    _issue(case, person, "first_warning", 90, breach_count=1)
    skipped = _issue(
        case,
        person,
        "abc",
        40,
        skipped_stage=True,
        suggested_tier=2,
        justification=JUSTIFICATION,
        live_until=clock.today() + datetime.timedelta(days=140),
    )
    _issue(melton_case, person, "cpw", 10)
    # Another agency's case: neither counted nor listed for this manager.
    hidden = CaseFactory(lead_officer=outsider_officer, lead_agency=outsider_officer.agency, jag=jag)
    _issue(hidden, person, "cpw", 5, skipped_stage=True, suggested_tier=1, justification="Hidden justification")

    page = sign_in(manager)
    page.goto(f"{live_server.url}/reports/consistency/")
    expect(page.get_by_role("heading", name="Consistency report", level=1)).to_be_visible()
    expect(page.locator("#total-interventions .app-count__number")).to_have_text("4")
    expect(page.locator("#table-by-jag tbody tr")).to_have_count(2)
    expect(page.get_by_text("Hidden justification")).to_have_count(0)
    check_page(page, "consistency report")

    # A period that ends before it starts: the error sits next to the field, and nothing is computed.
    today = clock.today()
    # Two years back, as a real day (29 February has none two years before).
    before = today - datetime.timedelta(days=730)
    page.locator("#id_date_to_0").fill(str(before.day))
    page.locator("#id_date_to_1").fill(str(before.month))
    page.locator("#id_date_to_2").fill(str(before.year))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The end of the period must be the same as or after")
    expect(page.locator(".govuk-form-group--error")).to_contain_text("The end of the period must be the same as")
    expect(page.locator("#total-interventions")).to_have_count(0)
    check_page(page, "consistency report with a bad period")

    page.locator("#id_date_to_0").fill(str(today.day))
    page.locator("#id_date_to_1").fill(str(today.month))
    page.locator("#id_date_to_2").fill(str(today.year))
    page.get_by_label("JAG", exact=True).select_option(label=jag.name)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r".*/reports/consistency/\?.*jag=.*"))
    expect(page.locator("#total-interventions .app-count__number")).to_have_text("3")
    expect(page.locator("#table-by-jag tbody tr")).to_have_count(1)
    row = page.locator("#table-skipped tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(JUSTIFICATION)
    check_page(page, "consistency report filtered by JAG")

    link = row.get_by_role("link")
    expect(link).to_have_attribute("href", f"/cases/{case.reference}/interventions/{skipped.pk}/")
    with page.expect_download() as download_info:
        page.locator("a[href*='/reports/consistency/by-jag.csv']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("consistency-by-jag-")
    with open(download.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:6] == ["JAG", "Tier 1", "Tier 2", "Tier 3", "Tier 4", "Total"]
    assert [r[:6] for r in rows[1:]] == [
        [jag.name, "2", "0", "1", "0", "3"],
        ["All interventions", "2", "0", "1", "0", "3"],
    ]
    assert AuditEvent.objects.filter(officer=manager, action=AuditAction.EXPORT).count() == 1

    link.click()
    page.wait_for_url(f"**/cases/{case.reference}/interventions/{skipped.pk}/")
    expect(page.get_by_text(JUSTIFICATION)).to_be_visible()
    check_page(page, "skipped intervention")


def test_officer_without_a_reporting_role_is_refused(transactional_db, sign_in, check_page, lead_officer, live_server):
    page = sign_in(lead_officer)
    response = page.goto(f"{live_server.url}/reports/consistency/")
    assert response.status == 403
    check_page(page, "consistency report refused")
