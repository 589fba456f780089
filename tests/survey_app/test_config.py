"""Settings come from PREM_* variables, with plain messages for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.config import SETTINGS, ConfigError, load_settings


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
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{variable}='{value}' is not valid"):
        load_settings({"PREM_INSTANCE_DIR": str(tmp_path), variable: value})


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
