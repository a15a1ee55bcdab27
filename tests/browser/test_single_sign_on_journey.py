"""Single sign-on in Chromium against the live server: the sign-in page offers the agency's account, the officer's
provider (on loopback) signs them in and they land on My cases; an officer of another agency is sent back to the
sign-in page, told why. The sign-in page is checked and saved at 1280 and 390 pixels wide, and fits 320."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.identity_provider import LoopbackIdentityProvider

pytestmark = pytest.mark.browser


@pytest.fixture
def idp():
    with LoopbackIdentityProvider() as provider:
        yield provider


def fits_320_pixels(page: Page) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
    page.set_viewport_size(size)


def test_officer_signs_in_with_their_agency_account(
    transactional_db,  # the live server's thread must see what this test writes
    browser: Browser,
    live_server,
    check_page,
    idp,
    partner_agency,
    partner_officer,
    lead_agency,
    lead_officer,
):
    idp.register(partner_agency, display_name="Leicestershire Police")
    idp.register(lead_agency, display_name="Leicester City Council", slug="lcc")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto("/sign-in/")
    expect(page.get_by_role("heading", name="With your agency's account")).to_be_visible()
    check_page(page, "sign in 1280")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "sign in 390")
    fits_320_pixels(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # An officer of the council, signed in by the police's provider: refused, and told why.
    idp.signs_in = {"sub": "entra-council-1", "email": lead_officer.email}
    page.get_by_role("button", name="Sign in with Leicestershire Police account").click()
    page.wait_for_url("**/sign-in/")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"No officer of Leicestershire Police has the e-mail address {lead_officer.email}."
    )
    check_page(page, "sign in refused")

    # The police officer, through the same button: back on My cases, signed in.
    idp.signs_in = {"sub": "entra-police-1", "email": partner_officer.email}
    page.get_by_role("button", name="Sign in with Leicestershire Police account").click()
    page.wait_for_url("**/my-cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My cases")
    check_page(page, "my cases after single sign-on")
    assert idp.requests == [
        "GET /authorize",
        "POST /token",
        "GET /jwks",
        "GET /userinfo",
        "GET /authorize",
        "POST /token",
        "GET /jwks",
        "GET /userinfo",
    ]
    context.close()
