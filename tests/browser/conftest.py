"""Browser tests: Debian's Chromium (launch arguments in tests/conftest.py), an accessibility check and a
screenshot of every page a journey visits."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, without Django's media-file layer.

    MEDIA_URL is None on purpose (case documents have no public URL; only the permission-checked view serves
    them), and Django's live server thread wraps the site in a media handler that cannot take None. Static
    files (GOV.UK Frontend) are still served, so pages look and behave as they do in production.
    """
    server = LiveServer(request.config.getvalue("liveserver") or "localhost", start=False)
    server.thread.static_handler = lambda media_handler: StaticFilesHandler(media_handler.application)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


class PageChecker:
    """Checks each page a journey reaches: no serious or critical axe violation, and a full-page screenshot."""

    def __init__(self, axe: Axe, prefix: str):
        self.axe = axe
        self.prefix = prefix
        self.count = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page, name: str) -> None:
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{slug}.png", full_page=True)
        results = self.axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert blocking == [], f"Accessibility problems on {name} ({page.url}):\n" + describe(blocking)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture
def check_page(axe, request) -> PageChecker:
    return PageChecker(axe, request.node.originalname.removeprefix("test_"))


@pytest.fixture
def sign_in(browser: Browser, live_server, check_page):
    """Open a new browser context (its own cookies) and sign an officer in through the sign-in page."""
    contexts = []

    def signed_in(officer) -> Page:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto("/sign-in/")
        check_page(page, f"sign in ({officer.username})")
        page.get_by_label("Username").fill(officer.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/my-cases/")
        return page

    yield signed_in
    for context in contexts:
        context.close()
