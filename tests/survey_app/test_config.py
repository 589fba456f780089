"""Settings come from PREM_* variables, with plain messages for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.config import SETTINGS, ConfigError, load_settings
from survey_app.server_settings import PoolSettings, default_workers


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings({"PREM_INSTANCE_DIR": str(tmp_path)})
    assert settings.port == 5000 and settings.host == "127.0.0.1"
    assert settings.database_url == f"sqlite:///{tmp_path / 'prem.sqlite3'}"
    assert settings.base_url == "http://127.0.0.1:5000"
    assert settings.min_n == 10 and settings.secure_cookies is False
    assert settings.free_text_retention_days == 730
    assert load_settings({"PREM_INSTANCE_DIR": str(tmp_path)}).secret_key == settings.secret_key


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PREM_PORT", "eighty"),
        ("PREM_PORT", "70000"),
        ("PREM_MIN_N", "0"),
        ("PREM_ENV", "staging"),
        ("PREM_SECURE_COOKIES", "maybe"),
        ("PREM_FREE_TEXT_RETENTION_DAYS", "0"),
        ("PREM_FREE_TEXT_RETENTION_DAYS", "two years"),
        ("PREM_WORKERS", "0"),
        ("PREM_THREADS", "many"),
        ("PREM_DB_POOL_SIZE", "0"),
        ("PREM_DB_POOL_SIZE", "-3"),
        ("PREM_DB_MAX_OVERFLOW", "lots"),
        ("PREM_DB_POOL_TIMEOUT", "0"),
        ("PREM_DB_POOL_RECYCLE", "1.5"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{variable}='{value}' is not valid"):
        load_settings({"PREM_INSTANCE_DIR": str(tmp_path), variable: value})


def test_the_server_and_its_pool_default_to_one_connection_per_thread(tmp_path: Path) -> None:
    settings = load_settings({"PREM_INSTANCE_DIR": str(tmp_path)})
    assert settings.workers == default_workers() and 3 <= settings.workers <= 8
    assert settings.threads == 4
    assert settings.pool == PoolSettings(size=4, max_overflow=0, timeout=10, recycle=1800)
    busier = load_settings({"PREM_INSTANCE_DIR": str(tmp_path), "PREM_THREADS": "8"})
    assert busier.pool.size == 8
    mixed = {"PREM_THREADS": "8", "PREM_DB_POOL_SIZE": "5", "PREM_DB_MAX_OVERFLOW": "3"}
    assert load_settings({"PREM_INSTANCE_DIR": str(tmp_path), **mixed}).pool.most == 8


def test_a_pool_smaller_than_the_threads_is_refused(tmp_path: Path) -> None:
    small = {"PREM_THREADS": "6", "PREM_DB_POOL_SIZE": "3", "PREM_DB_MAX_OVERFLOW": "2"}
    with pytest.raises(ConfigError) as refused:
        load_settings({"PREM_INSTANCE_DIR": str(tmp_path), **small})
    assert str(refused.value) == (
        "PREM_DB_POOL_SIZE + PREM_DB_MAX_OVERFLOW (3 + 2) is less than PREM_THREADS (6): "
        "a request would wait for a database connection. Give at least 6 in all."
    )


def test_production_needs_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PREM_SECRET_KEY must be set"):
        load_settings({"PREM_INSTANCE_DIR": str(tmp_path), "PREM_ENV": "production"})
    production = load_settings(
        {"PREM_INSTANCE_DIR": str(tmp_path), "PREM_ENV": "production", "PREM_SECRET_KEY": "x" * 40}
    )
    assert production.secure_cookies is True


def test_every_variable_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for setting in SETTINGS:
        assert f"`PREM_{setting.name}`" in readme
