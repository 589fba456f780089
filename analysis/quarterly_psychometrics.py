"""The psychometric step of the quarterly analysis: the scale's reliability and structure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from analysis.factors import FactorSolution, factor_analysis
from analysis.quarter_steps import scale_matrix
from analysis.reliability import Alpha, ItemAnalysis, cronbach_alpha, item_analysis
from analysis.unit_reliability import UnitReliability, unit_reliability

if TYPE_CHECKING:
    from analysis.quarterly import QuarterlySpec

__all__ = ["Psychometrics", "psychometrics"]


@dataclass(frozen=True, slots=True)
class Psychometrics:
    """Reliability and structure of the spec's scale, and how reliable unit scores are."""

    alpha: Alpha | None
    items: ItemAnalysis | None
    factors: FactorSolution | None
    unit_reliability: UnitReliability | None


def psychometrics(
    answers: pd.DataFrame,
    responses: pd.DataFrame,
    headline: pd.DataFrame,
    spec: QuarterlySpec,
    skipped: list[str],
) -> Psychometrics:
    """α, item statistics and factors of the spec's scale; unit-level reliability of the headline.

    Steps that cannot run are noted in ``skipped``, in words.
    """
    alpha = items = factors = reliability = None
    if len(spec.scale) >= 2:
        matrix = scale_matrix(answers, responses["response_id"], spec.scale)
        complete = int(matrix.notna().all(axis=1).sum())
        if complete > len(spec.scale) + 1:
            alpha, items = cronbach_alpha(matrix), item_analysis(matrix)
            factors = factor_analysis(matrix)
        else:
            skipped.append("no scale reliability: too few complete answers to the scale")
    scored = headline.dropna(subset=[spec.unit])
    if scored[spec.unit].nunique() >= 2 and len(scored) > scored[spec.unit].nunique():
        frame = scored[[spec.unit, "score"]].assign(**{spec.unit: scored[spec.unit].astype(str)})
        reliability = unit_reliability(frame, unit=spec.unit, score="score")
    else:
        skipped.append("no unit-level reliability: too few units or responses")
    return Psychometrics(alpha, items, factors, reliability)
