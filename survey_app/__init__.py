"""Whole Journey PREM web app: ``create_app`` is the one way to build it.

The factory (:mod:`survey_app.factory`) imports every blueprint, and with them pandas,
matplotlib and WeasyPrint: seconds of work. It is imported when an app is first built, so
a light module such as :mod:`survey_app.config` imports in a moment (gunicorn's settings
check every ``PREM_*`` value before the app is loaded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config_overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from ``PREM_*`` settings, then apply ``config_overrides``.

    ``config_overrides`` may hold ``SETTINGS`` (a :class:`~survey_app.config.Settings`) and
    any Flask config key; tests use it to point at a throwaway database.
    """
    from survey_app.factory import build_app

    return build_app(config_overrides)
