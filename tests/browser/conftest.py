"""Browser tests: Debian's Chromium (launch arguments in tests/conftest.py), an accessibility check and a
screenshot of every page a journey visits, and no Content-Security-Policy violation on any page of any test."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles.handlers import StaticFilesHandler
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from pytest_django.live_server_helper import LiveServer

from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
BLOCKING_IMPACTS = ("moderate", "serious", "critical")


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
    """Checks each page a journey reaches: no moderate, serious or critical axe violation, and a full-page screenshot."""

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


# Records each violation the page reports (securitypolicyviolation events) in window.__cspViolations, and passes
# it to the test at once through the exposed function, so none is lost when the page navigates away.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = [event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber].join(" ");
  window.__cspViolations.push(violation);
  if (window.__reportCspViolation) window.__reportCspViolation(violation);
});
"""


class CspWatch:
    """Collects the Content-Security-Policy violations of every page in the browser contexts it watches: those the
    pages report to their scripts, and Chromium's console messages about the policy."""

    def __init__(self):
        self.violations: list[str] = []
        self.contexts: list[BrowserContext] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.expose_function("__reportCspViolation", lambda violation: self.violations.append(violation))
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)
        self.contexts.append(context)
        return context

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(f"console: {message.text}")

    def collect(self) -> list[str]:
        """Every violation so far, including any recorded in an open page that has not reported it yet."""
        seen = set(self.violations)
        for context in self.contexts:
            for page in context.pages:
                if page.is_closed():
                    continue
                try:
                    recorded = page.evaluate("window.__cspViolations || []")
                except Exception:  # a page mid-navigation or already gone: its reports came through the function
                    continue
                self.violations.extend(v for v in recorded if v not in seen)
                seen.update(recorded)
        return list(self.violations)

    def take(self) -> list[str]:
        """The violations so far, forgotten (for a test that causes one on purpose)."""
        found = self.collect()
        self.violations.clear()
        for context in self.contexts:
            for page in context.pages:
                if not page.is_closed():
                    page.evaluate("window.__cspViolations = []")
        return found


@pytest.fixture(autouse=True)
def csp_watch() -> Iterator[CspWatch]:
    """Every browser test fails if any page it opened broke the Content-Security-Policy (inline script or style,
    a script or style from elsewhere). Pages come from `sign_in` or pytest-playwright's `page`, both watched."""
    watch = CspWatch()
    yield watch
    found = watch.collect()
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(f"- {v}" for v in found))


@pytest.fixture
def context(new_context, csp_watch) -> BrowserContext:
    """pytest-playwright's context (behind its `page` fixture), watched for policy violations."""
    return csp_watch.watch(new_context())


@pytest.fixture
def contexts():
    """Browser contexts a test opens for itself (one per officer, say), closed when it ends."""
    made: list = []
    yield made
    for context in made:
        context.close()


@pytest.fixture
def check_page(axe, request) -> PageChecker:
    return PageChecker(axe, request.node.originalname.removeprefix("test_"))


@pytest.fixture
def sign_in(browser: Browser, live_server, check_page, csp_watch):
    """Open a new browser context (its own cookies) and sign an officer in through the sign-in page."""
    contexts = []

    def signed_in(officer) -> Page:
        context = csp_watch.watch(browser.new_context(base_url=live_server.url, accept_downloads=True))
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
    csp_watch.collect()
    for context in contexts:
        context.close()
