"""The full quarterly analysis of one measure: every method, in order, from the two frames.

Scores → composites → per-response domain scores → unit scores (raw and case-mix adjusted)
→ comparison with funnels, for every domain → series and trends over eight quarters →
equality → journeys → psychometrics. Each step is a function of its own module; this one
only chooses their inputs from the frames and keeps the results together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.casemix import CaseMixResult
from analysis.comparison import Comparison
from analysis.composites import domain_composites
from analysis.disclosure import DEFAULT_MIN_N, check_min_n
from analysis.domain_comparison import DomainComparison, case_mix_columns, compare_domains
from analysis.equality import EqualityResult, equality_gaps
from analysis.frame import validate_answers, validate_responses
from analysis.funnel import FunnelLimits
from analysis.journeys import JourneyMatrix, journey_matrix
from analysis.means import group_means
from analysis.quarter_steps import split_moves, suppress_table
from analysis.quarterly_psychometrics import Psychometrics, psychometrics
from analysis.quarterly_series import (
    SERIES_QUARTERS,
    place_estimates,
    published_series,
    series_trends,
    series_window,
    unit_estimates,
)
from analysis.quarterly_text import FreeText, free_text
from analysis.response_scores import response_scores, row_positions, with_response_columns
from analysis.scoring import item_scores
from analysis.trends import Trends

__all__ = ["SERIES_QUARTERS", "QuarterlyResults", "QuarterlySpec", "quarterly_analysis"]

#: Units below this many responses are listed but not banded (DESIGN §6).
DEFAULT_COMPARE_MIN_N = 30


@dataclass(frozen=True, slots=True)
class QuarterlySpec:
    """What to analyse for one measure (built from the measure's analysis plan).

    Attributes
    ----------
    measure_id : str
        Only responses to this measure are analysed.
    domains : Mapping of str to tuple of str
        Domain id → its item ids.
    min_fraction : Mapping of str to float
        Per domain, the share of its items a respondent must answer to be scored.
    headline : str
        The domain compared, adjusted, trended and broken down by equality group.
    handover : str or None
        The domain of questions asked per move between services (journeys matrix).
    case_mix, equality : tuple of str
        Response columns adjusted for, and broken down by (those absent are skipped and
        listed in the results).
    scale : tuple of str
        Items whose reliability and factor structure are reported.
    unit : str
        Response column naming the unit compared (default ``service_id``).
    """

    measure_id: str
    domains: Mapping[str, tuple[str, ...]]
    min_fraction: Mapping[str, float]
    headline: str
    handover: str | None = None
    case_mix: tuple[str, ...] = ()
    equality: tuple[str, ...] = ()
    scale: tuple[str, ...] = ()
    unit: str = "service_id"


@dataclass(frozen=True, slots=True, eq=False)
class QuarterlyResults:
    """Everything the quarterly report shows for one measure and quarter.

    Attributes
    ----------
    quarter : str
        The quarter analysed.
    spec : QuarterlySpec
        What was analysed.
    n_responses : int
        Responses to the measure in the quarter.
    item_scores : pandas.DataFrame
        Per unit and item: ``n``, mean score with interval, top-box share (scoring 100)
        with its Wilson interval; answers about several services pooled (clustered by
        response). Suppressed like the domain scores.
    domain_scores : pandas.DataFrame
        Per unit and domain: ``n``, ``mean``, ``se``, ``lower``, ``upper`` (raw), with
        ``suppressed`` True (and no figures) below ``min_n``.
    case_mix : CaseMixResult or None
        The headline adjusted for the case-mix columns present.
    comparison : Comparison or None
        Adjusted headline of each unit against the mean of all units, with bands.
    funnel : FunnelLimits or None
        Control limits for the funnel plot.
    domain_comparisons : Mapping of str to DomainComparison
        Read-only; for every domain of the spec, in its order, the same case-mix
        adjustment, comparison and funnel as the headline's (whose entry holds exactly
        ``case_mix``, ``comparison`` and ``funnel``), or a note saying why there is none.
    trends : Trends or None
        Quarter-on-quarter and year-on-year change of the raw headline per unit.
    place_series : pandas.DataFrame
        ``quarter, domain_id, n, mean, se, lower, upper, suppressed, measure_version``:
        the place-wide mean (every response of the measure, whatever its unit) of each
        domain's per-response score, for each quarter of the last
        :data:`SERIES_QUARTERS` that has responses; sorted by domain (spec order) then
        quarter. Below ``min_n``, ``suppressed`` and no count or figures.
    place_trends : Trends or None
        Quarter-on-quarter and year-on-year change of each place-wide domain score
        (``unit`` is the domain id); None when there is no earlier quarter.
    unit_series : pandas.DataFrame
        ``<unit>, quarter, n, mean, se, lower, upper, suppressed, measure_version``: the
        raw headline per unit and quarter over the same window, suppressed likewise.
    equality : EqualityResult or None
        The headline by each equality column present.
    journeys : JourneyMatrix or None
        The handover domain by move (from service type × to service type).
    psychometrics : Psychometrics
        Scale reliability and factor structure; unit-level reliability of the headline.
    free_text : FreeText or None
        Redacted comments' themes and tone, when comments were given.
    skipped : tuple of str
        What could not be done and why, in plain words.
    """

    quarter: str
    spec: QuarterlySpec
    n_responses: int
    min_n: int
    item_scores: pd.DataFrame
    domain_scores: pd.DataFrame
    case_mix: CaseMixResult | None
    comparison: Comparison | None
    funnel: FunnelLimits | None
    domain_comparisons: Mapping[str, DomainComparison]
    trends: Trends | None
    place_series: pd.DataFrame
    place_trends: Trends | None
    unit_series: pd.DataFrame
    equality: EqualityResult | None
    journeys: JourneyMatrix | None
    psychometrics: Psychometrics
    free_text: FreeText | None = None
    skipped: tuple[str, ...] = field(default=())

    @property
    def place_scores(self) -> pd.DataFrame:
        """The rows of :attr:`place_series` for the quarter reported (without ``quarter``)."""
        series = self.place_series
        now = series[series["quarter"] == self.quarter]
        return now.drop(columns="quarter").reset_index(drop=True)


def quarterly_analysis(
    responses: pd.DataFrame,
    answers: pd.DataFrame,
    *,
    spec: QuarterlySpec,
    quarter: str,
    min_n: int = DEFAULT_MIN_N,
    compare_min_n: int = DEFAULT_COMPARE_MIN_N,
    comments: pd.DataFrame | None = None,
) -> QuarterlyResults:
    """Run every method of the quarterly analysis for one measure and quarter.

    Parameters
    ----------
    responses, answers : pandas.DataFrame
        Frames meeting :mod:`analysis.frame`. Responses from the seven quarters before
        (:data:`SERIES_QUARTERS` in all) are used for the series and trends only; older
        ones and other measures' responses are ignored.
    spec : QuarterlySpec
        What to analyse.
    quarter : str
        The quarter reported, e.g. ``"2026Q3"``.
    min_n : int
        Nothing is shown from fewer responses than this. Default 10.
    compare_min_n : int
        Units with fewer responses are not banded. Default 30.
    comments : pandas.DataFrame, optional
        Free-text answers (``response_id``, ``text``). They are redacted before anything
        else reads them; only redacted examples reach the results.

    Returns
    -------
    QuarterlyResults

    Notes
    -----
    Assumptions, each stated by the method used: responses are independent within a unit
    (answers about several services by one person are averaged into one score per
    response and domain); case-mix variables are categorical; the comparison target is
    the precision-weighted mean of the units compared.
    """
    min_n = check_min_n(min_n)
    validate_responses(responses)
    validate_answers(answers)
    skipped: list[str] = []
    window = series_window(quarter)
    mine = responses[
        (responses["measure_id"] == spec.measure_id) & responses["quarter"].isin(window)
        if "measure_id" in responses.columns
        else responses["quarter"].isin(window)
    ].reset_index(drop=True)
    # One more entry, False, read at position -1: an id that is not among `mine`.
    is_now = np.append((mine["quarter"] == quarter).to_numpy(), False)
    now = mine[is_now[:-1]]
    answer_rows = row_positions(answers["response_id"], mine["response_id"])
    answers_now = answers[is_now[answer_rows]]
    in_window = answer_rows >= 0
    composites = domain_composites(
        answers if in_window.all() else answers[in_window],
        spec.domains,
        min_fraction=spec.min_fraction,
    ).table
    del answer_rows, in_window
    scores = response_scores(composites, mine, list(spec.domains))
    scores_now = scores[is_now[scores["row"].to_numpy()]]
    columns = _response_columns(spec)
    headline = with_response_columns(scores[scores["domain_id"] == spec.headline], mine, columns)
    headline_now = headline[headline["quarter"] == quarter].reset_index(drop=True)
    missing = case_mix_columns(headline_now.dropna(subset=[spec.unit]), spec)[1]
    if missing:
        skipped.append(f"case-mix adjustment without {', '.join(missing)}: not in the data")
    compared = compare_domains(
        scores_now,
        mine,
        spec,
        columns=[spec.unit, *spec.case_mix],
        min_n=min_n,
        compare_min_n=compare_min_n,
    )
    main = compared[spec.headline]
    if main.note is not None:
        skipped.append(f"no comparison: {main.note}")
    places = place_estimates(scores, mine, list(spec.domains))
    units = unit_estimates(headline, spec.unit)
    return QuarterlyResults(
        quarter=quarter,
        spec=spec,
        n_responses=len(now),
        min_n=min_n,
        item_scores=_item_scores(answers_now, now, spec, min_n),
        domain_scores=_domain_scores(scores_now, mine, spec, min_n),
        case_mix=main.case_mix,
        comparison=main.comparison,
        funnel=main.funnel,
        domain_comparisons=compared,
        trends=_trends(units, spec.unit, quarter, min_n, skipped, "trends"),
        place_series=published_series(places, min_n),
        place_trends=_trends(places, "domain_id", quarter, min_n, skipped, "place-wide trends"),
        unit_series=published_series(units, min_n),
        equality=_equality(headline_now, spec, min_n, skipped),
        journeys=_journeys(composites, mine["response_id"], is_now, spec, min_n, skipped),
        psychometrics=psychometrics(answers_now, now, headline_now, spec, skipped),
        free_text=None
        if comments is None
        else free_text(
            comments[comments["response_id"].isin(now["response_id"])],
            headline_now.set_index("response_id")["score"],
            skipped,
        ),
        skipped=tuple(skipped),
    )


def headline_scores(
    composites: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec
) -> pd.DataFrame:
    """One headline score per response (``score``), with its unit, quarter and covariates."""
    scores = response_scores(composites, responses, [spec.headline])
    return with_response_columns(scores, responses, _response_columns(spec))


def _response_columns(spec: QuarterlySpec) -> list[str]:
    """The response columns the steps after scoring read."""
    return [spec.unit, "quarter", *spec.case_mix, *spec.equality, "measure_version"]


def _item_scores(
    answers: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec, min_n: int
) -> pd.DataFrame:
    """Item means and top-box shares per unit, for the items of the spec's domains."""
    items = [item for domain in spec.domains.values() for item in domain]
    scored = answers[answers["item_id"].isin(items) & answers["score"].notna()]
    rows = row_positions(scored["response_id"], responses["response_id"])
    unit = responses[spec.unit].array.take(rows, allow_fill=True)  # -1: no unit
    frame = scored[["response_id", "item_id", "score"]].assign(unit=unit).dropna(subset=["unit"])
    if frame.empty:
        return pd.DataFrame(columns=["unit", "item_id", "n", "mean", "top_box"])
    table = item_scores(frame, by=["unit"]).table.rename(columns={"unit": spec.unit})
    return suppress_table(table, min_n)


