"""An administrator signs in for the first time: password, then setting up an authenticator app (the key read off
the page, the code computed from it as the app would), then their recovery codes; next time the code alone; and
once without their phone, with a recovery code."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.account_pages import check_both_widths, enter_password, new_page
from tests.factories import PASSWORD, OfficerFactory

pytestmark = pytest.mark.browser


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app given this key shows (steps_ahead: the next 30 seconds' code, which the service
    also takes, so a sign-in in the same 30 seconds as the last one has a fresh code)."""
    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_set_up_an_authenticator_then_sign_in_with_a_code_and_with_a_recovery_code(
    transactional_db, browser, live_server, check_page, contexts, lead_agency
):
    OfficerFactory(username="sys.admin", agency=lead_agency, is_staff=True, is_superuser=True)

    # First sign-in: the password, then setting up the app.
    page = new_page(browser, live_server, contexts)
    enter_password(page, "sys.admin")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    page.get_by_text("I cannot scan the QR code").click()
    check_both_widths(page, check_page, "set up an authenticator app")
    secret = page.locator("#authenticator-key").inner_text()

    page.get_by_label("Security code").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Enter the 6-digit security code")).to_be_visible()
    check_both_widths(page, check_page, "set up error")
    page.get_by_label("Security code").fill(app_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    check_both_widths(page, check_page, "recovery codes")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_url("**/my-cases/")
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.goto("/account/")
    expect(page.locator("#recovery-codes-left")).to_have_text("10 of 10 left")
    check_both_widths(page, check_page, "account")
    page.get_by_role("button", name="Sign out").first.click()

    # Next time: the password, then the code from the app.
    page = new_page(browser, live_server, contexts)
    page.goto("/admin/")
    page.get_by_label("Username").fill("sys.admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    check_both_widths(page, check_page, "security code")
    page.get_by_label("Security code").fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    # Without the phone: a recovery code, which then works no more.
    page = new_page(browser, live_server, contexts)
    enter_password(page, "sys.admin")
    page.get_by_role("link", name="I do not have my phone: use a recovery code").click()
    expect(page.get_by_role("heading", name="Enter a recovery code")).to_be_visible()
    check_both_widths(page, check_page, "recovery code")
    page.get_by_label("Recovery code").fill(codes[0].upper())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/my-cases/")
    page.goto("/account/")
    expect(page.locator("#recovery-codes-left")).to_have_text("9 of 10 left")

    page = new_page(browser, live_server, contexts)
    enter_password(page, "sys.admin")
    page.goto("/sign-in/recovery-code/")
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("has been used")
    check_both_widths(page, check_page, "recovery code used")
