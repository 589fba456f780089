"""The comparison step of the quarterly analysis: every domain's units against the place.

For each domain, each response's score (the mean over the services it rated) is adjusted
for case mix by unit, and the adjusted unit means are compared with their
precision-weighted mean, with funnel limits and bands. The headline is one of the
domains; the quarterly results' ``comparison`` and ``funnel`` are its entry here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.casemix import CaseMixResult, adjust_for_case_mix
from analysis.comparison import Comparison, compare_units, comparison_funnel
from analysis.funnel import FunnelLimits
from analysis.response_scores import with_response_columns

if TYPE_CHECKING:
    from analysis.quarterly import QuarterlySpec

__all__ = ["DomainComparison", "case_mix_columns", "compare_domain", "compare_domains"]


@dataclass(frozen=True, slots=True)
class DomainComparison:
    """One domain's units compared, after case-mix adjustment.

    Attributes
    ----------
    domain_id : str
        The domain.
    case_mix : CaseMixResult or None
        The domain's per-response score adjusted for the case-mix columns present; None
        when fewer than two units answered.
    comparison : Comparison or None
        Adjusted unit means against their precision-weighted mean, with bands.
    funnel : FunnelLimits or None
        Control limits for the domain's funnel plot.
    note : str or None
        Why there is no comparison, in plain words (``"fewer than two units answered"``,
        or why the case-mix model could not be fitted to the domain's few scores); None
        when there is one.
    """

    domain_id: str
    case_mix: CaseMixResult | None
    comparison: Comparison | None
    funnel: FunnelLimits | None
    note: str | None


def case_mix_columns(scores: pd.DataFrame, spec: QuarterlySpec) -> tuple[list[str], list[str]]:
    """The spec's case-mix columns with a value in `scores`, and those without (sorted)."""
    present = [c for c in spec.case_mix if c in scores.columns and scores[c].notna().any()]
    return present, sorted(set(spec.case_mix) - set(present))


def compare_domain(
    scores: pd.DataFrame,
    spec: QuarterlySpec,
    domain_id: str,
    *,
    min_n: int,
    compare_min_n: int,
) -> DomainComparison:
    """Adjust one domain's per-response scores for case mix and compare the units.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per response with ``score``, the unit column ``spec.unit`` and the
        case-mix columns present (rows without a unit are left out).
    spec : QuarterlySpec
        Names the unit and case-mix columns.
    domain_id : str
        The domain the scores are of.
    min_n : int
        Units with fewer scores are left out of the case-mix unit table.
    compare_min_n : int
        Units with fewer scores are listed but not banded; at least two units need this
        many for a comparison.

    Returns
    -------
    DomainComparison
        With ``dispersion="consistent"`` (φ corrected for winsorising). The case-mix
        variables are categorical; a missing value is the level ``"not stated"``. A
        column with one level among the domain's scores (``respondent_type`` for the
        questions only carers answer) cannot explain differences and is left out:
        ``case_mix.covariates`` names those used.
    """
    scored = scores.dropna(subset=[spec.unit])
    if scored[spec.unit].nunique() < 2:
        return DomainComparison(domain_id, None, None, None, "fewer than two units answered")
    present = [c for c in case_mix_columns(scored, spec)[0] if _varies(scored[c])]
    frame = scored[[spec.unit, "score", *present]].copy()
    frame[spec.unit] = frame[spec.unit].astype(str)
    try:
        case_mix = adjust_for_case_mix(
            frame,
            outcome="score",
            unit=spec.unit,
            covariates=present,
            categorical=present,
            min_n=min_n,
        )
    except ValueError as error:  # the data cannot fit the model (too few rows, no variation)
        return DomainComparison(domain_id, None, None, None, f"no case-mix model: {error}")
    units = case_mix.units.rename(columns={"adjusted_mean": "value"})[["unit", "n", "value", "se"]]
    if int((units["n"] >= compare_min_n).sum()) < 2:
        note = f"fewer than two units have {compare_min_n} responses"
        return DomainComparison(domain_id, case_mix, None, None, note)
    comparison = compare_units(
        units.assign(unit=units["unit"].astype(str)),
        kind="mean",
        min_n=compare_min_n,
        dispersion="consistent",
    )
    return DomainComparison(domain_id, case_mix, comparison, comparison_funnel(comparison), None)


def _varies(column: pd.Series) -> bool:
    """Whether `column` has two levels or more, a missing value being a level of its own."""
    return column.nunique(dropna=False) >= 2


def compare_domains(
    scores: pd.DataFrame,
    responses: pd.DataFrame,
    spec: QuarterlySpec,
    *,
    columns: Sequence[str],
    min_n: int,
    compare_min_n: int,
) -> Mapping[str, DomainComparison]:
    """:func:`compare_domain` for every domain of the spec, in the spec's order.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`analysis.response_scores.response_scores` of `responses` (the quarter's).
    responses : pandas.DataFrame
        The quarter's responses.
    spec : QuarterlySpec
        The domains, unit and case-mix columns.
    columns : sequence of str
        Response columns to join to each domain's scores (the unit and case mix at least).
    min_n, compare_min_n : int
        As :func:`compare_domain`.

    Returns
    -------
    Mapping of str to DomainComparison
        Read-only; one entry for every domain, even one nobody answered (with a note).
    """
    codes = scores["domain_id"].cat.codes.to_numpy()
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(spec.domains) + 1))
    found = {}
    for code, domain_id in enumerate(spec.domains):
        part = scores.iloc[order[bounds[code] : bounds[code + 1]]]
        table = with_response_columns(part, responses, columns)
        found[domain_id] = compare_domain(
            table, spec, domain_id, min_n=min_n, compare_min_n=compare_min_n
        )
    return MappingProxyType(found)
