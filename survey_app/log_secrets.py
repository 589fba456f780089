"""Link tokens kept out of every log: access logs, error logs, the development server's.

A respondent's link (``/r/<token>``), an open poster link (``/o/<token>``) and a one-time
password link (``/set-password/<token>``) work for whoever holds them: anyone who could
read the logs could otherwise answer as a patient or set a member of staff's password.
Logs show ``/r/…`` instead.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

#: a path segment that is a link's secret, after the prefix that says so
SECRET_IN_PATH = re.compile(r"(/(?:r|o|set-password)/)[^/?#\s\"]+")
HIDDEN = "…"


def hide_secrets(text: str) -> str:
    """``text`` with every link token in a path replaced by ``…``."""
    return SECRET_IN_PATH.sub(rf"\g<1>{HIDDEN}", text)


class HideSecrets(logging.Filter):
    """A logging filter that hides link tokens in each record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (with its arguments filled in); keep the record."""
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True


#: one filter for every logger (adding the same one twice is a no-op)
HIDE_SECRETS = HideSecrets()


def init_log_secrets(app: Flask) -> None:
    """Hide link tokens in the app's own log ("Exception on /r/<token>/q/fft [POST]")."""
    app.logger.addFilter(HIDE_SECRETS)
