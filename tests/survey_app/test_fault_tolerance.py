"""Nothing lost: whole journeys under load while gunicorn workers die and PostgreSQL restarts.

Respondents walk the whole-journey questionnaire through their links against `make serve`'s
gunicorn (two workers of four threads) on a PostgreSQL cluster of this test's own. Meanwhile
a worker is killed with SIGKILL three times (gunicorn forks another) and PostgreSQL is
restarted once, as after a crash. Those who saw an error open their link again afterwards
and carry on. Then the database must hold, for every link, one response, sent, with every
answer as its respondent sent it: nothing lost, nothing twice, nothing half.
"""

from __future__ import annotations

import itertools
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from seed import prepare_app_database, server_env
from sqlalchemy import func, select

from survey_app.config import Settings
from survey_app.db import get_db
from survey_app.models import Response, utcnow
from survey_app.respond.journey import Visit, missing_answer, open_link
from tests.conftest import PostgresServer, free_port
from tests.gunicorn_process import Server, gunicorn_process, serve_arguments
from tests.survey_app.conftest import make_app
from tests.survey_app.respondents import (
    Respondent,
    journeys_running,
    resume_unfinished,
    summary,
)

pytestmark = pytest.mark.postgres

LINKS = 150  # more than the visitors walk in the time (about 20-60): the load lasts to the end
VISITORS = 4
WORKERS, THREADS = 2, 4
FAULTS = (
    (1.0, "kill a worker"),
    (2.0, "restart PostgreSQL"),
    (2.0, "kill a worker"),
    (2.0, "kill a worker"),
)
"""What to break, each so many seconds after the one before (the first: after the load
starts)."""
TAIL = 2.0  # seconds of load after the last fault
LOAD_LIMIT = 60.0  # no journey goes on past this, in seconds after the load starts
RESUME_LIMIT = 60.0
RESPAWN_LIMIT = 30.0  # for gunicorn to replace its killed workers


