"""gunicorn's access log without the link tokens some addresses carry.

The request line, the path and the referring page (a page under ``/r/<token>`` is the
referrer of its stylesheet) are all shown as ``/r/…`` (:mod:`survey_app.log_secrets`).
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from survey_app.log_secrets import hide_secrets


class AccessLogger(Logger):
    """gunicorn's logger, with link tokens hidden from every field of the access log."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """The log line's fields, with :func:`hide_secrets` applied to the text ones."""
        found = super().atoms(resp, req, environ, request_time)
        return {k: hide_secrets(v) if isinstance(v, str) else v for k, v in found.items()}
