"""A closed case reopened and closed again: the victim's earlier closing record is kept as history, closing again
asks for the victim to be told again, and the new record stands. Then a ceased case: the officer records the
outcome and satisfaction a victim gives after the case ceased.

Chromium against the live server; every page passes the axe-core check and is measured for sideways scrolling at
320 and 1280 px (check_page)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.closure.services import victim_closure_record
from cases.models import Case, CaseStatus, PersonRole, VictimClosure
from cases.services import case_add_person, case_set_status
from core import clock
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.browser


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"input[name={name}_{part}]").fill(str(value))


def test_reopen_a_closed_case_and_close_it_again(transactional_db, sign_in, check_page, case, lead_officer):
    vera = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=vera, role=PersonRole.COMPLAINANT)
    today = clock.today()
    victim_closure_record(
        case=case,
        victim=vera,
        officer=lead_officer,
        expected_version=0,
        told_how="phone",
        told_on=today,
        told_what="The neighbour moved away.",
        not_told_reason="",
        not_told_explanation="",
        outcome="stopped",
        satisfaction=4,
    )
    case_set_status(case=case, officer=lead_officer, status=CaseStatus.CLOSED, reason="The neighbour moved away.")

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Reopen the case").click()
    expect(page.get_by_role("heading", name="Reopen the case", level=1)).to_be_visible()
    check_page(page, "reopen the case")
    page.get_by_label("Reason").fill("The neighbour is back and the shouting has started again.")
    submit(page, "Reopen case")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case reopened")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN

    # Closing again: Vera's earlier record no longer counts; she is to be told again.
    page.get_by_role("link", name="Close the case").click()
    expect(page.locator("#victims")).to_contain_text("Not yet recorded")
    page.get_by_label("Reason").fill("The neighbour has been evicted.")
    submit(page, "Close case")
    expect(page.locator(".govuk-error-summary")).to_contain_text("not yet recorded for Vera Victim")
    check_page(page, "closing again refused until Vera is told again")

    page.get_by_role("link", name="Record how Vera Victim was told").click()
    page.get_by_label("Visit", exact=True).check()
    fill_date(page, "told_on", today)
    page.get_by_label("What they were told").fill("The neighbour has been evicted; the case is closing.")
    page.get_by_label("No change").check()
    page.get_by_label("2", exact=True).check()
    submit(page, "Save")
    expect(page.get_by_label("Reason")).to_have_value("")
    page.get_by_label("Reason").fill("The neighbour has been evicted.")
    submit(page, "Close case")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case closed")

    page.get_by_role("link", name="See the victims' closing records").click()
    main = page.locator("main")
    expect(main).to_contain_text("2 out of 5")
    expect(main.get_by_role("heading", name="Earlier closings")).to_be_visible()
    earlier = main.get_by_role("region", name="Earlier closings")
    expect(earlier).to_contain_text("ASB stopped")
    expect(earlier).to_contain_text("4 out of 5")
    check_page(page, "victims told: the current closing and the earlier one")

    current, superseded = (
        VictimClosure.objects.filter(case=case, superseded_at__isnull=True).get(),
        VictimClosure.objects.filter(case=case, superseded_at__isnull=False).get(),
    )
    assert (current.outcome, current.satisfaction, superseded.outcome) == ("no_change", 2, "stopped")


def test_outcome_recorded_after_the_case_ceased(transactional_db, sign_in, check_page, lead_officer, jag, category):
    ceased = CaseFactory(lead_officer=lead_officer, jag=jag, category=category)
    walter = PersonFactory(first_name="Walter", last_name="Witherspoon", created_by=lead_officer)
    case_add_person(case=ceased, officer=lead_officer, person=walter, role=PersonRole.COMPLAINANT)
    Case.objects.filter(pk=ceased.pk).update(status=CaseStatus.CEASED, closed_at=clock.now())

    page = sign_in(lead_officer)
    page.goto(f"/cases/{ceased.reference}/closing/")
    expect(page.get_by_role("heading", name="Victims told and outcomes")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Close the case")
    check_page(page, "a ceased case's victims")
    page.get_by_role("link", name="Record how Walter Witherspoon was told").click()
    page.get_by_label("Letter", exact=True).check()
    fill_date(page, "told_on", clock.today())
    page.get_by_label("What they were told").fill("The JAG could do no more; the case has ceased.")
    page.get_by_label("ASB reduced").check()
    page.get_by_label("3", exact=True).check()
    check_page(page, "outcome after the case ceased")
    submit(page, "Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Closing recorded for Walter Witherspoon")
    expect(page.locator("main")).to_contain_text("3 out of 5")

    record = VictimClosure.objects.get(case=ceased)
    assert (record.outcome, record.satisfaction, record.told_how) == ("reduced", 3, "letter")
