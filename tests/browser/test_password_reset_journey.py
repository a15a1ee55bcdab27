"""An officer who has forgotten their password resets it from the link in the e-mail (kept in Django's locmem
outbox: sending mail is the one thing the journey stands in for), then signs in with the new one."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.account_pages import check_both_widths, enter_password, new_page

pytestmark = pytest.mark.browser

NEW_PASSWORD = "plum-kettle-harbour-42"


def test_reset_a_forgotten_password_from_the_email_link(
    transactional_db, browser, live_server, check_page, contexts, lead_officer
):
    page = new_page(browser, live_server, contexts)
    page.goto("/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    check_both_widths(page, check_page, "reset your password")

    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
    page.get_by_label("Email address").fill(lead_officer.email)
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    check_both_widths(page, check_page, "check your email")

    [message] = mail.outbox
    link = re.search(r"https?://\S+/reset-password/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Set a new password")).to_be_visible()
    check_both_widths(page, check_page, "set a new password")

    page.get_by_label("New password", exact=True).fill("short-1")
    page.get_by_label("Confirm new password").fill("short-1")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("link", name=re.compile("This password is too short"))).to_be_visible()
    check_both_widths(page, check_page, "set a new password error")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("heading", name="Your password has been reset")).to_be_visible()
    check_both_widths(page, check_page, "password reset")

    page.get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/sign-in/")
    enter_password(page, lead_officer.username, NEW_PASSWORD)
    page.wait_for_url("**/my-cases/")

    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", name="The link has expired")).to_be_visible()
    check_both_widths(page, check_page, "link expired")
