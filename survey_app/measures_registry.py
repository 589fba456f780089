"""The measure definitions, loaded and validated once at start-up, read-only afterwards."""

from __future__ import annotations

from flask import Flask, current_app

from measures import Measure, MeasureRegistry, load_registry


def init_measures(app: Flask) -> None:
    """Load every definition in ``measures/definitions``; a broken one stops start-up."""
    app.extensions["prem_measures"] = load_registry()


def registry() -> MeasureRegistry:
    """The running app's measures."""
    return current_app.extensions["prem_measures"]


def measure(measure_id: str, version: int) -> Measure:
    """One measure version of the running app."""
    return registry().get(measure_id, version)
