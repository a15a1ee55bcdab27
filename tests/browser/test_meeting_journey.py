"""A JAG chair runs a meeting from its generated agenda, in Chromium against the live server.

The chair schedules the meeting, generates the agenda (a case whose review is due is on it, with that reason),
records attendance by agency, records a decision with an action for an agency, downloads the minutes and marks
the meeting held; the decision and the open action then show on the case page, and an officer of the agency
given the action sees them too and marks the action done. Every page passes the axe-core check and is
screenshotted.
"""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cases.models import Case, ChronologyEntry, EntryKind, MeetingAction
from core import clock
from jag.models import Meeting, MeetingStatus

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def test_chair_runs_a_meeting_from_its_generated_agenda(
    transactional_db,  # the live server's thread must see what this test writes
    sign_in,
    check_page,
    case,
    chair,
    jag,
    lead_agency,
    partner_agency,
    partner_officer,
):
    jag.member_agencies.add(lead_agency, partner_agency)
    today = clock.today()
    Case.objects.filter(pk=case.pk).update(next_review_date=today - datetime.timedelta(days=2))

    # --- Schedule -------------------------------------------------------------------------------------------------
    page = sign_in(chair)
    page.get_by_role("link", name="JAG meetings").click()
    expect(page.get_by_role("heading", name="JAG meetings", level=1)).to_be_visible()
    check_page(page, "meetings (none yet)")

    page.get_by_role("button", name="Schedule a meeting").click()
    check_page(page, "schedule a meeting")
    page.get_by_label("Location").fill("Town Hall, committee room 2")
    submit(page, "Schedule meeting")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter date of the meeting")
    expect(page.get_by_label("Location")).to_have_value("Town Hall, committee room 2")
    check_page(page, "schedule a meeting (errors)")

    page.get_by_label("JAG", exact=True).select_option(label=str(jag))
    fill_date(page, "meeting_on", today)
    page.get_by_label("Start time").fill("23:30")
    submit(page, "Schedule meeting")
    meeting = Meeting.objects.get()
    expect(page.get_by_role("heading", name=f"JAG meeting, {today:%-d %B %Y}")).to_be_visible()
    expect(page.get_by_text("No cases you may see are on the agenda yet.")).to_be_visible()
    check_page(page, "meeting scheduled")

    # --- The agenda, generated from the cases that need it ----------------------------------------------------------
    submit(page, "Generate the agenda")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Agenda generated: 1 case on the agenda")
    item = page.locator("#agenda-table tbody tr", has_text=case.reference)
    expect(item).to_contain_text("Review due or overdue")
    expect(item).to_contain_text("Undecided")
    check_page(page, "agenda generated")

    # --- Attendance by agency ---------------------------------------------------------------------------------------
    page.get_by_role("link", name="Record attendance").first.click()
    check_page(page, "record attendance")
    page.locator(f"input[name=present_{lead_agency.pk}][value=yes]").check()
    page.locator(f"input[name=attendees_{lead_agency.pk}]").fill("Lena Lead (ASB officer)")
    page.locator(f"input[name=present_{partner_agency.pk}][value=no]").check()
    submit(page, "Save attendance")
    attendance = page.locator("#attendance")
    expect(attendance).to_contain_text("Lena Lead (ASB officer)")
    expect(attendance).to_contain_text("Not present")
    check_page(page, "attendance recorded")

    # --- The decision, with an action for an agency -------------------------------------------------------------------
    item.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name=case.reference, level=1)).to_be_visible()
    check_page(page, "record a decision")
    page.get_by_label("Decision").fill("Issue a Community Protection Warning to the occupier of flat 2.")
    page.locator("select[name=action_1_agency]").select_option(label=str(partner_agency))
    page.locator("textarea[name=action_1_description]").fill("Serve the CPW in person and explain the conditions.")
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date action 1 is due by")
    check_page(page, "record a decision (errors)")
    due = today + datetime.timedelta(days=14)
    fill_date(page, "action_1_due_on", due)
    submit(page, "Save and go back to the agenda")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Decision on {case.reference} recorded")
    expect(item).to_contain_text("Decided")
    expect(item).to_contain_text("1 action")
    check_page(page, "decision recorded")
    item.get_by_role("link", name=case.reference).click()
    expect(page.locator("#decision")).to_be_visible()
    expect(page.get_by_text("Issue a Community Protection Warning to the occupier of flat 2.")).to_be_visible()
    expect(page.get_by_text("Serve the CPW in person")).to_be_visible()
    check_page(page, "the decision on the case")
    page.get_by_role("link", name="Back to the agenda").click()

    # --- The minutes ----------------------------------------------------------------------------------------------
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the minutes (PDF)").click()
    minutes = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(minutes)).pages)
    for expected in (
        f"Minutes: {jag} meeting",
        "Chandra Chair",
        "Lena Lead (ASB officer)",
        case.reference,
        "Issue a Community Protection Warning to the occupier of flat 2.",
        f"{due:%-d %b %Y}",
    ):
        assert expected in text

    submit(page, "Mark as held")  # every case decided: no warning
    expect(page.locator(".govuk-tag", has_text="Held")).to_be_visible()
    check_page(page, "meeting held")
    assert Meeting.objects.get().status == MeetingStatus.HELD

    # --- The decision on the case ------------------------------------------------------------------------------------
    item.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name=f"Open the case record {case.reference}").click()
    expect(page.locator("#next-actions")).to_contain_text("1 JAG action still open")
    page.get_by_role("link", name="See the JAG actions").click()
    card = page.locator("#jag-meetings")
    expect(card).to_contain_text("Issue a Community Protection Warning to the occupier of flat 2.")
    expect(page.locator("#open-jag-actions")).to_contain_text("Serve the CPW in person and explain the conditions.")
    check_page(page, "case with the JAG decision")
    assert ChronologyEntry.objects.filter(case=case, kind=EntryKind.DECISION).count() == 2
    assert MeetingAction.objects.get().agenda_item.meeting == meeting

    # --- The agency given the action sees it on the case too ------------------------------------------------------------
    partner = sign_in(partner_officer)
    partner.goto(f"/cases/{case.reference}/jag/")
    expect(partner.locator("#open-jag-actions")).to_contain_text("Serve the CPW in person")
    check_page(partner, "case with the JAG decision (partner)")
    partner.get_by_role("link", name="JAG meetings").click()
    expect(partner.get_by_role("link", name=f"{today:%-d %b %Y}, 23:30")).to_be_visible()
    check_page(partner, "meetings (partner)")

    # --- ... and marks it done --------------------------------------------------------------------------------------
    partner.goto(f"/cases/{case.reference}/jag/")
    partner.locator("#open-jag-actions").get_by_role("link", name="Mark as done").click()
    expect(partner.get_by_role("heading", name="Mark the JAG action as done")).to_be_visible()
    check_page(partner, "mark an action done")
    partner.get_by_label("What was done").fill("CPW served in person on the occupier; conditions explained.")
    submit(partner, "Mark as done")
    expect(partner.locator(".govuk-error-summary")).to_contain_text("Enter the date the action was done")
    check_page(partner, "mark an action done (errors)")
    fill_date(partner, "completed_on", today)
    submit(partner, "Mark as done")
    expect(partner.locator(".govuk-notification-banner")).to_contain_text("Action marked as done")
    expect(partner.locator("#open-jag-actions")).to_have_count(0)
    expect(partner.locator("#jag-meetings")).to_contain_text("CPW served in person on the occupier")
    check_page(partner, "case with the JAG action done")
    assert MeetingAction.objects.get().completed_by == partner_officer
