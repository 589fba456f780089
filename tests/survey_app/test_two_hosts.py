"""Two servers, as if on two hosts, sharing one PostgreSQL database, behave as one.

Each is `make serve`'s gunicorn (its command read from the Makefile) with one worker, its own
port and its own instance folder; they share only the database and PREM_SECRET_KEY, as
production hosts do. One browser (one cookie jar) moves between them, as it would behind a
load balancer. Starting a server takes seconds (it loads the whole app), so one test walks
every step on the same pair: a test-per-step would start them again in each test process.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import requests
from sqlalchemy import select

from survey_app.auth.throttle import ATTEMPTS
from survey_app.config import load_settings
from survey_app.db import Database, get_db
from survey_app.models import Answer, Response
from survey_app.server_settings import default_workers
from tests.conftest import PostgresServer, free_port
from tests.gunicorn_process import Launch, Server, gunicorn_processes, serve_arguments
from tests.survey_app.conftest import PASSWORD, build_world, make_app, new_link
from tests.survey_app.pages import CSRF, text_of

SECRET = "one-secret-key-for-every-host-" * 2


def _wait_for(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _csrf(page: requests.Response) -> str:
    found = CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def _post(browser: requests.Session, url: str, token: str, **data: str) -> requests.Response:
    return browser.post(url, data={"csrf_token": token, **data}, allow_redirects=False, timeout=10)


def _launch(name: str, url: str, folder: Path) -> Launch:
    """`make serve` on a free port with its own instance folder, as production runs it."""
    port = free_port()
    env = {
        "PREM_ENV": "production",
        "PREM_SECRET_KEY": SECRET,
        "PREM_SECURE_COOKIES": "0",  # plain HTTP on 127.0.0.1
        "PREM_DATABASE_URL": url,
        "PREM_INSTANCE_DIR": str(folder / name),
        "PREM_PORT": str(port),
        "PREM_WORKERS": "1",
        "PREM_THREADS": "2",
    }
    return Launch(serve_arguments(), port, env, folder, folder / f"{name}.log")


def test_two_hosts_behave_as_one(postgres_server: PostgresServer, tmp_path: Path) -> None:
    url = postgres_server.create_database()
    settings = load_settings(
        {"PREM_ENV": "test", "PREM_INSTANCE_DIR": str(tmp_path), "PREM_SECRET_KEY": "x"}
    )
    app = make_app(settings, url)
    [token] = new_link(app, build_world(app).campaign_id)
    get_db(app).engine.dispose()
    launches = [_launch("a", url, tmp_path), _launch("b", url, tmp_path)]
    with gunicorn_processes(launches, graceful=False) as (a, b):
        # `make serve` listens on PREM_PORT with PREM_WORKERS workers (the default is more).
        assert default_workers() > 1
        assert _wait_for(lambda: len(a.workers()) == len(b.workers()) == 1)
        with requests.Session() as browser:
            _respondent_moves_between_hosts(a, b, browser, token, url)
        with requests.Session() as browser:
            _staff_session_crosses_hosts(a, b, browser)
        with requests.Session() as browser:
            _refused_sign_ins_add_up(a, b, browser)
        _access_log_hides_tokens(a, token)
        _a_killed_worker_is_replaced(a)


def _respondent_moves_between_hosts(
    a: Server, b: Server, browser: requests.Session, token: str, url: str
) -> None:
    """The first answer through A, the next through B (with A's form), sent through A."""
    first = browser.get(a.url(f"/r/{token}"), timeout=10)
    assert first.url.endswith(f"/r/{token}/q/fft")
    answered = _post(browser, a.url(f"/r/{token}/q/fft"), _csrf(first), answer="very_good")
    assert answered.headers["Location"].endswith(f"/r/{token}/q/fft_why")

    page_from_a = browser.get(a.url(f"/r/{token}/q/fft_why"), timeout=10)
    why = _post(browser, b.url(f"/r/{token}/q/fft_why"), _csrf(page_from_a), answer="Kind staff")
    assert why.status_code == 302, b.log_tail()  # B took A's form token and session
    assert why.headers["Location"].endswith(f"/r/{token}/check")

    check = browser.get(a.url(f"/r/{token}/check"), timeout=10)
    assert "Very good" in check.text and "Kind staff" in check.text  # B's answer, read by A
    sent = _post(browser, a.url(f"/r/{token}/check"), _csrf(check))
    assert sent.headers["Location"].endswith(f"/r/{token}/thank-you")
    thanks = browser.get(b.url(f"/r/{token}/thank-you"), timeout=10)
    assert "your answers have been sent" in thanks.text

    database = Database(url)
    with database.session() as session:
        [status] = session.scalars(select(Response.status))
        answers = session.execute(select(Answer.item_id, Answer.option_code, Answer.text)).all()
    database.engine.dispose()
    assert status == "submitted"
    assert sorted(map(tuple, answers)) == [
        ("fft", "very_good", None),
        ("fft_why", None, "Kind staff"),
    ]


def _staff_session_crosses_hosts(a: Server, b: Server, browser: requests.Session) -> None:
    """Signed in through A (with B's form), signed in on B."""
    assert browser.get(b.url("/dashboard"), allow_redirects=False, timeout=10).status_code == 302
    form_from_b = browser.get(b.url("/sign-in"), timeout=10)
    signed_in = _post(
        browser,
        a.url("/sign-in"),
        _csrf(form_from_b),
        email="staff@test.example",
        password=PASSWORD,
    )
    assert signed_in.status_code == 302, a.log_tail()
    dashboard = browser.get(b.url("/dashboard"), allow_redirects=False, timeout=10)
    assert dashboard.status_code == 200 and "Hill Surgery" in text_of(dashboard.text)


def _refused_sign_ins_add_up(a: Server, b: Server, browser: requests.Session) -> None:
    """3 refusals on A and 2 on B: under the limit on each host, at it together."""
    csrf = _csrf(browser.get(a.url("/sign-in"), timeout=10))
    for attempt in range(ATTEMPTS):
        host = a if attempt % 2 == 0 else b
        refused = _post(
            browser, host.url("/sign-in"), csrf, email="board@test.example", password="guess"
        )
        assert refused.status_code == 200
    right = _post(browser, a.url("/sign-in"), csrf, email="board@test.example", password=PASSWORD)
    assert right.status_code == 429
    assert "Too many attempts" in text_of(right.text)


def _access_log_hides_tokens(a: Server, token: str) -> None:
    """The access log (standard output) has every request, never a link's token."""
    log = a.log.read_text()
    assert '"GET /r/…/q/fft HTTP/1.1" 200' in log and '"POST /sign-in HTTP/1.1" 429' in log
    assert token not in log


def _a_killed_worker_is_replaced(a: Server) -> None:
    """SIGKILL the only worker: the master starts another, which serves."""
    [killed] = a.workers()
    os.kill(killed, signal.SIGKILL)
    assert _wait_for(lambda: len(a.workers()) == 1 and killed not in a.workers())
    replaced = requests.get(a.url("/"), timeout=10)
    assert replaced.status_code == 200, a.log_tail()
    assert replaced.headers["Server"] == "", "the Server header names the server"
