"""The timeout warning in Chromium, with the timeout made short through settings: the dialog opens before the
session times out, "Stay signed in" keeps the session, and when the time runs out the page goes to the sign-in page
saying why."""

import pytest
from playwright.sync_api import expect

from tests.browser.account_pages import check_both_widths

pytestmark = pytest.mark.browser

TIMEOUT_SECONDS = 14
WARNING_SECONDS = 10


def test_timeout_warning_then_stay_signed_in_then_signed_out(
    transactional_db, settings, sign_in, check_page, lead_officer
):
    settings.IDLE_TIMEOUT_SECONDS, settings.IDLE_WARNING_SECONDS = TIMEOUT_SECONDS, WARNING_SECONDS
    page = sign_in(lead_officer)
    page.goto("/account/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=(TIMEOUT_SECONDS - WARNING_SECONDS + 5) * 1000)
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    check_both_widths(page, check_page, "timeout warning")

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # Kept: past the first deadline the page is still the account page, signed in.
    page.wait_for_timeout(WARNING_SECONDS * 1000)
    assert page.url.endswith("/account/")

    # Then nothing more: the warning again, and at the end the sign-in page saying why.
    expect(dialog).to_be_visible(timeout=TIMEOUT_SECONDS * 1000)
    page.wait_for_url("**/sign-in/**", timeout=(WARNING_SECONDS + 10) * 1000)
    expect(page.get_by_text(f"You were signed out because you had not done anything for {TIMEOUT_SECONDS} seconds."))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("had not done anything for 14 seconds")
    check_both_widths(page, check_page, "signed out after the timeout")
    page.goto("/my-cases/")
    page.wait_for_url("**/sign-in/**")


def test_sign_out_from_the_timeout_warning(transactional_db, settings, sign_in, lead_officer):
    settings.IDLE_TIMEOUT_SECONDS, settings.IDLE_WARNING_SECONDS = 30, 28
    page = sign_in(lead_officer)
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)

    dialog.get_by_role("button", name="Sign out").click()

    page.wait_for_url("**/sign-in/")
    page.goto("/my-cases/")
    page.wait_for_url("**/sign-in/**")
