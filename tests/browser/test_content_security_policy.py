"""The Content-Security-Policy in Chromium: GOV.UK Frontend starts from its static files under it, and the watch
every browser test carries (tests/browser/conftest.py) does see what the policy blocks."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_govuk_frontend_starts_under_the_policy(sign_in, lead_officer, check_page):
    page: Page = sign_in(lead_officer)
    response = page.goto("/cases/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    # initAll() ran: each component marks its root once started.
    expect(page.locator("[data-module=govuk-service-navigation]")).to_have_attribute(
        "data-govuk-service-navigation-init", ""
    )
    expect(page.locator("[data-module=govuk-skip-link]")).to_have_attribute("data-govuk-skip-link-init", "")
    check_page(page, "case list under the policy")


def test_the_watch_sees_inline_script_and_style(sign_in, lead_officer, csp_watch):
    page: Page = sign_in(lead_officer)
    page.goto("/cases/")

    page.evaluate(
        """() => {
            document.querySelector("main").insertAdjacentHTML("beforeend", '<p style="color: red">Styled</p>');
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length >= 2")

    assert page.evaluate("window.inlineRan") is None
    found = csp_watch.take()
    assert any("style-src" in violation for violation in found), found
    assert any("script-src" in violation for violation in found), found
