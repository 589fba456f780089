"""Serve the npm-installed NHS.UK frontend build: its CSS/JS and ``/assets/`` (fonts, icons)."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, send_from_directory
from flask.typing import ResponseReturnValue

assets = Blueprint("nhsuk_assets", __name__)

FRONTEND_FILES = ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js")


@assets.get("/assets/<path:filename>")
def asset(filename: str) -> ResponseReturnValue:
    """Images and icons the NHS.UK stylesheet refers to as ``/assets/...``."""
    return send_from_directory(current_app.config["PREM"].assets_dir / "assets", filename)


@assets.get("/frontend/<filename>")
def frontend(filename: str) -> ResponseReturnValue:
    """The compiled NHS.UK frontend stylesheet and script."""
    if filename not in FRONTEND_FILES:
        abort(404)
    return send_from_directory(current_app.config["PREM"].assets_dir, filename)


def init_assets(app: Flask) -> None:
    """Register the asset routes; warn loudly if ``npm ci`` has not been run."""
    if not (app.config["PREM"].assets_dir / FRONTEND_FILES[0]).exists():
        app.logger.warning(
            "NHS.UK frontend not found in %s: run `make assets` (npm ci).",
            app.config["PREM"].assets_dir,
        )
    app.register_blueprint(assets)