@pytest.fixture
def own_postgres(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A cluster for this test alone: it is restarted, which the shared one must not be."""
    server = PostgresServer(postgres_server.bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _started_at(pid: int) -> int:
    """When process ``pid`` started, in clock ticks since boot (field 22 of its stat)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except OSError:
        return 0


def kill_oldest_worker(server: Server) -> int:
    """SIGKILL the longest-running worker of ``server`` (never the master); its process id."""
    workers = server.workers()
    assert workers, f"gunicorn (process {server.pid}) has no worker to kill"
    oldest = min(workers, key=_started_at)
    os.kill(oldest, signal.SIGKILL)
    return oldest


def replaced(server: Server, killed: set[int]) -> set[int]:
    """``server``'s workers once it has ``WORKERS`` again, none of them ``killed`` (bounded)."""
    deadline = time.perf_counter() + RESPAWN_LIMIT
    while (workers := server.workers()) & killed or len(workers) != WORKERS:
        if time.perf_counter() >= deadline:
            break
        time.sleep(0.05)
    return workers


def restart(cluster: PostgresServer) -> str:
    """Stop PostgreSQL at once, as a crash would, and start it again."""
    started = time.perf_counter()
    cluster.halt()
    cluster.resume()
    return f"restarted PostgreSQL in {time.perf_counter() - started:.1f} s"


def break_things(actions: dict[str, Callable[[], str]]) -> list[str]:
    """Run ``FAULTS`` in turn; what was done, with when."""
    start = time.perf_counter()
    done = []
    for gap, fault in FAULTS:
        time.sleep(gap)
        outcome = actions[fault]()
        done.append(f"{time.perf_counter() - start:4.1f} s: {outcome}")
    return done


def _as_sent(value: object) -> tuple[str, ...]:
    """A stored answer as the form sent it: its values, in any order (blank: none)."""
    values = value if isinstance(value, tuple) else (value,)
    return tuple(sorted(str(v) for v in values if v))


def answer_problems(respondent: Respondent, visit: Visit) -> list[str]:
    """How the stored response differs from what the respondent sent (nothing: ``[]``).

    Every page the questionnaire asks, given the stored answers, must hold one of the
    answers sent to it, and nothing else may be stored. Every answer sent must be stored,
    unless a page was answered twice (a reply lost, the page asked again) and the second
    answer took the questionnaire another way.
    """
    pages, stored = visit.pages(), visit.answers
    sent = {slug: [tuple(sorted(a)) for a in answers] for slug, answers in respondent.sent.items()}
    problems = [f"sent without an answer to {p.slug}" for p in pages if p.key not in stored]
    asked = {page.key for page in pages}
    problems += [f"holds an answer to {key} it does not ask" for key in stored.keys() - asked]
    for page in pages:
        value = _as_sent(stored.get(page.key))
        if page.key in stored and value not in sent.get(page.slug, []):
            problems.append(f"{page.slug} holds {value}, sent {sent.get(page.slug)}")
    answered_twice = any(len(answers) > 1 for answers in sent.values())
    lost = sent.keys() - {page.slug for page in pages}
    if lost and not answered_twice:
        problems.append(f"answers to {sorted(lost)} were sent but not stored")
    return problems


def stored_problems(app: Flask, respondents: list[Respondent]) -> list[str]:
    """Every way the database differs from what respondents were told, one line a token."""
    db, measures = get_db(app), app.extensions["prem_measures"]
    problems: list[str] = []
    with db.session() as session:
        twice = session.execute(
            select(Response.invitation_id).group_by(Response.invitation_id).having(func.count() > 1)
        ).all()
        problems += [f"invitation {row[0]} has more than one response" for row in twice]
        responses = session.scalar(select(func.count()).select_from(Response))
        if responses != len(respondents):
            problems.append(f"{responses} responses for {len(respondents)} journeys")
        for respondent in respondents:
            visit = open_link(session, measures, respondent.token, utcnow())
            found = [f"never finished: {respondent.errors}"] if not respondent.thank_you else []
            if not visit.submitted:
                found.append("no response sent")
            else:
                found += answer_problems(respondent, visit)
                if missing_answer(visit) is not None:
                    found.append(f"sent without its required {missing_answer(visit).slug}")
            found += [f"error page not the app's own: {page}" for page in respondent.error_pages]
            problems += [f"{respondent.token[:8]}…: {problem}" for problem in found]
    return problems


def test_nothing_is_lost_when_workers_die_and_postgresql_restarts(
    own_postgres: PostgresServer, settings: Settings
) -> None:
    url, instance = own_postgres.create_database(), settings.instance_dir
    instance.mkdir(parents=True)
    clock = [time.perf_counter()]
    tokens = deque(prepare_app_database(url, instance, LINKS, "whole_journey"))
    port = free_port()
    env = {
        **server_env(url, instance),
        "PREM_PORT": str(port),
        "PREM_WORKERS": str(WORKERS),
        "PREM_THREADS": str(THREADS),
    }
    clock.append(time.perf_counter())
    arguments, log_file = serve_arguments(), instance / "serve.log"
    with gunicorn_process(arguments, port, env, instance, log_file, graceful=False) as server:
        clock.append(time.perf_counter())
        killed: list[int] = []

        def kill() -> str:
            killed.append(kill_oldest_worker(server))
            return f"killed worker {killed[-1]}"

        actions = {"kill a worker": kill, "restart PostgreSQL": lambda: restart(own_postgres)}
        with journeys_running(port, tokens, VISITORS, LOAD_LIMIT) as respondents:
            done = break_things(actions)
            time.sleep(TAIL)
        first_pass = summary(respondents)
        clock.append(time.perf_counter())
        resume_unfinished(respondents, VISITORS, RESUME_LIMIT)
        clock.append(time.perf_counter())
        workers = replaced(server, set(killed))
        log = "\n".join(line for line in server.log_tail(400).splitlines() if "GET" not in line)
    seconds = ", ".join(f"{b - a:.1f}" for a, b in itertools.pairwise(clock))
    report = "\n".join(
        [
            f"seconds to seed, start gunicorn, load, resume: {seconds}",
            "faults:",
            *done,
            "before resuming:",
            first_pass,
            "after:",
            summary(respondents),
        ]
    )
    print(report)
    assert len(set(killed)) == 3, report
    assert len(workers) == WORKERS and not workers & set(killed), (
        f"gunicorn did not replace its killed workers: {workers}\n{log}"
    )
    assert any(r.errors for r in respondents), f"no respondent felt the faults\n{report}"
    app = make_app(settings, url)
    try:
        problems = stored_problems(app, respondents)
    finally:
        get_db(app).engine.dispose()
    print(f"seconds to check the database: {time.perf_counter() - clock[-1]:.1f}")
    assert not problems, "\n".join([report, *problems, "gunicorn's log:", log[-6000:]])
