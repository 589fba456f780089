"""The journeys matrix: handover scores by the service type left and the one arrived at.

The whole-journey measure asks its handover questions once per move between services
(e.g. from a GP to an acute hospital). This module scores every from × to pair and flags
the handovers whose score is significantly below the rest, the handovers that fail people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd

from analysis.disclosure import DEFAULT_MIN_N, Suppression, check_min_n, suppression_reasons
from analysis.intervals import check_level
from analysis.score_groups import (
    GroupStats,
    check_columns,
    check_scores,
    group_codes,
    group_stats,
    holm,
    welch_test,
)

__all__ = ["HANDOVER_FLAGS", "HandoverFlag", "JourneyCell", "JourneyMatrix", "journey_matrix"]

HandoverFlag = Literal[
    "below the rest", "above the rest", "no significant difference", "not tested"
]
HANDOVER_FLAGS: tuple[HandoverFlag, ...] = get_args(HandoverFlag)

CELL_METHOD = "mean with Student t interval (n - 1 df)"


@dataclass(frozen=True, slots=True)
class JourneyCell:
    """Handover scores for one move, from one service type to another.

    Attributes
    ----------
    from_type, to_type : str
        The service types left and arrived at, e.g. ``"gp"`` and ``"acute"``.
    n : int or None
        Scored handovers in the cell; ``None`` when suppressed.
    mean, se, lower, upper : float or None
        Mean score (0–100), its standard error and t interval (clipped to 0–100);
        ``None`` when suppressed.
    level : float
        Confidence level of the interval.
    suppression : {"none", "small_number", "complementary"}
        Why the cell is withheld (``"none"`` when shown).
    rest_mean : float or None
        Mean score of every other handover (all other cells, suppressed ones included).
    difference : float or None
        ``mean − rest_mean``, the quantity tested.
    pvalue : float or None
        Two-sided Welch t-test of the cell against the rest.
    adjusted_pvalue : float or None
        Holm-adjusted over all cells tested.
    flag : {"below the rest", "above the rest", "no significant difference", "not tested"}
        ``"below the rest"`` marks a handover that fails people: adjusted p below
        ``1 − level`` and a negative difference. ``"not tested"`` for suppressed cells or
        when there is no rest to compare with.
    method : str
        The method, for reports.
    """

    from_type: str
    to_type: str
    n: int | None
    mean: float | None
    se: float | None
    lower: float | None
    upper: float | None
    level: float
    suppression: Suppression
    rest_mean: float | None
    difference: float | None
    pvalue: float | None
    adjusted_pvalue: float | None
    flag: HandoverFlag
    method: str = CELL_METHOD


@dataclass(frozen=True, slots=True)
class JourneyMatrix:
    """All handover cells, the matrix for display, and the overall handover mean.

    Attributes
    ----------
    cells : tuple of JourneyCell
        Every from × to pair with at least one scored handover, in row then column order.
    means : pandas.DataFrame
        Rows are from types, columns to types, values the cell means; NaN where a cell is
        suppressed or has no handovers.
    counts : pandas.DataFrame
        Same shape, ``Int64`` counts: ``<NA>`` where suppressed, 0 where no handovers.
    n : int
        Scored handovers in all.
    mean, se, lower, upper : float
        Overall handover mean with its t interval.
    level : float
        Confidence level; the flags control the family-wise error rate at ``1 − level``.
    min_n : int
        Cells with fewer handovers are suppressed.
    test : str
        The test behind the flags, for reports.
    method : str
        The method of the means and intervals, for reports.
    """

    cells: tuple[JourneyCell, ...]
    means: pd.DataFrame
    counts: pd.DataFrame
    n: int
    mean: float
    se: float
    lower: float
    upper: float
    level: float
    min_n: int
    test: str
    method: str = CELL_METHOD

    @property
    def failing(self) -> tuple[JourneyCell, ...]:
        """The cells flagged ``"below the rest"``, worst mean first."""
        below = [cell for cell in self.cells if cell.flag == "below the rest"]
        return tuple(sorted(below, key=lambda cell: cell.mean or 0.0))


def journey_matrix(
    frame: pd.DataFrame,
    *,
    from_col: str = "from_type",
    to_col: str = "to_type",
    value: str = "score",
    level: float = 0.95,
    min_n: int = DEFAULT_MIN_N,
    protect_total: bool = True,
) -> JourneyMatrix:
    """Mean handover score for each from × to pair of service types, with flags.

    Each cell's mean has the interval ``mean ± t(n − 1) · sd / sqrt(n)``. Each shown
    cell is compared with all other handovers pooled (the rest) by Welch's t-test
    (Welch 1947, Biometrika 34:28–35), and the p-values of all shown cells are adjusted
    by Holm's step-down method (Holm 1979, Scand J Statist 6:65–70). A cell is flagged
    ``"below the rest"`` when its adjusted p-value is below ``1 − level`` and its mean
    is lower.

    Why against the rest: the overall mean contains the cell itself, so cell and overall
    are not independent samples. As ``overall − cell = (1 − w)(rest − cell)``, with ``w``
    the cell's share of handovers, "the cell is below the overall mean" and "the cell is
    below the rest" are the same hypothesis, and the second is a comparison of two
    separate sets of handovers. Why Holm: a matrix of 8 service types has up to 64
    cells, and testing each at 5% would flag about three good handovers by chance. Holm
    keeps the chance of any false flag at 5% under any dependence between the tests,
    and rejects everything Bonferroni would and more.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per response per move, with the service type left (`from_col`), the one
        arrived at (`to_col`) and the handover score (`value`, 0–100; rows with a
        missing score are dropped). The caller splits an instance such as
        ``"gp_to_acute"`` into the two types.
    from_col, to_col, value : str
        Column names. Defaults ``"from_type"``, ``"to_type"``, ``"score"``.
    level : float
        Confidence level. Default 0.95.
    min_n : int
        Cells with fewer scored handovers are suppressed and not tested. At least 2.
        Default 10.
    protect_total : bool
        Also withhold the smallest shown cell when the suppressed cells hold between 1
        and ``min_n − 1`` handovers between them, as the overall total published here
        would otherwise reveal them by subtraction (see
        :func:`~analysis.disclosure.suppression_reasons`). Default ``True``.

    Returns
    -------
    JourneyMatrix

    Raises
    ------
    TypeError
        If `frame` is not a DataFrame or an argument has the wrong type.
    ValueError
        If a column is missing or named twice, the score is not numeric or outside
        0–100, a scored row has no from or to type, or `level` or `min_n` is out of range.

    Notes
    -----
    Assumes handovers are independent. A respondent who describes several moves adds
    several rows, which are likely correlated, so the standard errors are somewhat too
    small; the Holm correction gives some margin. Scores are raw, not adjusted for case
    mix. The rest includes suppressed cells, whose handovers are real; their combined
    mean over at least `min_n` handovers can be worked out from the published figures,
    but no single small cell can when `protect_total` is on.
    """
    check_columns(frame, "frame", {"from_col": from_col, "to_col": to_col, "value": value})
    scores = check_scores(frame, "frame", value)
    level, min_n = check_level(level), check_min_n(min_n)
    if min_n < 2:
        raise ValueError(f"min_n must be at least 2 for a standard error (got {min_n})")
    if not isinstance(protect_total, bool):
        raise TypeError(f"protect_total must be True or False, not {protect_total!r}")
    scored = ~np.isnan(scores)
    from_codes, from_labels = group_codes(frame[from_col])
    to_codes, to_labels = group_codes(frame[to_col])
    for column, codes in ((from_col, from_codes), (to_col, to_codes)):
        _no_missing_type(frame, column, codes, scored)
    width = len(to_labels)
    cell_codes = np.where(scored, from_codes * width + to_codes, -1)
    summary = group_stats(scores, cell_codes, len(from_labels) * width)
    overall = group_stats(scores, np.where(scored, 0, -1), 1)
    present = np.flatnonzero(summary.n > 0)
    names = [f"{from_labels[i // width]} → {to_labels[i % width]}" for i in present]
    reasons = suppression_reasons(
        {name: int(summary.n[i]) for name, i in zip(names, present, strict=True)},
        min_n,
        protect_total=protect_total,
    )
    shown = np.array([reasons[name] == "none" for name in names], dtype=bool)
    tests, tested = _test_cells(summary, overall, present, shown, level)
    se = summary.se()
    lower, upper = summary.t_interval(level)
    cells = []
    for k, i in enumerate(present):
        visible = bool(shown[k])
        cells.append(
            JourneyCell(
                from_type=from_labels[i // width],
                to_type=to_labels[i % width],
                n=int(summary.n[i]) if visible else None,
                mean=float(summary.mean[i]) if visible else None,
                se=float(se[i]) if visible else None,
                lower=float(lower[i]) if visible else None,
                upper=float(upper[i]) if visible else None,
                level=level,
                suppression=reasons[names[k]],
                rest_mean=tests[k].rest_mean,
                difference=tests[k].difference,
                pvalue=tests[k].pvalue,
                adjusted_pvalue=tests[k].adjusted_pvalue,
                flag=tests[k].flag,
            )
        )
    means = np.where(np.isin(np.arange(len(summary.n)), present[shown]), summary.mean, np.nan)
    counts = pd.array(summary.n, dtype="Int64")
    counts[np.isin(np.arange(len(summary.n)), present[~shown])] = pd.NA
    overall_lower, overall_upper = overall.t_interval(level)
    return JourneyMatrix(
        cells=tuple(cells),
        means=_matrix(means, from_labels, to_labels, from_col, to_col),
        counts=_matrix(counts, from_labels, to_labels, from_col, to_col),
        n=int(overall.n[0]),
        mean=float(overall.mean[0]),
        se=float(overall.se()[0]),
        lower=float(overall_lower[0]),
        upper=float(overall_upper[0]),
        level=level,
        min_n=min_n,
        test=(
            f"Welch t-test of each cell against all other handovers, two-sided; Holm "
            f"over {tested} cells, family-wise level {level:.0%}"
        ),
    )


@dataclass(frozen=True, slots=True)
class _CellTest:
    rest_mean: float | None
    difference: float | None
    pvalue: float | None
    adjusted_pvalue: float | None
    flag: HandoverFlag


def _test_cells(
    summary: GroupStats, overall: GroupStats, present: np.ndarray, shown: np.ndarray, level: float
) -> tuple[list[_CellTest], int]:
    """Welch test of each shown cell against the rest, with Holm-adjusted p-values.

    The rest's mean and variance come from the decomposition of the total sum of squares
    about the overall mean ``M``: ``SS = SS_cell + n_c(m_c − M)² + SS_rest + n_r(m_r − M)²``.
    Returns one :class:`_CellTest` per present cell, and the family size.
    """
    n, mean, var = summary.n, summary.mean, summary.var
    total_n, grand = overall.n[0], overall.mean[0]
    total_ss = (total_n - 1) * overall.var[0] if total_n >= 2 else 0.0
    cells = present[shown]
    cell_n, cell_mean = n[cells], mean[cells]
    rest_n = total_n - cell_n
    with np.errstate(invalid="ignore", divide="ignore"):
        rest_mean = (total_n * grand - cell_n * cell_mean) / rest_n
        rest_ss = (
            total_ss
            - (cell_n - 1) * var[cells]
            - cell_n * (cell_mean - grand) ** 2
            - rest_n * (rest_mean - grand) ** 2
        )
        rest_var = np.maximum(rest_ss, 0.0) / (rest_n - 1)
    testable = rest_n >= 2
    test = welch_test(cell_mean, var[cells], cell_n, rest_mean, rest_var, rest_n)
    adjusted = np.full(len(cells), np.nan)
    adjusted[testable] = holm(test.pvalue[testable])
    result = [_CellTest(None, None, None, None, "not tested") for _ in present]
    for k, position in enumerate(np.flatnonzero(shown)):
        if not testable[k]:
            continue
        flag: HandoverFlag = "no significant difference"
        if adjusted[k] < 1.0 - level:
            flag = "below the rest" if test.difference[k] < 0 else "above the rest"
        result[position] = _CellTest(
            rest_mean=float(rest_mean[k]),
            difference=float(test.difference[k]),
            pvalue=float(test.pvalue[k]),
            adjusted_pvalue=float(adjusted[k]),
            flag=flag,
        )
    return result, int(testable.sum())


def _no_missing_type(
    frame: pd.DataFrame, column: str, codes: np.ndarray, scored: np.ndarray
) -> None:
    bad = (codes < 0) & scored
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"frame: column {column!r} is missing a service type at row {row} (0-based "
            f"position); {int(bad.sum())} scored row(s) in all have this problem"
        )


def _matrix(
    values: np.ndarray | pd.api.extensions.ExtensionArray,
    from_labels: list[str],
    to_labels: list[str],
    from_col: str,
    to_col: str,
) -> pd.DataFrame:
    shaped = pd.DataFrame(
        {to: values[j :: len(to_labels)] for j, to in enumerate(to_labels)},
        index=pd.Index(from_labels, name=from_col),
    )
    shaped.columns.name = to_col
    return shaped
