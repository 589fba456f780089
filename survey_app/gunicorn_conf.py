"""gunicorn's settings, as code, from the same ``PREM_*`` variables as the app.

``make serve`` runs::

    gunicorn --config python:survey_app.gunicorn_conf survey_app.wsgi:app

Any number of these servers, on any number of hosts, may share one PostgreSQL database:
the app keeps nothing in a process's memory that another process needs (README, "Running
in production"). A bad ``PREM_*`` value stops the server before it starts, with the same
plain message as the ``prem`` command and no traceback.

The app is built once in the master and the workers are forked from it (``preload_app``):
they start in a moment, share the loaded code's memory, and a worker that dies (even by
SIGKILL) is replaced by the master at once. Nothing opened before the fork is shared after
it: the master serves no request and so opens no database connection, and each new worker
drops whatever pool it inherited (:func:`post_fork`) and opens its own connections.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import gunicorn.http.wsgi

from survey_app.config import ConfigError, load_settings
from survey_app.db import get_db

# The Server header says nothing, as the development server's does (security_headers.py).
# gunicorn has no setting for it: each response takes the name from this module's constant,
# emptied here in the master, before any worker is forked (tests/survey_app/test_two_hosts.py).
gunicorn.http.wsgi.SERVER = ""  # type: ignore[attr-defined]

try:
    _settings = load_settings()
except ConfigError as _error:
    print(f"Error: {_error}", file=sys.stderr)  # as the prem command says it: no traceback
    raise SystemExit(2) from None


def _address(host: str, port: int) -> str:
    """gunicorn's ``HOST:PORT``, with an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


wsgi_app = "survey_app.wsgi:app"
bind = [_address(_settings.host, _settings.port)]
workers = _settings.workers
worker_class = "gthread"
threads = _settings.threads
preload_app = True
# A worker that has not checked in for this long is killed and replaced (a board PDF takes
# a few seconds; nothing takes a minute).
timeout = 60
# On SIGTERM (a deploy, a scale-down), requests in progress get this long to finish.
graceful_timeout = 30
accesslog = "-"  # stdout, for the platform's log collector
errorlog = "-"  # stderr
logger_class = "survey_app.access_log.AccessLogger"
proc_name = "prem"
# The control socket lives at one path per user: two servers on a host would fight over it.
control_socket_disable = True
# Forwarded headers are trusted only as deep as PREM_PROXY_HOPS says (the app's ProxyFix),
# not also by gunicorn for whatever happens to connect from 127.0.0.1.
forwarded_allow_ips = ""
# Workers' heartbeat files in memory, not on a disk that may be slow or shared.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108


def post_fork(server: Any, _worker: Any) -> None:
    """In each new worker, drop the database pool inherited from the master.

    ``dispose(close=False)`` forgets the inherited connections without closing them (they
    belong to the master); the worker opens its own on first use.
    """
    get_db(server.app.wsgi()).engine.dispose(close=False)
