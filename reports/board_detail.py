"""The detail commissioners and services read: every domain per service, every question."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reports.board_input import BoardInput
from reports.board_rows import Estimate, estimate
from reports.formatting import percent


@dataclass(frozen=True)
class DomainMatrixRow:
    """One service's raw score in each domain; None where too few answered."""

    unit: str
    name: str
    cells: tuple[Estimate | None, ...]


@dataclass(frozen=True)
class ItemRow:
    """One question's score for a service: mean and the share giving the best answer."""

    item_id: str
    text: str
    now: Estimate | None
    top_box: str | None


def domain_matrix(board: BoardInput) -> tuple[DomainMatrixRow, ...]:
    """Every service × every domain of the measure, in name order."""
    results = board.results
    table = results.domain_scores.assign(_unit=lambda t: t[results.spec.unit].astype(str))
    cells = {(row["_unit"], row["domain_id"]): row for _, row in table.iterrows()}
    rows = [
        DomainMatrixRow(
            unit=unit,
            name=board.unit_name(unit),
            cells=tuple(_cell(cells.get((unit, domain))) for domain in board.domains),
        )
        for unit in sorted(set(table["_unit"]))
    ]
    return tuple(sorted(rows, key=lambda r: r.name.casefold()))


def item_rows(board: BoardInput, unit: str) -> tuple[ItemRow, ...]:
    """Each question's score for one service, in the measure's order."""
    results = board.results
    table = results.item_scores
    mine = table[table[results.spec.unit].astype(str) == unit].set_index("item_id")
    rows = []
    for item_id, text in board.items.items():
        if item_id not in mine.index:
            continue
        row = mine.loc[item_id]
        shown = not bool(row["suppressed"])
        rows.append(
            ItemRow(
                item_id=item_id,
                text=text,
                now=_cell(row),
                top_box=percent(float(row["top_box"])) if shown else None,
            )
        )
    return tuple(rows)


def _cell(row: pd.Series | None) -> Estimate | None:
    if row is None or bool(row["suppressed"]):
        return None
    return estimate(row["n"], row["mean"], row["lower"], row["upper"])
