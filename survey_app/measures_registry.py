"""The measure definitions and outcome frameworks, loaded and validated once at start-up."""

from __future__ import annotations

from flask import Flask, current_app

from measures import FrameworkRegistry, Measure, MeasureRegistry, load_frameworks, load_registry


def init_measures(app: Flask) -> None:
    """Load every definition in ``measures/definitions`` and every outcome framework in
    ``measures/frameworks``; a broken one stops start-up."""
    app.extensions["prem_measures"] = load_registry()
    app.extensions["prem_frameworks"] = load_frameworks()


def registry() -> MeasureRegistry:
    """The running app's measures."""
    return current_app.extensions["prem_measures"]


def measure(measure_id: str, version: int) -> Measure:
    """One measure version of the running app."""
    return registry().get(measure_id, version)


def frameworks() -> FrameworkRegistry:
    """The running app's outcome frameworks."""
    return current_app.extensions["prem_frameworks"]
