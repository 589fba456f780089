"""Addresses handed to people (printed, downloaded, sent): always under ``PREM_BASE_URL``.

A link in a CSV file or on a letter is used later, elsewhere, so it must not depend on the
host name a member of staff happened to reach the app by.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, request, url_for


def public_url(endpoint: str, query: Mapping[str, str] | None = None, **values: str) -> str:
    """The address of ``endpoint`` under ``PREM_BASE_URL`` (needs a request context)."""
    path = url_for(endpoint, **values, **(query or {})).removeprefix(request.script_root)
    return current_app.config["PREM"].base_url + path
