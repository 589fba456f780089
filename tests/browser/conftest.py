"""Browser fixtures: the app served on a loopback port, contexts and tabs of the one headless
Chromium of the session (``browser``, in ``tests/chromium.py``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from werkzeug.serving import make_server

from survey_app.config import PROJECT_ROOT, load_settings
from survey_app.db import get_db
from survey_app.invitations import issue_links
from survey_app.models import Campaign, Invitation, Response, Service, utcnow
from survey_app.security_headers import QuietRequestHandler
from survey_app.tokens import token_hash
from tests.conftest import free_port, skip_or_fail
from tests.survey_app.conftest import (
    World,
    build_world,
    load_demo_with_journeys,
    make_app,
    new_link,
)

AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 667}


@dataclass(frozen=True)
class LiveServer:
    """The app served over HTTP on a loopback port, with the world it holds."""

    url: str
    app: Flask
    world: World


def browser_app(folder: Path, port: int) -> Flask:
    """An app on a SQLite file in ``folder`` whose links point at ``port`` on loopback."""
    instance = folder / "instance"
    instance.mkdir()
    settings = load_settings(
        {
            "PREM_ENV": "test",
            "PREM_INSTANCE_DIR": str(instance),
            "PREM_SECRET_KEY": "test-secret-key",
            "PREM_BASE_URL": f"http://127.0.0.1:{port}",  # links handed out point here
        }
    )
    return make_app(settings, settings.database_url)


@contextmanager
def serving(app: Flask, port: int) -> Iterator[str]:
    """Serve ``app`` with werkzeug in a daemon thread; yields its base URL."""
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        get_db(app).engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a SQLite file, served by werkzeug in a daemon thread for the session."""
    port = free_port()
    app = browser_app(tmp_path_factory.mktemp("browser"), port)
    world = build_world(app)
    with serving(app, port) as url:
        yield LiveServer(url, app, world)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo place, with whole-journey answers, served for one module's tests."""
    port = free_port()
    app = browser_app(tmp_path_factory.mktemp("demo-browser"), port)
    load_demo_with_journeys(app)
    with serving(app, port) as url:
        yield url


def open_context(browser: Browser, url: str, **options: object) -> BrowserContext:
    """A fresh context (cookies, storage) on the server at ``url``, offline from assets.nhs.uk."""
    context = browser.new_context(base_url=url, viewport=PHONE, **options)
    context.set_default_timeout(10_000)
    context.route("https://assets.nhs.uk/**", lambda route: route.abort())
    return context


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A new browser context per test: a 375×667 phone screen with JavaScript."""
    context = open_context(browser, live_server.url)
    yield context
    context.close()


@pytest.fixture
def no_js_context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A new browser context per test with JavaScript switched off."""
    context = open_context(browser, live_server.url, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def fresh_context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """A second phone context with JavaScript, sharing no cookies with ``context``."""
    context = open_context(browser, live_server.url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the test's context."""
    return context.new_page()


@pytest.fixture
def token(live_server: LiveServer) -> str:
    """A fresh invitation link's token for the open FFT campaign."""
    return new_link(live_server.app, live_server.world.campaign_id)[0]


@pytest.fixture
def journey_token(live_server: LiveServer) -> str:
    """A fresh invitation link's token for the open whole-journey campaign (from a GP)."""
    return new_link(live_server.app, live_server.world.journey_campaign_id)[0]


@pytest.fixture
def closed_journey_token(live_server: LiveServer) -> str:
    """A link to a whole-journey campaign of the same GP service that closed yesterday."""
    today = utcnow().date()
    with get_db(live_server.app).session() as session:
        service = session.scalars(
            select(Service).where(Service.slug == live_server.world.service_slug)
        ).one()
        campaign = Campaign(
            service=service,
            name="Whole journey, last year",
            measure_id="whole_journey",
            measure_version=1,
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=1),
        )
        session.add(campaign)
        session.flush()
        issued = utcnow() - timedelta(days=2)  # while it was open
        return issue_links(session, campaign, 1, "sms", now=issued)[0]


def _responses(
    app: Flask, token: str, describe: Callable[[Response], dict[str, object]]
) -> list[dict[str, object]]:
    """``describe`` applied to every response stored for ``token``'s invitation."""
    with get_db(app).session() as session:
        invitation = session.scalars(
            select(Invitation).where(Invitation.token_hash == token_hash(token))
        ).one()
        rows = session.scalars(select(Response).where(Response.invitation_id == invitation.id))
        return [describe(response) for response in rows]


def responses_for(app: Flask, token: str) -> list[dict[str, object]]:
    """Every response stored for ``token``'s invitation, with its answers by item id."""
    return _responses(
        app,
        token,
        lambda response: {
            "status": response.status,
            "answers": {a.item_id: a.option_code or a.text for a in response.answers},
        },
    )


def answer_rows_for(app: Flask, token: str) -> list[dict[str, object]]:
    """Every response stored for ``token``'s invitation: its status, who answered, and its
    answers as a set of ``(item_id, instance, option code or text)`` rows."""
    return _responses(
        app,
        token,
        lambda response: {
            "status": response.status,
            "respondent_type": response.respondent_type,
            "rows": {(a.item_id, a.instance, a.option_code or a.text) for a in response.answers},
        },
    )


def axe_violations(page: Page) -> list[dict[str, object]]:
    """Run axe-core's WCAG 2.2 A/AA rules on the page and return its violations."""
    if not AXE_SCRIPT.exists():
        skip_or_fail("PREM_REQUIRE_BROWSER", f"axe-core is not installed at {AXE_SCRIPT}: npm ci")
    # Evaluated by the browser's debugging protocol, which the page's Content-Security-Policy
    # does not govern: an added <script> tag would carry no nonce and be blocked.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_SCRIPT.read_text(encoding='utf-8')} }}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return result["violations"]


def describe_violations(violations: list[dict[str, object]]) -> str:
    """Violations as readable lines: rule id, help, and the failing nodes' selectors."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:  # type: ignore[attr-defined]
            lines.append(f"  - {json.dumps(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)
