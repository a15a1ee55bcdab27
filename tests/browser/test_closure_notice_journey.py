"""A social landlord's closure notice in Chromium (Crime and Policing Act 2026): the housing officer chooses 48 hours,
is told next to the fields to name who authorised it and to confirm the premises are the landlord's, then records
it; the intervention's page shows the notice's length and authorisation. Every page passes axe at 390 and 1280 px."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from agencies.models import AgencyKind
from cases.models import PersonRole
from cases.services import case_add_agency, case_add_person, person_create
from core import clock
from incremental.models import Intervention
from tests.browser.test_catalogue_versions_journey import after_2026  # noqa: F401 (a fixture)
from tests.browser.test_intervention_form_and_plan_actions import fill_date
from tests.factories import AgencyFactory, OfficerFactory
from tests.incremental.helpers import ensure_catalogue

pytestmark = pytest.mark.browser

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def at_both_widths(page, check_page, name: str) -> None:
    page.set_viewport_size(PHONE)
    check_page(page, f"{name} (390 px)")
    page.set_viewport_size(DESKTOP)
    check_page(page, f"{name} (1280 px)")


def test_a_landlord_records_a_48_hour_closure_notice_with_its_authorisation(
    transactional_db,
    sign_in,
    check_page,
    case,
    lead_officer,
    after_2026,  # noqa: F811
):
    ensure_catalogue()
    landlord = AgencyFactory(name="Soarbank Housing", short_name="Soarbank", kind=AgencyKind.SOCIAL_LANDLORD)
    case_add_agency(case=case, officer=lead_officer, agency=landlord)
    housing_officer = OfficerFactory(first_name="Lee", last_name="Brown", agency=landlord)
    tenant = person_create(officer=lead_officer, first_name="Kyle", last_name="Dempsey", address="Brindley Walk")
    case_add_person(case=case, officer=lead_officer, person=tenant, role=PersonRole.PERPETRATOR)

    page = sign_in(housing_officer)
    page.goto(f"/cases/{case.reference}/people/{tenant.pk}/interventions/new/")
    page.get_by_label("Closure notice then closure order (premises)", exact=True).check()
    page.get_by_label("Issuing agency").select_option(label="Soarbank Housing")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Record Closure notice then closure order (premises) for Kyle Dempsey"))
    page.get_by_label("Issuing officer").select_option(label="Lee Brown (Soarbank)")
    fill_date(page, "issued_on", clock.today())
    page.get_by_label("48 hours (with a senior authorisation)").check()
    page.get_by_label("Court", exact=True).fill("Leicester Magistrates' Court")
    fill_date(page, "first_hearing_on", clock.today() + datetime.timedelta(days=2))
    page.get_by_label("Severity justification").fill("Class A drugs supplied from the flat; the tenant exploited.")
    page.get_by_role("button", name="Record intervention").click()

    # Next to each field, with what was typed kept.
    authorised = page.locator(".govuk-form-group--error", has=page.get_by_label("Authorised by"))
    expect(authorised.locator(".govuk-error-message")).to_contain_text("a police superintendent")
    premises = page.locator(".govuk-form-group--error", has=page.get_by_label(re.compile("owned or managed by")))
    expect(premises.locator(".govuk-error-message")).to_contain_text(
        "Confirm that the premises are owned or managed by Soarbank Housing"
    )
    expect(page.get_by_label("48 hours (with a senior authorisation)")).to_be_checked()
    expect(page.get_by_label("Court", exact=True)).to_have_value("Leicester Magistrates' Court")
    at_both_widths(page, check_page, "closure notice without its authorisation (errors)")
    assert not Intervention.objects.exists()

    page.get_by_label("Authorised by").fill("Dana Whitmore, Director of Housing")
    page.get_by_label("The premises are owned or managed by Soarbank Housing").check()
    page.get_by_role("button", name="Record intervention").click()
    expect(page.get_by_role("heading", name=re.compile("for Kyle Dempsey"), level=1)).to_be_visible()
    expect(page.locator("#notice-authorised")).to_contain_text(
        "48 hours, authorised by Dana Whitmore, Director of Housing"
    )
    expect(page.locator("#landlord-confirmation")).to_contain_text(
        "The premises are owned or managed by Soarbank Housing"
    )
    at_both_widths(page, check_page, "closure notice recorded")
    notice = Intervention.objects.get()
    assert (notice.notice_hours, notice.issuing_agency) == (48, landlord)
    assert notice.landlord_confirmation == "The premises are owned or managed by Soarbank Housing"
