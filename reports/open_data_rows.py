"""The rows of the open-data file for one measure: one published figure per row (no Flask).

A caller names the services, domains and items (:class:`OpenDataNames`) and hands over
:class:`analysis.api.QuarterlyResults`. Disclosure: a row from fewer than ``min_n``
responses keeps its labels and says so in ``note``, with no ``n`` and no figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.api import QuarterlyResults, Suppression, suppression_reasons
from reports.open_data_dictionary import COLUMNS, suppressed_note

__all__ = ["OpenDataNames", "open_data_rows"]

DOMAIN_METHOD = "mean of each person's domain score, SE = s/√n, t interval on n − 1 df"
ITEM_METHOD = (
    "mean, Taylor-linearised SE with answers clustered by response, t interval on clusters − 1 df"
)
TOP_BOX_METHOD = (
    "Wilson score interval on n scored answers, shrunk by the design effect of answers "
    "clustered by response"
)
LEVEL = 0.95  # the level of the domain and item intervals of the quarterly analysis


@dataclass(frozen=True)
class OpenDataNames:
    """How units, domains and items are named in the published file.

    Attributes
    ----------
    place : str
        The place's name (or e.g. "All places").
    units : Mapping of str to str
        Service id (as in the results) → public service name.
    unit_types : Mapping of str to str
        Service id → service type code.
    domains : Mapping of str to str
        Domain id → title.
    items : Mapping of str to str
        Item id → short English question text.
    place_id : str
        The place's id as used in file names; ``"all"`` for every place.
    """

    place: str
    units: Mapping[str, str]
    unit_types: Mapping[str, str]
    domains: Mapping[str, str]
    items: Mapping[str, str]
    place_id: str = field(default="all")


def _round(value: Any) -> float | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 1)


class _Rows:
    """Builds rows of one measure's results, with the shared labels filled in."""

    def __init__(self, results: QuarterlyResults, names: OpenDataNames, measure_id: str):
        self.results, self.names = results, names
        self.base = {"quarter": results.quarter, "measure_id": measure_id, "place": names.place}
        self.withheld = _withheld(results)

    def reason(self, unit: object, domain_id: object) -> Suppression:
        """Why a service's figures in a domain are withheld (``"none"`` if they are not)."""
        return self.withheld.get((str(unit), str(domain_id)), "none")

    def service(self, unit: object) -> dict[str, object]:
        key = str(unit)
        return {
            "level": "service",
            "service_id": key,
            "service_name": self.names.units.get(key, ""),
            "service_type": self.names.unit_types.get(key, ""),
        }

    def domain(self, domain_id: object) -> dict[str, object]:
        key = str(domain_id)
        return {"domain_id": key, "domain_title": self.names.domains.get(key, "")}

    def row(
        self,
        labels: Mapping[str, object],
        statistic: str,
        n: object,
        figures: tuple[object, object, object] = (None, None, None),
        *,
        method: str = "",
        category: str | None = None,
        level: float | None = LEVEL,
        reason: str = "none",
    ) -> dict[str, object]:
        """One row; withheld (no n, no figures, a note) below min_n or when ``reason`` says."""
        min_n = self.results.min_n
        count = None if n is None or pd.isna(n) else int(n)  # type: ignore[arg-type]
        if reason == "none" and (count is None or count < min_n):
            reason = "small_number"
        row: dict[str, object] = {**self.base, **labels, "statistic": statistic}
        if reason != "none":
            return {**row, "method": method, "note": suppressed_note(min_n, reason)}
        value, lower, upper = (_round(f) for f in figures)
        has_interval = lower is not None or upper is not None
        return {
            **row,
            "n": count,
            "value": value,
            "lower": lower,
            "upper": upper,
            "interval_level": level if has_interval else None,
            "category": category,
            "method": method,
        }


def _withheld(results: QuarterlyResults) -> dict[tuple[str, str], Suppression]:
    """Service × domain cells withheld, small ones and their complements.

    The place row of each domain publishes its total, and the services partition it, so
    one withheld service could be worked out by subtraction. Per domain, the secondary rule
    of :func:`analysis.api.suppression_reasons` withholds the smallest published service
    too. The analysis has already hidden the small counts, so each counts as 1, the least
    it can be: when in doubt, withhold one service more.
    """
    table, unit = results.domain_scores, results.spec.unit
    reasons: dict[tuple[str, str], Suppression] = {}
    if table.empty:
        return reasons
    for domain_id, rows in table.groupby("domain_id", observed=True):
        counts = {
            str(u): 1 if pd.isna(n) or n < results.min_n else int(n)
            for u, n in zip(rows[unit], rows["n"], strict=True)
        }
        for u, why in suppression_reasons(counts, results.min_n, protect_total=True).items():
            if why != "none":
                reasons[(u, str(domain_id))] = why
    return reasons


def _table(frame: pd.DataFrame | None) -> Iterator[dict[str, Any]]:
    if frame is None or frame.empty:
        return iter(())
    return iter(frame.to_dict(orient="records"))


