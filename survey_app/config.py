"""Typed settings read from ``PREM_*`` environment variables inside the app factory.

Every variable, its default and its meaning is listed in ``SETTINGS`` (data), and the
README's table is written from the same list. Bad values fail fast with a plain message.
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.server_settings import (
    DEFAULT_THREADS,
    MAX_DEFAULT_WORKERS,
    PoolSettings,
    default_workers,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A ``PREM_*`` variable holds a value the platform cannot use."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError("use 1/0, true/false, yes/no or on/off")


def _port(raw: str) -> int:
    port = int(raw)
    if not 1 <= port <= 65535:
        raise ValueError("a port is a whole number from 1 to 65535")
    return port


def _min_n(raw: str) -> int:
    n = int(raw)
    if n < 1:
        raise ValueError("the threshold is a whole number of at least 1")
    return n


def _proxy_hops(raw: str) -> int:
    hops = int(raw)
    if not 0 <= hops <= 5:
        raise ValueError("the number of proxies is a whole number from 0 to 5")
    return hops


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    """A parser of a whole number of ``what`` from ``low`` to ``high``."""

    def parse(raw: str) -> int:
        text = raw.strip()
        if not text.isdecimal() or not low <= int(text) <= high:
            raise ValueError(f"give a whole number of {what} from {low} to {high}")
        return int(text)

    return parse


def _env_name(raw: str) -> str:
    if raw not in {"development", "production", "test"}:
        raise ValueError("use development, production or test")
    return raw


def _uuid(raw: str) -> str:
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        raise ValueError("a GOV.UK Notify template id looks like 8-4-4-4-12 hex digits") from None


# GOV.UK Notify API keys are ``{key name}-{service id}-{secret}``, the last two UUIDs.
_NOTIFY_KEY = re.compile(
    r"^.+-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
)


def _notify_key(raw: str) -> str:
    if not _NOTIFY_KEY.match(raw.strip()):
        raise ValueError("a GOV.UK Notify API key is its name, the service id and the secret")
    return raw.strip()


def _http_url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")):
        raise ValueError("give the address with https://")
    return raw.rstrip("/")


@dataclass(frozen=True)
class Setting:
    """One ``PREM_`` variable: its name, default (as text), parser and meaning.

    A ``secret`` setting's value is never repeated in an error message.
    """

    name: str
    default: str | None
    parse: Callable[[str], Any]
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development", _env_name, "development, production or test."),
    Setting(
        "INSTANCE_DIR",
        "instance",
        str,
        "Folder for the SQLite database, the "
        "development secret key and demo reports (relative to the working directory).",
    ),
    Setting(
        "DATABASE_URL",
        None,
        str,
        "SQLAlchemy URL. Default: SQLite file "
        "`<instance>/prem.sqlite3`. PostgreSQL: `postgresql+psycopg://user:pass@host/db`.",
    ),
    Setting(
        "SECRET_KEY",
        None,
        str,
        "Signs sessions and CSRF tokens. Required in production; "
        "in development a random key is kept in `<instance>/secret_key`.",
    ),
    Setting("HOST", "127.0.0.1", str, "Address the server (`make serve`, `prem serve`) uses."),
    Setting("PORT", "5000", _port, "Port the server (`make serve`, `prem serve`) uses."),
    Setting(
        "WORKERS",
        None,
        _whole(1, 64, "processes"),
        "gunicorn worker processes on this host (`make serve`). Default: 2 × cores + 1, "
        f"at most {MAX_DEFAULT_WORKERS}.",
    ),
    Setting(
        "THREADS",
        str(DEFAULT_THREADS),
        _whole(1, 64, "threads"),
        "Threads per gunicorn worker: requests one worker serves at once.",
    ),
    Setting(
        "DB_POOL_SIZE",
        None,
        _whole(1, 100, "connections"),
        "PostgreSQL connections each server process keeps open. Default: `PREM_THREADS`.",
    ),
    Setting(
        "DB_MAX_OVERFLOW",
        "0",
        _whole(0, 100, "connections"),
        "Connections a process may open beyond the pool at busy moments (closed after use).",
    ),
    Setting(
        "DB_POOL_TIMEOUT",
        "10",
        _whole(1, 300, "seconds"),
        "Seconds a request waits for a free connection before it fails.",
    ),
    Setting(
        "DB_POOL_RECYCLE",
        "1800",
        _whole(0, 86400, "seconds"),
        "Seconds after which a connection is replaced (0: never); keep it below any idle "
        "timeout of a firewall or connection pooler in between.",
    ),
    Setting(
        "BASE_URL",
        None,
        str,
        "Public address used in printed links. Default: `http://<PREM_HOST>:<PREM_PORT>`.",
    ),
    Setting("MIN_N", "10", _min_n, "Fewest responses behind any published figure."),
    Setting(
        "SECURE_COOKIES",
        None,
        _bool,
        "Send cookies over HTTPS only. Default: on in production, off otherwise.",
    ),
    Setting(
        "ASSETS_DIR",
        None,
        str,
        "Folder of the npm `nhsuk-frontend` build "
        "(`dist/nhsuk`). Default: `node_modules/nhsuk-frontend/dist/nhsuk` in the project.",
    ),
    Setting(
        "PROXY_HOPS",
        "0",
        _proxy_hops,
        "How many reverse proxies (nginx, a load balancer) stand in front of the app. Their "
        "`X-Forwarded-For/-Proto/-Host` headers are trusted only this deep; per-address rate "
        "limits need it right.",
    ),
    Setting(
        "FREE_TEXT_RETENTION_DAYS",
        "730",
        _whole(1, 36500, "days"),
        "How long free-text comments are kept after a response is submitted; "
        "`prem retention apply` deletes older ones (scores and other answers stay).",
    ),
    Setting(
        "NOTIFY_API_KEY",
        None,
        _notify_key,
        "GOV.UK Notify API key for sending by SMS and email. Unset: sending is switched off.",
        secret=True,
    ),
    Setting(
        "NOTIFY_BASE_URL",
        "https://api.notifications.service.gov.uk",
        _http_url,
        "Address of the GOV.UK Notify API.",
    ),
    Setting(
        "NOTIFY_SMS_TEMPLATE_ID",
        None,
        _uuid,
        "Notify template for the first text message; placeholders `((service))` and `((link))`.",
    ),
    Setting(
        "NOTIFY_EMAIL_TEMPLATE_ID",
        None,
        _uuid,
        "Notify template for the first email; placeholders `((service))` and `((link))`.",
    ),
    Setting(
        "NOTIFY_REMINDER_SMS_TEMPLATE_ID",
        None,
        _uuid,
        "Notify template for the reminder text message. Default: the first message's template.",
    ),
    Setting(
        "NOTIFY_REMINDER_EMAIL_TEMPLATE_ID",
        None,
        _uuid,
        "Notify template for the reminder email. Default: the first email's template.",
    ),
)


@dataclass(frozen=True)
class NotifySettings:
    """Sending through GOV.UK Notify: off when there is no API key.

    ``templates`` maps ``(channel, message)`` (``("sms", "first")``, ``("email",
    "reminder")``) to a Notify template id; a channel without a first template is not used.
    """

    api_key: str | None
    base_url: str
    templates: Mapping[tuple[str, str], str]

    @property
    def enabled(self) -> bool:
        """Whether sending is switched on."""
        return self.api_key is not None

    def channels(self) -> tuple[str, ...]:
        """The channels (``sms``, ``email``) that can send: switched on, with a template."""
        if not self.enabled:
            return ()
        return tuple(c for c in ("sms", "email") if (c, "first") in self.templates)


def _notify(values: Mapping[str, Any]) -> NotifySettings:
    templates: dict[tuple[str, str], str] = {}
    for channel in ("sms", "email"):
        first = values[f"NOTIFY_{channel.upper()}_TEMPLATE_ID"]
        reminder = values[f"NOTIFY_REMINDER_{channel.upper()}_TEMPLATE_ID"] or first
        if first:
            templates[(channel, "first")] = first
        if reminder:
            templates[(channel, "reminder")] = reminder
    return NotifySettings(values["NOTIFY_API_KEY"], values["NOTIFY_BASE_URL"], templates)


def _pool(values: Mapping[str, Any], threads: int) -> PoolSettings:
    pool = PoolSettings(
        size=values["DB_POOL_SIZE"] or threads,
        max_overflow=values["DB_MAX_OVERFLOW"],
        timeout=values["DB_POOL_TIMEOUT"],
        recycle=values["DB_POOL_RECYCLE"],
    )
    if pool.most < threads:
        raise ConfigError(
            f"PREM_DB_POOL_SIZE + PREM_DB_MAX_OVERFLOW ({pool.size} + {pool.max_overflow}) is "
            f"less than PREM_THREADS ({threads}): a request would wait for a database "
            f"connection. Give at least {threads} in all."
        )
    return pool


@dataclass(frozen=True)
class Settings:
    """The validated settings the app runs with."""

    env: str
    instance_dir: Path
    database_url: str
    secret_key: str
    host: str
    port: int
    base_url: str
    min_n: int
    secure_cookies: bool
    assets_dir: Path
    proxy_hops: int
    free_text_retention_days: int
    notify: NotifySettings
    workers: int
    threads: int
    pool: PoolSettings


def _raw(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(f"PREM_{setting.name}", setting.default)
        if raw is None or raw == "":
            values[setting.name] = None
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as error:
            shown = "(hidden)" if setting.secret else repr(raw)
            raise ConfigError(f"PREM_{setting.name}={shown} is not valid: {error}.") from None
    return values


def _secret_key(env: str, configured: str | None, instance_dir: Path) -> str:
    if configured:
        return configured
    if env == "production":
        raise ConfigError("PREM_SECRET_KEY must be set in production (a long random string).")
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every ``PREM_*`` variable.

    Raises
    ------
    ConfigError
        Naming the variable and what is wrong with its value.
    """
    values = _raw(os.environ if environ is None else environ)
    env = values["ENV"]
    instance_dir = Path(values["INSTANCE_DIR"]).resolve()
    database_url = values["DATABASE_URL"] or f"sqlite:///{instance_dir / 'prem.sqlite3'}"
    host, port = values["HOST"], values["PORT"]
    secure = values["SECURE_COOKIES"]
    assets = values["ASSETS_DIR"] or PROJECT_ROOT / "node_modules/nhsuk-frontend/dist/nhsuk"
    return Settings(
        env=env,
        instance_dir=instance_dir,
        database_url=database_url,
        secret_key=_secret_key(env, values["SECRET_KEY"], instance_dir),
        host=host,
        port=port,
        base_url=(values["BASE_URL"] or f"http://{host}:{port}").rstrip("/"),
        min_n=values["MIN_N"],
        secure_cookies=env == "production" if secure is None else secure,
        assets_dir=Path(assets),
        proxy_hops=values["PROXY_HOPS"],
        free_text_retention_days=values["FREE_TEXT_RETENTION_DAYS"],
        notify=_notify(values),
        workers=values["WORKERS"] or default_workers(),
        threads=values["THREADS"],
        pool=_pool(values, values["THREADS"]),
    )
