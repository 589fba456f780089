"""The answer rows of :func:`analysis.simulate_journey.simulate_journey`, built per item.

Rows are made item by item with ``np.nonzero`` over (response × slot) masks, never by a
loop over responses, and kept as integer codes (positions in :data:`ITEM_IDS`,
:data:`INSTANCES` and :data:`OPTION_CODES`) until the frame is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from analysis.simulate_journey_items import (
    ABOUT_YOU,
    INSTANCES,
    ITEM_IDS,
    MOVE_INDEX,
    OPTION_CODES,
    RESPONDENT_TYPES,
    SCALES,
    SCORED_ITEMS,
    ScoredItem,
)
from analysis.simulate_journey_people import People, Visits
from analysis.simulate_journey_reports import NOT_ANSWERED, PREFER_NOT

__all__ = ["AnswerRows", "draw_answers", "round_to_grid"]


_OPTION = {code: i for i, code in enumerate(OPTION_CODES)}
_ITEM = {item: i for i, item in enumerate(ITEM_IDS)}
_INSTANCE_OPTION = np.array([_OPTION.get(code, -1) for code in INSTANCES], dtype=np.int16)


@dataclass(frozen=True, slots=True)
class AnswerRows:
    """The answers table as code arrays of equal length (one entry per answer row).

    Attributes
    ----------
    response : numpy.ndarray of int32
        Position of the response.
    item, instance, option : numpy.ndarray of int
        Positions in :data:`ITEM_IDS`, :data:`INSTANCES` and :data:`OPTION_CODES`.
    score : numpy.ndarray of float
        Score 0–100, NaN when the option is not scored.
    """

    response: np.ndarray
    item: np.ndarray
    instance: np.ndarray
    option: np.ndarray
    score: np.ndarray


@dataclass(slots=True)
class _Pieces:
    """Rows gathered item by item, joined column by column at the end to bound memory."""

    columns: tuple[list[np.ndarray], ...] = field(default_factory=lambda: ([], [], [], [], []))

    def add(
        self,
        rows: np.ndarray,
        item: str,
        instance: np.ndarray | int,
        option: np.ndarray | int,
        score: np.ndarray | float,
    ) -> None:
        """Add rows of one item; `instance`, `option`, `score` are arrays or one value."""
        size = len(rows)
        parts = (
            rows.astype(np.int32, copy=False),
            np.full(size, _ITEM[item], dtype=np.int8),
            np.broadcast_to(np.asarray(instance, dtype=np.int8), size),
            np.broadcast_to(np.asarray(option, dtype=np.int16), size),
            np.broadcast_to(np.asarray(score, dtype=np.float64), size),
        )
        for column, part in zip(self.columns, parts, strict=True):
            column.append(part)

    def join(self) -> AnswerRows:
        joined = []
        for column in self.columns:
            joined.append(np.concatenate(column))
            column.clear()
        return AnswerRows(*joined)


def round_to_grid(y: np.ndarray, grid: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Stochastic rounding of ``clip(y, 0, 100)`` to the increasing `grid` (0 … 100).

    Between neighbours ``lo <= y <= hi`` it picks ``hi`` with chance ``(y − lo)/(hi − lo)``
    (``v`` uniform on [0, 1)), so the expected grid value is exactly ``clip(y, 0, 100)``.
    Returns positions in `grid`.
    """
    y = np.clip(y, 0.0, 100.0)
    low = np.minimum(np.searchsorted(grid, y, side="right") - 1, len(grid) - 2)
    step = grid[low + 1] - grid[low]
    return low + (v * step < y - grid[low])


def draw_answers(
    rng: np.random.Generator,
    eta: np.ndarray,
    people: People,
    visits: Visits,
    reported: Mapping[str, np.ndarray],
    *,
    item_sd: float,
    missing_share: float,
) -> AnswerRows:
    """Answer rows of every response.

    Parameters
    ----------
    eta : numpy.ndarray
        Latent experience of each response (score points).
    item_sd : float
        SD of the independent normal noise added to ``eta + offset`` for each scored answer.
    reported : mapping of str to numpy.ndarray
        The "about you" answers as given (:func:`draw_reports`).
    missing_share : float
        Chance an optional scored item is left blank.
    """
    pieces = _Pieces()
    kind = people.respondent_type
    respondent_options = np.array([_OPTION[c] for c in RESPONDENT_TYPES], dtype=np.int16)
    pieces.add(np.arange(len(eta)), "respondent", 0, respondent_options[kind], np.nan)
    row, slot = np.nonzero(visits.path >= 0)
    service_instance = 1 + visits.path[row, slot]
    pieces.add(row, "services_used", 0, _INSTANCE_OPTION[service_instance], np.nan)
    services = (row, service_instance)
    row, slot = np.nonzero(np.arange(3) < visits.moves[:, None])
    move_instance = MOVE_INDEX[visits.path[row, slot], visits.path[row, slot + 1]]
    pieces.add(row, "moves", 0, _INSTANCE_OPTION[move_instance], np.nan)
    no_move = np.flatnonzero((visits.ticked >= 2) & (visits.moves == 0))
    pieces.add(no_move, "moves", 0, _OPTION["none"], np.nan)
    moves = (row, move_instance)
    groups = {
        "journey": np.flatnonzero(kind <= 1),
        "carer_for": np.flatnonzero(kind == 1),
        "carer_own": np.flatnonzero(kind == 2),
    }
    for item in SCORED_ITEMS:
        if item.repeat == "services":
            rows, instance = services
        elif item.repeat == "transitions":
            rows, instance = moves
        else:
            rows, instance = groups[item.asked], np.zeros(len(groups[item.asked]), np.int8)
        _scored(rng, pieces, item, rows, instance, eta, item_sd, missing_share)
    _about_you(pieces, reported)
    return pieces.join()


def _scored(
    rng: np.random.Generator,
    pieces: _Pieces,
    item: ScoredItem,
    rows: np.ndarray,
    instance: np.ndarray,
    eta: np.ndarray,
    item_sd: float,
    missing_share: float,
) -> None:
    grid = SCALES[item.scale]
    scores = np.asarray(grid.scores, dtype=np.float64)
    size = len(rows)
    u = rng.random(size)
    y = eta[rows] + item.offset + item_sd * rng.standard_normal(size)
    position = round_to_grid(y, scores, rng.random(size))
    answered = u >= missing_share
    # Among answers, the lowest `unscored_share` of u picks an unscored option, evenly.
    option = np.array([_OPTION[c] for c in grid.codes], dtype=np.int16)[position]
    score = scores[position]
    if grid.unscored and item.unscored_share > 0:
        w = (u - missing_share) / (1.0 - missing_share) / item.unscored_share
        unscored = answered & (w < 1.0)
        which = np.clip((w * len(grid.unscored)).astype(np.int64), 0, len(grid.unscored) - 1)
        unscored_codes = np.array([_OPTION[c] for c in grid.unscored], dtype=np.int16)
        option = np.where(unscored, unscored_codes[which], option)
        score = np.where(unscored, np.nan, score)
    pieces.add(rows[answered], item.id, instance[answered], option[answered], score[answered])


def _about_you(pieces: _Pieces, reported: Mapping[str, np.ndarray]) -> None:
    for item, codes in ABOUT_YOU.items():
        given = reported[item]
        rows = np.flatnonzero(given != NOT_ANSWERED)
        options = np.array([*(_OPTION[c] for c in codes), _OPTION["prefer_not_to_say"]])
        option = options[np.where(given[rows] == PREFER_NOT, len(codes), given[rows])]
        pieces.add(rows, item, 0, option, np.nan)