def _domain_scores(
    scores: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec, min_n: int
) -> pd.DataFrame:
    """Raw domain means per unit: one person's answers about several services are averaged."""
    joined = with_response_columns(scores, responses, [spec.unit])
    joined["domain_id"] = scores["domain_id"].array
    joined = joined.dropna(subset=[spec.unit])
    if joined.empty:
        return pd.DataFrame(columns=[spec.unit, "domain_id", "n", "mean", "se", "lower", "upper"])
    table = group_means(joined, [spec.unit, "domain_id"], "score").table
    return suppress_table(table, min_n)


def _trends(
    estimates: pd.DataFrame,
    key: str,
    quarter: str,
    min_n: int,
    skipped: list[str],
    what: str,
) -> Trends | None:
    if estimates.loc[estimates["n"] > 0, "quarter"].nunique() < 2:
        skipped.append(f"no {what}: no earlier quarter in the data")
        return None
    return series_trends(estimates, key, quarter, min_n)


def _equality(
    headline: pd.DataFrame, spec: QuarterlySpec, min_n: int, skipped: list[str]
) -> EqualityResult | None:
    present = [c for c in spec.equality if c in headline.columns and headline[c].notna().any()]
    missing = sorted(set(spec.equality) - set(present))
    if missing:
        skipped.append(f"no equality breakdown by {', '.join(missing)}: not in the data")
    if not present or headline.empty:
        return None
    frame = headline[["score", *present]].copy()
    for column in present:
        frame[column] = frame[column].astype("string")
    return equality_gaps(frame, value="score", characteristics=present, min_n=min_n)


def _journeys(
    composites: pd.DataFrame,
    response_ids: pd.Series,
    chosen: np.ndarray,
    spec: QuarterlySpec,
    min_n: int,
    skipped: list[str],
) -> JourneyMatrix | None:
    """The handover domain by move, for the responses whose position is `chosen`.

    `chosen` has one entry per response of `response_ids` and one more, False, for
    composites of responses not among them.
    """
    if spec.handover is None:
        return None
    rows = composites[(composites["domain_id"] == spec.handover) & composites["score"].notna()]
    rows = rows[chosen[row_positions(rows["response_id"], response_ids)]]
    moves = split_moves(rows)
    if moves.empty:
        skipped.append("no journeys matrix: nobody answered about a move between services")
        return None
    return journey_matrix(moves, min_n=min_n)
