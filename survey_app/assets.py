"""Serve the npm-installed NHS.UK frontend build and our own stylesheet, cache-friendly.

Pages link to CSS and JavaScript through :func:`asset_url`, which adds a version to the
address (the npm package's version, or a hash of our file). Versioned files are cached for
a year, so a cheap phone fetches them once; a new version is a new address.

While a new release rolls out host by host, a page from an upgraded host may ask a host not
yet upgraded for ``app.css?v=<new>``: that host has only the old file, so it sends it for
revalidation on every use instead of for a year (:func:`_cache_only_own_version`), and the
browser fetches the new file once every host has it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue

assets = Blueprint("nhsuk_assets", __name__)

FRONTEND_FILES = ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js")
A_YEAR = timedelta(days=365)
A_DAY = timedelta(days=1)


@assets.get("/assets/<path:filename>")
def asset(filename: str) -> ResponseReturnValue:
    """Images and icons the NHS.UK stylesheet refers to as ``/assets/...`` (unversioned)."""
    folder = current_app.config["PREM"].assets_dir / "assets"
    return send_from_directory(folder, filename, max_age=int(A_DAY.total_seconds()))


@assets.get("/frontend/<filename>")
def frontend(filename: str) -> ResponseReturnValue:
    """The compiled NHS.UK frontend stylesheet and script."""
    if filename not in FRONTEND_FILES:
        abort(404)
    folder = current_app.config["PREM"].assets_dir
    response = send_from_directory(folder, filename, max_age=int(A_YEAR.total_seconds()))
    # Hand Flask-Compress the bytes (it leaves file streams alone): ≈280 KB becomes ≈30 KB.
    # Each phone fetches this once a year at most, so it is not on the hot path.
    response.direct_passthrough = False
    response.make_sequence()
    return response


def _versions(app: Flask) -> dict[str, str]:
    """Version strings, worked out once at start-up."""
    package = app.config["PREM"].assets_dir.parent.parent / "package.json"
    frontend = json.loads(package.read_text())["version"] if package.exists() else "dev"
    static = Path(app.static_folder or "")
    ours = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in static.glob("*.css")
    }
    return {"frontend": frontend, **ours}


def _version(endpoint: str, filename: str) -> str | None:
    """This server's version of a stylesheet or script (``None``: an unversioned file)."""
    versions = current_app.extensions["prem_asset_versions"]
    return versions["frontend"] if endpoint.startswith("nhsuk") else versions.get(filename)


def asset_url(endpoint: str, filename: str) -> str:
    """The versioned address of a stylesheet or script (``static`` or ``nhsuk_assets.frontend``)."""
    return url_for(endpoint, filename=filename, v=_version(endpoint, filename))


def _cache_only_own_version(response: Response) -> Response:
    """Asked for a version of a file other than the one here, allow no long-term caching."""
    asked = request.args.get("v")
    if asked is None or request.endpoint not in {"static", "nhsuk_assets.frontend"}:
        return response
    if asked != _version(request.endpoint, (request.view_args or {}).get("filename", "")):
        response.cache_control.max_age = 0
        response.cache_control.no_cache = True
        response.expires = None
    return response


def init_assets(app: Flask) -> None:
    """Register the asset routes and versions; warn loudly if ``npm ci`` has not been run."""
    if not (app.config["PREM"].assets_dir / FRONTEND_FILES[0]).exists():
        app.logger.warning(
            "NHS.UK frontend not found in %s: run `make assets` (npm ci).",
            app.config["PREM"].assets_dir,
        )
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = A_YEAR  # /static/ is linked with ?v=<hash>
    app.extensions["prem_asset_versions"] = _versions(app)
    app.add_template_global(asset_url)
    app.after_request(_cache_only_own_version)
    app.register_blueprint(assets)
