"""The catalogue in time, in Chromium: an administrator adds a future version of the Respect order (a new pilot
area, with its legal source) and is refused one that overlaps it; an officer is refused a Respect order on a day
before its commencement, for a 17-year-old (the youth injunction is suggested) and in an area outside the pilot,
then records one in the pilot area. Every officer's page passes axe at 1280 and 390 px."""

import datetime
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from cases.models import Case, PersonRole
from cases.services import case_add_person, person_create
from core import clock
from core.dates import long_date
from incremental.models import Intervention, InterventionKind, KindVersion
from orders.services import record_risk_assessment
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_intervention_form_and_plan_actions import fill_date
from tests.browser.test_people_journey import sign_in_administrator
from tests.browser.test_risk_and_plan_forms import at_both_widths
from tests.factories import CaseFactory, JagFactory, OfficerFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

ACT_2026 = datetime.date(2026, 6, 29)


@pytest.fixture
def after_2026():
    """The Respect order is in force in its pilot area: today is on or after 29 June 2026, whatever day the suite
    runs as of."""
    if clock.today() >= ACT_2026:
        yield
        return
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=zoneinfo.ZoneInfo("Europe/London"))):
        yield


def test_an_administrator_adds_a_future_pilot_area_ahead_of_its_commencement(
    transactional_db, browser, live_server, csp_watch, contexts, check_page, after_2026
):
    ensure_catalogue()
    JagFactory(name="Melton JAG", locality="Melton")
    administrator = OfficerFactory(username="sys.admin", agency=None, is_staff=True, is_superuser=True)
    page = sign_in_administrator(browser, live_server, csp_watch, contexts, check_page, administrator)
    starts = clock.today() + datetime.timedelta(days=30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def add_version(name: str) -> None:
        page.goto("/admin/incremental/kindversion/add/")
        page.locator("select[name=kind]").select_option(label="Respect order")
        page.locator("input[name=name]").fill("Respect order")
        page.locator("input[name=legal_basis]").fill("Crime and Policing Act 2026, Part 1")
        page.locator("textarea[name=legal_source]").fill(
            "The Respect Orders (Pilot Areas) (No. 2) Regulations 2027, reg. 2"
        )
        page.locator("input[name=in_force_from]").fill(starts.strftime("%d/%m/%Y"))
        page.locator("input[name=localities][value=Melton]").check()
        page.locator("input[name=issuing_agency_kinds][value=police]").check()
        page.locator("input[name=issuing_agency_kinds][value=local_authority]").check()
        page.locator("input[name=minimum_age]").fill("18")
        page.locator("input[name=without_notice]").check()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"catalogue admin {name}.png"), full_page=True)
        page.get_by_role("button", name="Save", exact=True).click()

    add_version("new pilot area")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    version = KindVersion.objects.get(kind__code="respect_order", localities=["Melton"])
    assert (version.in_force_from, version.legal_source, version.without_notice) == (
        starts,
        "The Respect Orders (Pilot Areas) (No. 2) Regulations 2027, reg. 2",
        True,
    )

    add_version("overlap refused")
    expect(page.locator(".errorlist")).to_contain_text(
        f"Overlaps the version from {long_date(starts)} in Melton (Respect order)"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "catalogue admin overlap refused, phone.png"), full_page=True)
    assert KindVersion.objects.filter(kind__code="respect_order", localities=["Melton"]).count() == 1


