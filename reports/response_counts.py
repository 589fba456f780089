"""How many people answered in a quarter, by way of reaching them and by language (no Flask).

The board report shows, for one place and quarter, the completed responses in each mode
(text message, letter with a QR code, ...) with the invitations sent that way and the
response rate, and the completed responses in each language. Counts from 1 to ``min_n - 1``
never appear: such a cell shows a note instead, and when the total is shown a second cell
is withheld too whenever the first could be worked out by subtraction
(:func:`analysis.api.suppression_reasons` with ``protect_total=True``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.api import DEFAULT_MIN_N, Proportion, suppression_reasons, wilson_interval

__all__ = ["NOTES", "CountRow", "ResponseCounts", "response_counts"]

NOTES: dict[str, str] = {
    "small_number": "Fewer than {min_n} responses",
    "complementary": "Not shown, so that a smaller number cannot be worked out",
    "no_invitations": "No invitations: {label}",
    "few_invited": "Fewer than {min_n} invitations, so no rate",
    "more_than_invited": "More responses than invitations sent this quarter, so no rate",
}
"""Plain words for why a figure is not shown, keyed by reason."""


@dataclass(frozen=True)
class CountRow:
    """One line of a breakdown: a mode or a language.

    Attributes
    ----------
    label : str
        What the line is, in words ("Text message", "Polski").
    invited : int or None
        Invitations sent this way in the quarter; ``None`` for a language, for a mode that
        sends none (an open poster link), or when fewer than ``min_n``.
    responses : int or None
        Completed responses; ``None`` when withheld.
    rate : Proportion or None
        ``responses / invited`` with a Wilson 95% interval; ``None`` without a denominator
        or when the responses are withheld.
    note : str or None
        Why something is not shown, in plain words; ``None`` when everything is.
    """

    label: str
    invited: int | None
    responses: int | None
    rate: Proportion | None
    note: str | None


@dataclass(frozen=True)
class ResponseCounts:
    """Completed responses of one place in one quarter.

    Attributes
    ----------
    quarter : str
        A calendar quarter such as ``"2026Q3"``.
    total : int or None
        All completed responses; ``None`` when from 1 to ``min_n - 1``.
    by_mode, by_language : tuple of CountRow
        In the order of the labels given, never ranked by size.
    min_n : int
        The fewest responses a figure needs to be shown.
    """

    quarter: str
    total: int | None
    by_mode: tuple[CountRow, ...]
    by_language: tuple[CountRow, ...]
    min_n: int


def response_counts(
    rows: pd.DataFrame,
    *,
    quarter: str,
    min_n: int = DEFAULT_MIN_N,
    mode_labels: Mapping[str, str],
    language_labels: Mapping[str, str],
    invited: Mapping[str, int] | None = None,
) -> ResponseCounts:
    """Count completed responses by mode and by language, withholding small numbers.

    Parameters
    ----------
    rows : pandas.DataFrame
        Columns ``mode`` and ``language``, one row per completed response, or with a
        column ``n`` holding how many responses each row stands for.
    quarter : str
        The quarter the responses were submitted in, carried into the result.
    min_n : int
        The fewest responses a figure needs to be shown, ``min_n >= 1``.
    mode_labels, language_labels : mapping of str to str
        Words for each code, in the order lines are shown. Codes not listed come last,
        named by their code.
    invited : mapping of str to int, optional
        Invitations sent in the quarter for each mode that sends them. A mode missing
        here has no denominator and so no rate.

    Returns
    -------
    ResponseCounts
        A mode or language appears when it has responses or invitations.

    Raises
    ------
    ValueError
        If ``rows`` lacks a column, or a count or ``min_n`` is out of range.

    Notes
    -----
    The rate assumes each invitation is one independent chance of a response (Wilson
    interval, no clustering). Invitations sent late in the previous quarter can be
    answered in this one, so a mode can have more responses than invitations; its rate
    is then not shown.
    """
    missing = {"mode", "language"} - set(rows.columns)
    if missing:
        raise ValueError(f"rows need the columns {sorted(missing)}")
    n = rows["n"] if "n" in rows.columns else pd.Series(1, index=rows.index)
    if (n < 0).any():
        raise ValueError("counts cannot be negative")
    sent = {mode: int(count) for mode, count in (invited or {}).items()}
    by_mode = _sums(rows["mode"], n)
    by_language = _sums(rows["language"], n)
    total = sum(by_mode.values())
    shown = total >= min_n or total == 0
    return ResponseCounts(
        quarter=quarter,
        total=total if shown else None,
        by_mode=_breakdown(
            _ordered(mode_labels, [*by_mode, *sent]), by_mode, min_n, shown, sent, mode_labels
        ),
        by_language=_breakdown(
            _ordered(language_labels, by_language), by_language, min_n, shown, None, language_labels
        ),
        min_n=min_n,
    )


def _sums(codes: pd.Series, n: pd.Series) -> dict[str, int]:
    grouped = n.groupby(codes.astype(str), sort=False).sum()
    return {code: int(count) for code, count in grouped.items()}


def _ordered(labels: Mapping[str, str], codes: Iterable[str]) -> list[str]:
    present = set(codes)
    return [c for c in labels if c in present] + sorted(present - set(labels))


def _breakdown(
    codes: list[str],
    counts: Mapping[str, int],
    min_n: int,
    total_shown: bool,
    invited: Mapping[str, int] | None,
    labels: Mapping[str, str],
) -> tuple[CountRow, ...]:
    responses = {code: counts.get(code, 0) for code in codes}
    reasons = suppression_reasons(responses, min_n, protect_total=total_shown)
    return tuple(
        _row(labels.get(code, code), responses[code], reasons[code], min_n, invited, code)
        for code in codes
    )


def _row(
    label: str,
    responses: int,
    reason: str,
    min_n: int,
    invited: Mapping[str, int] | None,
    code: str,
) -> CountRow:
    # A zero is withheld by the secondary rule's bookkeeping but reveals nothing: show it.
    withheld = reason != "none" and responses > 0
    sent = None if invited is None else invited.get(code, 0)
    if withheld:
        note: str | None = NOTES[reason].format(min_n=min_n)
    elif sent is None:  # a language: no denominator, nothing to explain
        note = None
    elif sent == 0:
        note = NOTES["no_invitations"].format(label=label)
    elif sent < min_n:
        note = NOTES["few_invited"].format(min_n=min_n)
    elif responses > sent:
        note = NOTES["more_than_invited"]
    else:
        note = None
    shown_sent = sent if sent is not None and sent >= min_n else None
    rate = None
    if not withheld and shown_sent is not None and responses <= shown_sent:
        rate = wilson_interval(responses, shown_sent)
    return CountRow(
        label=label,
        invited=shown_sent,
        responses=None if withheld else responses,
        rate=rate,
        note=note,
    )
