"""Small helpers that turn numbers into the words and figures a report prints."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

SERVICE_TYPE_LABELS = {
    "gp": "GP practice",
    "acute": "Hospital",
    "community": "Community",
    "mental_health": "Mental health",
    "social_care": "Social care",
    "care_home": "Care home",
    "pharmacy": "Pharmacy",
    "ambulance": "Ambulance",
    "voluntary": "Voluntary sector",
    "other": "Other",
}


def percent(fraction: float) -> str:
    """Format a fraction as a whole percentage, rounding halves up.

    Parameters
    ----------
    fraction : float
        A value between 0 and 1.

    Returns
    -------
    str
        For example ``"86%"`` for 0.8573.
    """
    return f"{math.floor(fraction * 100 + 0.5)}%"


def level(confidence: float) -> str:
    """Format a confidence level without rounding it away, e.g. ``"95%"`` or ``"99.8%"``."""
    return f"{round(confidence * 100, 1):g}%"


def interval(lower: float, upper: float) -> str:
    """Format an interval of fractions, e.g. ``"83% to 89%"``."""
    return f"{percent(lower)} to {percent(upper)}"


def count(n: int) -> str:
    """Format a count with thousands separators, e.g. ``"1,204"``."""
    return f"{n:,}"


def long_date(day: datetime.date) -> str:
    """Format a date the GOV.UK way, e.g. ``"5 October 2026"`` (independent of locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def suppression_note(suppression: str, min_n: int) -> str:
    """The words a table shows instead of a withheld result.

    The board pages (``survey_app/templates/boards/fft_table.html``) print the same words.

    Parameters
    ----------
    suppression : {"small_number", "complementary"}
        Why the result is withheld (:attr:`analysis.api.FftEstimate.suppression`).
    min_n : int
        The fewest responses a result needs to be shown.

    Returns
    -------
    str
        For example ``"Fewer than 10 responses: not shown"``.

    Raises
    ------
    ValueError
        If `suppression` is not a reason for withholding a result.
    """
    if suppression == "small_number":
        return f"Fewer than {min_n} responses: not shown"
    if suppression == "complementary":
        return (
            f"Not shown, so that a service with fewer than {min_n} responses cannot be worked out"
        )
    raise ValueError(f"{suppression!r} is not a reason for withholding a result")


def quoted_list(words: Sequence[str]) -> str:
    """Quote and join words with "or", e.g. ``"“Don't know” or “Neither”"``."""
    quoted = [f"“{word}”" for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: ``"Pharmacy"`` becomes ``"pharmacy"``, but an
    abbreviation keeps its capitals (``"GP practice"``, ``"IMD quintile"``)."""
    first_word = label.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        return label
    return label[:1].lower() + label[1:]


def service_type_label(service_type: str) -> str:
    """Return the plain-English label of a service type, e.g. ``"GP practice"`` for ``"gp"``."""
    return SERVICE_TYPE_LABELS.get(service_type, service_type.replace("_", " ").capitalize())


def score(value: float) -> str:
    """Format a 0 to 100 score to one decimal place, e.g. ``"72.4"``."""
    return f"{value:.1f}"


def score_range(lower: float, upper: float) -> str:
    """Format the interval of a score, e.g. ``"70.1 to 74.6"``."""
    return f"{score(lower)} to {score(upper)}"


def signed(value: float) -> str:
    """Format a change of score with its sign (a true minus sign), e.g. ``"+2.1"``, ``"−0.4"``.

    A change that rounds to zero is ``"0.0"``, with no sign.
    """
    text = score(abs(value))
    if text == score(0.0):
        return text
    return f"+{text}" if value > 0 else f"\N{MINUS SIGN}{text}"


def signed_range(lower: float, upper: float) -> str:
    """Format the interval of a change, e.g. ``"−0.5 to +4.7"``."""
    return f"{signed(lower)} to {signed(upper)}"
