"""The figures of the quarterly reports as rows of words, shared by the PDF and the board pages.

Every number a report or page prints is formatted here, once, so the two cannot disagree.
Rows never hold a figure from fewer responses than the threshold: they hold a note instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis.api import Change
from measures.basket import BasketEntry
from reports.board_input import BoardInput
from reports.formatting import count, score, score_range, service_type_label, signed, signed_range


@dataclass(frozen=True)
class Estimate:
    """A shown score: its responses, value and interval as printed, and as numbers to plot."""

    responses: str
    value: str
    interval: str
    mean: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Trend:
    """A change of score since an earlier quarter, in words and as an arrow.

    ``arrow`` is ``"up"``, ``"down"``, ``"same"`` (no significant change) or ``""`` when
    no change can be given; ``words`` always says what happened in full.
    """

    arrow: str
    words: str
    change: str = ""
    interval: str = ""
    since: str = ""


_ARROWS = {"improved": "up", "declined": "down", "no significant change": "same"}


def estimate(n: float, mean: float, lower: float, upper: float) -> Estimate:
    """Format a shown estimate (callers check suppression first)."""
    return Estimate(
        count(int(n)),
        score(mean),
        score_range(lower, upper),
        float(mean),
        float(lower),
        float(upper),
    )


def suppressed_note(min_n: int) -> str:
    """The words printed instead of a figure from too few responses."""
    return f"Fewer than {min_n} responses: not shown"


def trend(change: Change | None) -> Trend:
    """Words and an arrow for a quarter-on-quarter or year-on-year change.

    The words are short ("Up 2.1", "No clear change (+0.3)"): the table's column says
    since when; :attr:`Trend.since` carries the quarter for sentences.
    """
    if change is None:
        return Trend("", "No earlier data")
    since = change.baseline_quarter
    if change.flag in _ARROWS and change.difference is not None:
        assert change.lower is not None and change.upper is not None
        change_text = signed(change.difference)
        words = {
            "improved": f"Up {change_text[1:]}",
            "declined": f"Down {change_text[1:]}",
            "no significant change": f"No clear change ({change_text})",
        }[change.flag]
        interval = signed_range(change.lower, change.upper)
        return Trend(_ARROWS[change.flag], words, change_text, interval, since)
    words = {
        "not comparable: measure changed": "Not comparable: the questions changed",
        "no earlier data": f"No data for {since}",
        "too few responses": "Too few responses to compare",
    }
    return Trend("", words.get(change.flag, change.flag), since=since)


@dataclass(frozen=True)
class ServiceRow:
    """One service's headline score: raw, adjusted for case mix, its band and change."""

    unit: str
    name: str
    service_type: str
    organisation: str
    raw: Estimate | None
    adjusted: str | None
    band: str
    trend: Trend
    note: str | None


@dataclass(frozen=True)
class DomainRow:
    """A place-wide domain score this quarter with its changes."""

    domain_id: str
    title: str
    now: Estimate | None
    quarter_on_quarter: Trend
    year_on_year: Trend
    note: str | None


@dataclass(frozen=True)
class BasketRow:
    """One indicator of the board's basket and the place-wide domains that inform it."""

    indicator: BasketEntry
    domains: tuple[DomainRow, ...]
    note: str | None


def service_rows(board: BoardInput) -> tuple[ServiceRow, ...]:
    """The headline score of every service, in name order (never ranked by score)."""
    results = board.results
    headline, unit = results.spec.headline, results.spec.unit
    scores = results.domain_scores
    scores = scores[scores["domain_id"] == headline].assign(_unit=lambda t: t[unit].astype(str))
    adjusted = (
        results.comparison.units.set_index(results.comparison.units["unit"].astype(str))
        if results.comparison is not None
        else pd.DataFrame(columns=["value", "band"])
    )
    changes = {t.unit: t.quarter_on_quarter for t in results.trends.units} if results.trends else {}
    rows = []
    for _, row in scores.iterrows():
        key = row["_unit"]
        info = board.units.get(key)
        shown = not bool(row["suppressed"])
        raw = estimate(row["n"], row["mean"], row["lower"], row["upper"]) if shown else None
        band = str(adjusted.loc[key, "band"]) if shown and key in adjusted.index else ""
        value = adjusted.loc[key, "value"] if key in adjusted.index else math.nan
        rows.append(
            ServiceRow(
                unit=key,
                name=board.unit_name(key),
                service_type=service_type_label(info.service_type) if info else "",
                organisation=info.organisation if info else "",
                raw=raw,
                adjusted=score(float(value)) if shown and not math.isnan(value) else None,
                band=band,
                trend=trend(changes.get(key)) if shown else Trend("", ""),
                note=None if shown else suppressed_note(results.min_n),
            )
        )
    return tuple(sorted(rows, key=lambda r: r.name.casefold()))


def domain_rows(board: BoardInput) -> tuple[DomainRow, ...]:
    """Each domain's place-wide score this quarter, in the measure's order."""
    results = board.results
    series = results.place_series
    now = series[series["quarter"] == results.quarter].set_index("domain_id")
    trends = {t.unit: t for t in results.place_trends.units} if results.place_trends else {}
    rows = []
    for domain_id, title in board.domains.items():
        if domain_id not in now.index:
            continue
        row = now.loc[domain_id]
        shown = not bool(row["suppressed"])
        unit_trend = trends.get(domain_id)
        rows.append(
            DomainRow(
                domain_id=domain_id,
                title=title,
                now=estimate(row["n"], row["mean"], row["lower"], row["upper"]) if shown else None,
                quarter_on_quarter=trend(unit_trend.quarter_on_quarter if unit_trend else None),
                year_on_year=trend(unit_trend.year_on_year if unit_trend else None),
                note=None if shown else suppressed_note(results.min_n),
            )
        )
    return tuple(rows)


def basket_rows(board: BoardInput, domains: tuple[DomainRow, ...]) -> tuple[BasketRow, ...]:
    """The board's indicators, each with the domain scores that inform it."""
    by_id = {row.domain_id: row for row in domains}
    rows = []
    for indicator in board.basket:
        informing = tuple(by_id[d] for d in indicator.domains if d in by_id)
        note = None if informing else "Not informed by this measure"
        rows.append(BasketRow(indicator, informing, note))
    return tuple(rows)