def _figures(row: Mapping[str, Any], prefix: str = "", scale: float = 1.0) -> tuple[Any, ...]:
    names = (
        ("mean", "lower", "upper") if not prefix else (prefix, f"{prefix}_lower", f"{prefix}_upper")
    )
    return tuple(None if pd.isna(row[c]) else row[c] * scale for c in names)


def _place(rows: _Rows) -> Iterator[dict[str, object]]:
    results = rows.results
    yield rows.row({"level": "place"}, "responses", results.n_responses)
    for row in _table(results.place_scores):
        labels = {"level": "place", **rows.domain(row["domain_id"])}
        yield rows.row(labels, "mean_score", row["n"], _figures(row), method=DOMAIN_METHOD)


def _services(rows: _Rows) -> Iterator[dict[str, object]]:
    results = rows.results
    unit = results.spec.unit
    for row in _table(results.domain_scores):
        labels = {**rows.service(row[unit]), **rows.domain(row["domain_id"])}
        why = rows.reason(row[unit], row["domain_id"])
        figures = _figures(row)
        yield rows.row(labels, "mean_score", row["n"], figures, method=DOMAIN_METHOD, reason=why)
    domain_of = {item: d for d, items in results.spec.domains.items() for item in items}
    for row in _table(results.item_scores):
        item = str(row["item_id"])
        domain_id = domain_of.get(item, "")
        labels = {
            **rows.service(row[unit]),
            **rows.domain(domain_id),
            "item_id": item,
            "item_text": rows.names.items.get(item, ""),
        }
        # n is people (answers about several services come from one person), as everywhere.
        n, why = row["clusters"], rows.reason(row[unit], domain_id)
        yield rows.row(labels, "mean_score", n, _figures(row), method=ITEM_METHOD, reason=why)
        top = _figures(row, "top_box", 100.0)
        yield rows.row(labels, "top_box_percent", n, top, method=TOP_BOX_METHOD, reason=why)


def _adjusted(rows: _Rows) -> Iterator[dict[str, object]]:
    results, case_mix = rows.results, rows.results.case_mix
    if case_mix is None:
        return
    headline = rows.domain(results.spec.headline)
    for row in _table(case_mix.units):
        labels = {**rows.service(row["unit"]), **headline}
        figures = (row["adjusted_mean"], row["lower"], row["upper"])
        why = rows.reason(row["unit"], results.spec.headline)
        method = case_mix.method
        yield rows.row(labels, "adjusted_score", row["n"], figures, method=method, reason=why)
    for unit in case_mix.units_below_min_n:
        yield rows.row({**rows.service(unit), **headline}, "adjusted_score", None)
    if results.comparison is None:
        return
    target = f"expected: {results.comparison.target:.1f}"
    for row in _table(results.comparison.units):
        labels = {**rows.service(row["unit"]), **headline, "note": target}
        yield rows.row(
            labels,
            "band",
            row["n"],
            method=results.comparison.method,
            category=row["band"],
            level=None,
            reason=rows.reason(row["unit"], results.spec.headline),
        )


def _equality(rows: _Rows) -> Iterator[dict[str, object]]:
    equality = rows.results.equality
    if equality is None:
        return
    headline = rows.domain(rows.results.spec.headline)
    for characteristic in equality.characteristics:
        for group in characteristic.groups:
            labels = {
                "level": "equality_group",
                "characteristic": group.characteristic,
                "group": group.group,
                **headline,
            }
            figures = (group.mean, group.lower, group.upper)
            yield rows.row(
                labels,
                "mean_score",
                group.n,
                figures,
                method=group.method,
                level=group.level,
                reason=group.suppression,
            )


def _handovers(rows: _Rows) -> Iterator[dict[str, object]]:
    journeys, handover = rows.results.journeys, rows.results.spec.handover
    if journeys is None or handover is None:
        return
    for cell in journeys.cells:
        labels = {
            "level": "handover",
            "from_type": cell.from_type,
            "to_type": cell.to_type,
            **rows.domain(handover),
        }
        yield rows.row(
            labels,
            "mean_score",
            cell.n,
            (cell.mean, cell.lower, cell.upper),
            method=cell.method,
            category=cell.flag,
            level=cell.level,
            reason=cell.suppression,
        )


_SECTIONS = (_place, _services, _adjusted, _equality, _handovers)


def open_data_rows(
    results: QuarterlyResults, names: OpenDataNames, measure_id: str
) -> pd.DataFrame:
    """Every published figure of one measure's quarterly results, one row each.

    Parameters
    ----------
    results : QuarterlyResults
        The quarterly analysis of the measure.
    names : OpenDataNames
        Public names of the place, services, domains and items.
    measure_id : str
        The measure, written in every row.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`reports.open_data_dictionary.COLUMNS`. Scores are rounded to 1
        decimal place; ``n`` is a nullable integer. Rows from fewer than ``results.min_n``
        responses carry labels and a note only.
    """
    rows = _Rows(results, names, measure_id)
    records = [record for section in _SECTIONS for record in section(rows)]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    frame["n"] = frame["n"].astype("Int64")
    for column in ("value", "lower", "upper", "interval_level"):
        frame[column] = frame[column].astype("float64")
    return frame
