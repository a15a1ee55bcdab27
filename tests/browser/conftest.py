"""Browser tests: Debian's Chromium (launch arguments in tests/conftest.py), an accessibility check, a measure of
sideways scrolling at 320 and 1280 px and a screenshot of every page a journey visits, and no
Content-Security-Policy violation on any page of any test."""

import os
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
# The narrowest screen a page must fit (WCAG 1.4.10 Reflow: 320 CSS px) and the common desktop width.
MEASURED_WIDTHS = (320, 1280)
# ASB_PHONE_SCREENSHOTS=1 adds a full-page screenshot of every checked page as a phone shows it (390 px wide), to
# look at the pages as officers on the street see them; off by default, as the measure above already fails a page
# that does not fit.
PHONE_WIDTH = 390
PHONE_SCREENSHOTS = os.environ.get("ASB_PHONE_SCREENSHOTS", "") == "1"

# How far the page is wider than the viewport, after a frame so that any script reacting to the resize has run;
# when it is, the innermost elements that stick out, so the failure says what to fix. Content inside an element
# that scrolls on its own (a wide table's scroll region) does not make the document wider, so it passes.
MEASURE_OVERFLOW = """
async () => {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const root = document.documentElement;
  const width = root.clientWidth;
  const overflow = root.scrollWidth - width;
  if (overflow <= 0) return { overflow, culprits: [] };
  // Scrolling regions clip what they hold, except absolutely positioned content (a visually hidden label, say)
  // whose containing block lies outside them: that still widens the page.
  const clipped = (element) => {
    let escaping = ["absolute", "fixed"].includes(getComputedStyle(element).position);
    for (let above = element.parentElement; above && above !== document.body; above = above.parentElement) {
      const style = getComputedStyle(above);
      if (escaping && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      escaping = ["absolute", "fixed"].includes(style.position);
    }
    return false;
  };
  const describe = (element) => {
    const classes = [...element.classList].slice(0, 3).map((name) => "." + name).join("");
    const id = element.id ? "#" + element.id : "";
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    const right = Math.round(element.getBoundingClientRect().right + window.scrollX);
    return `${element.tagName.toLowerCase()}${id}${classes} (right edge ${right}px) "${text}"`;
  };
  const out = [...document.body.querySelectorAll("*")].filter(
    (element) => element.getBoundingClientRect().right + window.scrollX > width + 0.5 && !clipped(element)
  );
  const innermost = out.filter((element) => !out.some((other) => other !== element && element.contains(other)));
  // A table that sticks out is named once, not cell by cell.
  const named = [...new Set(innermost.map((element) => describe(element.closest("table") || element)))];
  return { overflow, culprits: named.slice(0, 6) };
}
"""


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
    """Checks each page a journey reaches: no moderate, serious or critical axe violation, no sideways scrolling at
    320 or at 1280 px (except inside a table's own scroll region), and a full-page screenshot."""

    def __init__(self, axe: Axe, prefix: str):
        self.axe = axe
        self.prefix = prefix
        self.count = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page, name: str) -> None:
        self.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        shot = SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{slug}"
        page.screenshot(path=f"{shot}.png", full_page=True)
        if PHONE_SCREENSHOTS:
            phone_screenshot(page, f"{shot}-{PHONE_WIDTH}px.png")
        results = self.axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        problems = [f"Accessibility problems on {name} ({page.url}):\n" + describe(blocking)] if blocking else []
        problems += sideways_scroll(page, name, shot)
        assert problems == [], "\n".join(problems)


def phone_screenshot(page: Page, path: str) -> None:
    size = page.viewport_size
    assert size is not None, "the page has no fixed viewport to resize"
    try:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(size)


def sideways_scroll(page: Page, name: str, shot: Path | str | None = None) -> list[str]:
    """The page measured at each of MEASURED_WIDTHS, then put back at its own size: a problem for each width at which
    the document is wider than the viewport (with a screenshot at that width, when `shot` names one)."""
    size = page.viewport_size
    assert size is not None, "the page has no fixed viewport to measure against"
    problems = []
    try:
        for width in MEASURED_WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            measured = page.evaluate(MEASURE_OVERFLOW)
            if measured["overflow"] > 0:
                if shot is not None:
                    page.screenshot(path=f"{shot}-{width}px-scrolls-sideways.png", full_page=True)
                problems.append(
                    f"{name} ({page.url}) scrolls sideways at {width} px wide: {measured['overflow']} px too wide; "
                    "sticking out:\n" + "\n".join(f"    {culprit}" for culprit in measured["culprits"])
                )
    finally:
        page.set_viewport_size(size)
    return problems


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
