"""The Content-Security-Policy in Chromium: a respondent's pages and the demo board page run
with it in force and break none of it (no violation reported), and axe still runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from survey_app.demo import DEMO_PASSWORD
from tests.browser.conftest import (
    LiveServer,
    axe_violations,
    describe_violations,
    open_context,
)
from tests.browser.journey_steps import PATIENT, continue_button, send, walk
from tests.browser.test_staff_pages_in_chromium import _sign_in

pytestmark = pytest.mark.browser

BOARD = "/places/demo-borough/board?quarter=2026Q3"
# Runs before any of the page's own scripts, and is not itself subject to the policy.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Watched:
    """A tab whose CSP violations, reported by event or on the console, are collected."""

    def __init__(self, context: BrowserContext) -> None:
        context.add_init_script(RECORD_VIOLATIONS)
        self.page = context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def violations(self) -> list[str]:
        """Every violation of the policy on the page shown now, and any on the console."""
        events = self.page.evaluate("window.cspViolations")
        logged = [text for text in self.console if "Content Security Policy" in text]
        return [*events, *logged]


def _watched(browser: Browser, url: str) -> Iterator[Watched]:
    context = open_context(browser, url)
    yield Watched(context)
    context.close()


@pytest.fixture
def watched(browser: Browser, live_server: LiveServer) -> Iterator[Watched]:
    """A watched tab on the session's live server (a GP with a whole-journey campaign)."""
    yield from _watched(browser, live_server.url)


@pytest.fixture
def watched_demo(browser: Browser, demo_url: str) -> Iterator[Watched]:
    """A watched tab on the demo place."""
    yield from _watched(browser, demo_url)


def test_a_respondents_pages_run_within_the_policy(watched: Watched, journey_token: str) -> None:
    page = watched.page
    response = page.goto(f"/r/{journey_token}")
    assert response is not None
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    assert response.headers["server"] == ""  # Werkzeug's server does not name itself
    assert page.evaluate("document.body.classList.contains('js-enabled')")  # nonced inline JS ran
    continue_button(page).click()  # unanswered: the error summary, focused by NHS.UK's script
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()

    def no_violations(slug: str) -> None:
        assert watched.violations() == [], slug

    walk(page, journey_token, PATIENT, on_arrival=no_violations)
    send(page, journey_token)
    assert watched.violations() == []
    violations = axe_violations(page)  # injected past the policy, as every browser test does
    assert violations == [], describe_violations(violations)
    assert watched.violations() == []


def test_the_board_page_runs_within_the_policy(watched_demo: Watched) -> None:
    watched = watched_demo
    page = watched.page
    _sign_in(page, "board@demo.example", DEMO_PASSWORD)
    assert watched.violations() == []
    page.goto(BOARD, timeout=60_000)  # the analysis takes a while on a busy machine
    assert page.get_by_role("img", name="Overall rating of care", exact=False).count() >= 1
    assert page.evaluate("document.body.classList.contains('nhsuk-frontend-supported')")
    assert watched.violations() == []


def test_an_inline_script_without_the_nonce_is_blocked(watched: Watched) -> None:
    # The watcher sees violations: a script the page did not vouch for is refused.
    page = watched.page
    page.goto("/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.injected === undefined")
    assert any(v.startswith("script-src") for v in watched.violations()), watched.violations()
