"""Helpers for the sign-in and account journeys: each page checked (axe and a screenshot) at desktop width, and a
second screenshot on a phone's width."""

from playwright.sync_api import Browser, Page

from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}


def check_both_widths(page: Page, check_page, name: str) -> None:
    check_page(page, f"{name} 1280px")
    page.set_viewport_size(PHONE)
    try:
        check_page(page, f"{name} 390px")
    finally:
        page.set_viewport_size(DESKTOP)


def new_page(browser: Browser, live_server, contexts: list) -> Page:
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    contexts.append(context)
    return context.new_page()


def enter_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
