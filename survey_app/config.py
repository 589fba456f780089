"""Typed settings read from ``PREM_*`` environment variables inside the app factory.

Every variable, its default and its meaning is listed in ``SETTINGS`` (data), and the
README's table is written from the same list. Bad values fail fast with a plain message.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _env_name(raw: str) -> str:
    if raw not in {"development", "production", "test"}:
        raise ValueError("use development, production or test")
    return raw


@dataclass(frozen=True)
class Setting:
    """One ``PREM_`` variable: its name, default (as text), parser and meaning."""

    name: str
    default: str | None
    parse: Callable[[str], Any]
    help: str


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
    Setting("HOST", "127.0.0.1", str, "Address `prem demo` and `prem serve` listen on."),
    Setting("PORT", "5000", _port, "Port `prem demo` and `prem serve` listen on."),
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
)


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
            raise ConfigError(f"PREM_{setting.name}={raw!r} is not valid: {error}.") from None
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
    )