def choose(page: Page, first_step: str, label: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(first_step)
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def fill_respect_order(page: Page, issued_on: datetime.date) -> None:
    fill_date(page, "issued_on", issued_on)
    page.get_by_label("Court", exact=True).fill("Leicester County Court")
    page.get_by_label("Order made").fill("Not to enter Granby Close. Positive requirement: attend the mediation.")
    page.get_by_label("Severity justification").fill("Threats of violence to the neighbours' children.")
    page.get_by_role("button", name="Record intervention").click()


def test_an_officer_is_refused_a_respect_order_out_of_force_too_young_and_out_of_the_pilot_area(
    transactional_db, sign_in, check_page, live_server, case, lead_officer, lead_agency, category, after_2026
):
    ensure_catalogue()
    charnwood = JagFactory(name="Charnwood JAG", locality="Charnwood")
    Case.objects.filter(pk=case.pk).update(jag=charnwood)
    melton_case = CaseFactory(
        lead_officer=lead_officer, lead_agency=lead_agency, jag=JagFactory(locality="Melton"), category=category
    )
    adult = person_create(
        officer=lead_officer, first_name="Darren", last_name="Whitfield", date_of_birth=datetime.date(1994, 8, 30)
    )
    today = clock.today()
    seventeen = datetime.date(today.year - 17, 1, 1)
    young = person_create(officer=lead_officer, first_name="Tyler", last_name="Pike", date_of_birth=seventeen)
    for person in (adult, young):
        case_add_person(case=case, officer=lead_officer, person=person, role=PersonRole.PERPETRATOR)
    case_add_person(case=melton_case, officer=lead_officer, person=adult, role=PersonRole.PERPETRATOR)
    # The register's rule (orders): a Respect order is applied for only after its risk assessment.
    record_risk_assessment(
        officer=lead_officer,
        case=case,
        person=adult,
        assessed_on=datetime.date(2026, 6, 1),
        harassment_risk="Threats of violence to the neighbours' children.",
        vulnerabilities="None known.",
        alternatives="CPW and CPN breached.",
        other_matters="None.",
    )
    page = sign_in(lead_officer)

    # Outside the pilot area the Respect order is not offered; the civil injunction still is.
    page.goto(f"/cases/{melton_case.reference}/people/{adult.pk}/interventions/new/")
    expect(page.get_by_label("Respect order", exact=True)).to_have_count(0)
    expect(page.get_by_label("Civil injunction (section 1)", exact=True)).to_have_count(1)
    respect = InterventionKind.objects.get(code="respect_order")
    page.goto(
        f"/cases/{melton_case.reference}/people/{adult.pk}/interventions/new/"
        f"?kind={respect.pk}&issuing_agency={lead_agency.pk}"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose one of the interventions listed")
    at_both_widths(page, check_page, "respect order outside the pilot area")

    # In the pilot area: offered, with when and where it is in force; refused the day before its commencement.
    first_step = f"/cases/{case.reference}/people/{adult.pk}/interventions/new/"
    page.goto(first_step)
    expect(page.locator("main form")).to_contain_text("in force from 29 June 2026 in Charnwood")
    # The civil injunction gave way to the Respect order here: offered for one issued before, described as it was.
    expect(page.locator("main form")).to_contain_text("in force from 20 October 2014 until 28 June 2026")
    at_both_widths(page, check_page, "the pilot area's catalogue")
    choose(page, first_step, "Respect order")
    fill_respect_order(page, datetime.date(2026, 6, 28))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "A Respect order is not in force in Charnwood on 28 June 2026: it is in force from 29 June 2026 in Charnwood"
    )
    at_both_widths(page, check_page, "respect order before its commencement")

    # A 17-year-old: the youth injunction is suggested.
    choose(page, f"/cases/{case.reference}/people/{young.pk}/interventions/new/", "Respect order")
    fill_respect_order(page, today)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "a Respect order can only be used on someone aged 18 or over. Consider a Youth injunction"
    )
    at_both_widths(page, check_page, "respect order for a 17-year-old")

    # An adult, on a day it is in force there.
    choose(page, first_step, "Respect order")
    fill_respect_order(page, today)
    expect(page.get_by_role("heading", name="Respect order for Darren Whitfield")).to_be_visible()
    at_both_widths(page, check_page, "respect order recorded")
    order = Intervention.objects.get()
    assert (order.kind_name, order.tier, order.kind_version.localities) == ("Respect order", 4, ["Charnwood"])
