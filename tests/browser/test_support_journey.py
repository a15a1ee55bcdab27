"""Support and IOM referrals in the browser: a victim referred to Victim First with consent, recorded accepted; an
outcome dated before the referral refused next to its field with nothing saved; a perpetrator referred to drug and
alcohol support and to the IOM panel, adopted with an IOM lead, shown beside the ladder and on the person page.

Chromium against the live server; every page passes the axe-core check and is saved as a screenshot (also at 390 px
wide, a phone, for the referral pages).
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import (
    ChronologyEntry,
    IomDecision,
    IomReferral,
    PersonRole,
    ReferralStatus,
    SupportReferral,
)
from cases.services import case_add_person
from core import clock
from tests.browser.conftest import SCREENSHOTS
from tests.cases.support.helpers import seed_catalogue
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser


def fill_date(page: Page, name: str, day: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def phone_shot(page: Page, name: str) -> None:
    """A full-page screenshot at 390 px wide, to look at as on a phone."""
    size = page.viewport_size
    assert size is not None
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"support_journey-390px-{name}.png"), full_page=True)
    page.set_viewport_size(size)


def test_support_journey(transactional_db, sign_in, check_page, case, lead_officer, partner_agency):
    seed_catalogue()
    victim = PersonFactory(first_name="Vera", last_name="Victim", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=victim, role=PersonRole.COMPLAINANT)
    perpetrator = PersonFactory(first_name="Darren", last_name="Whitmore", created_by=lead_officer)
    case_add_person(case=case, officer=lead_officer, person=perpetrator, role=PersonRole.PERPETRATOR)
    today = clock.today()

    page = sign_in(lead_officer)
    page.goto(f"/cases/{case.reference}/people/")
    card = page.locator("#support")
    expect(card).to_contain_text("No support referrals.")
    check_page(page, "people section with the support card")

    # A Victim First referral for the victim, with consent.
    card.get_by_role("link", name="Make a support referral for Vera Victim").click()
    expect(page.get_by_role("heading", name="Make a support referral: Vera Victim")).to_be_visible()
    check_page(page, "referral form")
    phone_shot(page, "referral-form")
    page.get_by_label("Service referred to").select_option(label="Victim First")
    page.get_by_label("What support is needed and why").fill("Feels unsafe at home; not sleeping.")
    page.locator("input[name=consent_given][value=yes]").check()
    fill_date(page, "consent_on", today)
    page.get_by_label("How consent was given").select_option(label="By phone")
    page.get_by_role("button", name="Make the referral").click()
    expect(page.get_by_role("heading", name="Support referral: Victim First for Vera Victim")).to_be_visible()
    check_page(page, "referral made")

    page.get_by_role("button", name="Record the service's response").click()
    check_page(page, "response form")
    page.get_by_label("Accepted").check()
    fill_date(page, "responded_on", today)
    page.get_by_role("button", name="Save the response").click()
    expect(page.locator("#referral-summary")).to_contain_text("Accepted")
    check_page(page, "referral accepted")
    phone_shot(page, "referral-accepted")

    # The bad input: an outcome dated before the referral.
    referral = SupportReferral.objects.get()
    entries = ChronologyEntry.objects.filter(case=case).count()
    page.get_by_role("button", name="Close with an outcome").click()
    page.evaluate("document.querySelector('form[method=post]').noValidate = true")
    page.get_by_label("Completed successfully").check()
    fill_date(page, "closed_on", today - datetime.timedelta(days=3))
    page.get_by_role("button", name="Close the referral").click()
    message = "The date of the outcome must be on or after the referral"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(
        page.locator(".govuk-form-group--error").filter(has=page.locator("input[name=closed_on_0]"))
    ).to_contain_text(message)
    check_page(page, "outcome before the referral refused")
    phone_shot(page, "outcome-refused")
    referral.refresh_from_db()
    assert (referral.status, referral.version, referral.closed_on) == (ReferralStatus.ACCEPTED, 2, None)
    assert ChronologyEntry.objects.filter(case=case).count() == entries

    # The perpetrator: drug and alcohol support, then the IOM panel.
    page.goto(f"/cases/{case.reference}/people/")
    page.locator("#support").get_by_role("link", name="Make a support referral for Darren Whitmore").click()
    page.get_by_label("Service referred to").select_option(label="Drug and alcohol service")
    page.get_by_label("What support is needed and why").fill("Drinking heavily; the disorder follows.")
    page.locator("input[name=consent_given][value=yes]").check()
    fill_date(page, "consent_on", today)
    page.get_by_label("How consent was given").select_option(label="In person")
    page.get_by_role("button", name="Make the referral").click()
    expect(
        page.get_by_role("heading", name="Support referral: Drug and alcohol service for Darren Whitmore")
    ).to_be_visible()

    page.goto(f"/cases/{case.reference}/people/")
    expect(page.locator("#support")).to_contain_text("Drug and alcohol service")
    check_page(page, "people section with referrals")
    phone_shot(page, "people-section")
    page.locator("#support").get_by_role("link", name="Refer to IOM Darren Whitmore").click()
    check_page(page, "IOM referral form")
    page.get_by_label("Reasons for the referral").fill("Prolific offending around the estate; three arrests.")
    page.get_by_role("button", name="Make the referral").click()
    expect(page.get_by_role("heading", name="IOM referral: Darren Whitmore")).to_be_visible()
    check_page(page, "IOM referral made")

    page.get_by_role("button", name="Record the panel's decision").click()
    check_page(page, "IOM decision form")
    page.get_by_label("Adopted onto IOM").check()
    fill_date(page, "decided_on", today)
    page.get_by_label("IOM lead", exact=True).fill("PC Jo Marsh")
    page.get_by_label("IOM lead's agency").select_option(label=str(partner_agency))
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator("#iom-summary")).to_contain_text(f"PC Jo Marsh, {partner_agency}")
    check_page(page, "IOM referral adopted")

    page.goto(f"/cases/{case.reference}/interventions/")
    expect(page.locator("#iom")).to_contain_text(f"Adopted {today.day}")
    expect(page.locator("#iom")).to_contain_text(f"IOM lead: PC Jo Marsh, {partner_agency}")
    check_page(page, "ladder page with the IOM referral")
    phone_shot(page, "ladder-page")

    page.goto(f"/people/{perpetrator.pk}/")
    expect(page.locator("#support")).to_contain_text("Drug and alcohol service")
    expect(page.locator("#support")).to_contain_text("PC Jo Marsh")
    check_page(page, "person page with referrals")

    iom = IomReferral.objects.get()
    assert (iom.decision, iom.lead_name, iom.lead_agency) == (IomDecision.ADOPTED, "PC Jo Marsh", partner_agency)
    assert sorted(SupportReferral.objects.values_list("service_name", "status")) == [
        ("Drug and alcohol service", ReferralStatus.MADE),
        ("Victim First", ReferralStatus.ACCEPTED),
    ]
