"""Plain words for the ways a questionnaire reaches people (the codes in ``models.vocab``)."""

from __future__ import annotations

from survey_app.models.vocab import MODES
from survey_app.safe_translations import lazy_gettext as _l

MODE_LABELS: dict[str, object] = {
    "link": _l("Link given out by staff"),
    "sms": _l("Text message"),
    "email": _l("Email"),
    "letter-qr": _l("Letter with a QR code"),
    "poster-qr": _l("Poster with a QR code"),
    "kiosk": _l("Tablet or kiosk at the service"),
    "paper-entry": _l("Paper questionnaire typed in by staff"),
}
assert set(MODE_LABELS) == set(MODES), "every mode needs a plain label"


def mode_label(code: str) -> str:
    """The plain words for ``code`` (the code itself if it has none)."""
    return str(MODE_LABELS.get(code, code))
