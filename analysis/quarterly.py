"""The full quarterly analysis of one measure: every method, in order, from the two frames.

Scores → composites → unit scores (raw and case-mix adjusted) → comparison with funnels →
trends → equality → journeys → psychometrics. Each step is a function of its own module;
this one only chooses their inputs from the frames and keeps the results together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.casemix import CaseMixResult, adjust_for_case_mix
from analysis.comparison import Comparison, compare_units, comparison_funnel
from analysis.composites import domain_composites
from analysis.disclosure import DEFAULT_MIN_N, check_min_n
from analysis.equality import EqualityResult, equality_gaps
from analysis.frame import validate_answers, validate_responses
from analysis.funnel import FunnelLimits
from analysis.journeys import JourneyMatrix, journey_matrix
from analysis.means import group_means
from analysis.quarter_steps import (
    mean_per_response,
    split_moves,
)
from analysis.quarterly_psychometrics import Psychometrics, psychometrics
from analysis.quarterly_text import FreeText, free_text
from analysis.quarters import previous_quarters
from analysis.scoring import item_scores
from analysis.trends import Trends, quarter_changes

__all__ = ["QuarterlyResults", "QuarterlySpec", "quarterly_analysis"]

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
    trends : Trends or None
        Quarter-on-quarter and year-on-year change of the raw headline per unit.
    equality : EqualityResult or None
        The headline by each equality column present.
    journeys : JourneyMatrix or None
        The handover domain by move (from service type × to service type).
    psychometrics : Psychometrics
        Scale reliability and factor structure; unit-level reliability of the headline.
    free_text : FreeText or None
        Redacted comments' themes and tone, when comments were given.
    place_scores : pandas.DataFrame
        Per domain over every response in the quarter (whole-place campaigns included):
        ``domain_id``, ``n``, ``mean``, ``se``, ``lower``, ``upper``, suppressed like the
        domain scores; one person's answers about several services are averaged first.
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
    trends: Trends | None
    equality: EqualityResult | None
    journeys: JourneyMatrix | None
    psychometrics: Psychometrics
    free_text: FreeText | None = None
    skipped: tuple[str, ...] = field(default=())
    place_scores: pd.DataFrame = field(default_factory=pd.DataFrame)


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
        Frames meeting :mod:`analysis.frame`. Responses from earlier quarters (up to four
        back) are used for trends only; other measures' responses are ignored.
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
    (answers about several services by one person are clustered by response for domain
    means); case-mix variables are categorical; the comparison target is the
    precision-weighted mean of the units compared.
    """
    min_n = check_min_n(min_n)
    validate_responses(responses)
    validate_answers(answers)
    skipped: list[str] = []
    window = previous_quarters(quarter, 4)
    mine = responses[
        (responses["measure_id"] == spec.measure_id) & responses["quarter"].isin(window)
        if "measure_id" in responses.columns
        else responses["quarter"].isin(window)
    ]
    now = mine[mine["quarter"] == quarter]
    earlier = mine[mine["quarter"] != quarter]
    # Every domain for this quarter; only the headline for the earlier ones (trends).
    answers_now = answers[answers["response_id"].isin(now["response_id"])]
    composites = domain_composites(answers_now, spec.domains, min_fraction=spec.min_fraction).table
    headline_only = {spec.headline: spec.domains[spec.headline]}
    answers_earlier = answers[
        answers["item_id"].isin(headline_only[spec.headline])
        & answers["response_id"].isin(earlier["response_id"])
    ]
    composites_earlier = domain_composites(
        answers_earlier,
        headline_only,
        min_fraction={spec.headline: spec.min_fraction[spec.headline]},
    ).table
    headline_now = headline_scores(composites, now, spec)
    headline = pd.concat(
        [headline_scores(composites_earlier, earlier, spec), headline_now], ignore_index=True
    )
    answers = answers_now
    domains = _domain_scores(composites, now, spec, min_n)
    case_mix, comparison, funnel = _compare(headline_now, spec, min_n, compare_min_n, skipped)
    return QuarterlyResults(
        quarter=quarter,
        spec=spec,
        n_responses=len(now),
        min_n=min_n,
        item_scores=_item_scores(answers, now, spec, min_n),
        domain_scores=domains,
        case_mix=case_mix,
        comparison=comparison,
        funnel=funnel,
        trends=_trends(headline, spec, quarter, min_n, skipped),
        equality=_equality(headline_now, spec, min_n, skipped),
        journeys=_journeys(composites, now, spec, min_n, skipped),
        psychometrics=psychometrics(answers, now, headline_now, spec, skipped),
        free_text=None
        if comments is None
        else free_text(
            comments[comments["response_id"].isin(now["response_id"])],
            headline_now.set_index("response_id")["score"],
            skipped,
        ),
        skipped=tuple(skipped),
        place_scores=_place_scores(composites, min_n),
    )


def headline_scores(
    composites: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec
) -> pd.DataFrame:
    """One headline score per response (``score``), with its unit, quarter and covariates."""
    rows = composites[(composites["domain_id"] == spec.headline) & composites["score"].notna()]
    once = mean_per_response(rows).set_index("response_id")["score"]
    keep = [spec.unit, "quarter", *spec.case_mix, *spec.equality, "measure_version"]
    keep = list(dict.fromkeys(c for c in keep if c in responses.columns))
    table = responses.set_index("response_id")[keep]
    return table.join(once.rename("score"), how="inner").reset_index()


def _item_scores(
    answers: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec, min_n: int
) -> pd.DataFrame:
    """Item means and top-box shares per unit, for the items of the spec's domains."""
    items = [item for domain in spec.domains.values() for item in domain]
    units = responses.set_index(responses["response_id"].astype(str))[spec.unit].dropna()
    scored = answers[answers["item_id"].isin(items) & answers["score"].notna()]
    unit = scored["response_id"].map(units.to_dict())
    frame = scored[["response_id", "item_id", "score"]].assign(unit=unit).dropna(subset=["unit"])
    if frame.empty:
        return pd.DataFrame(columns=["unit", "item_id", "n", "mean", "top_box"])
    table = item_scores(frame, by=["unit"]).table.rename(columns={"unit": spec.unit})
    return _suppress(table, min_n)


def _suppress(table: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Below min_n neither the figures nor the counts (counts of 1 to 4 could identify
    people) are shown; no total is published beside these tables, so none can be derived."""
    table["suppressed"] = table["n"] < min_n
    for column in table.columns:
        if column in ("n", "clusters", "n_eff", "mean", "se", "lower", "upper") or (
            column.startswith("top_box")
        ):
            table[column] = table[column].astype("float64").where(~table["suppressed"])
    return table


def _domain_scores(
    composites: pd.DataFrame, responses: pd.DataFrame, spec: QuarterlySpec, min_n: int
) -> pd.DataFrame:
    """Raw domain means per unit: one person's answers about several services are averaged."""
    per_response = mean_per_response(composites[composites["score"].notna()], "domain_id")
    units = responses[["response_id", spec.unit]].dropna()
    joined = per_response.merge(units, on="response_id")
    if joined.empty:
        return pd.DataFrame(columns=[spec.unit, "domain_id", "n", "mean", "se", "lower", "upper"])
    table = group_means(joined, [spec.unit, "domain_id"], "score").table
    return _suppress(table, min_n)


def _place_scores(composites: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Domain means over every response: one person's answers about several services are
    averaged first, so each response counts once."""
    per_response = mean_per_response(composites[composites["score"].notna()], "domain_id")
    if per_response.empty:
        return pd.DataFrame(columns=["domain_id", "n", "mean", "se", "lower", "upper"])
    return _suppress(group_means(per_response, ["domain_id"], "score").table, min_n)


def _compare(
    headline: pd.DataFrame,
    spec: QuarterlySpec,
    min_n: int,
    compare_min_n: int,
    skipped: list[str],
) -> tuple[CaseMixResult | None, Comparison | None, FunnelLimits | None]:
    scored = headline.dropna(subset=[spec.unit])
    present = [c for c in spec.case_mix if c in scored.columns and scored[c].notna().any()]
    missing = sorted(set(spec.case_mix) - set(present))
    if missing:
        skipped.append(f"case-mix adjustment without {', '.join(missing)}: not in the data")
    if scored[spec.unit].nunique() < 2:
        skipped.append("no comparison: fewer than two units answered")
        return None, None, None
    frame = scored[[spec.unit, "score", *present]].copy()
    frame[spec.unit] = frame[spec.unit].astype(str)
    case_mix = adjust_for_case_mix(
        frame,
        outcome="score",
        unit=spec.unit,
        covariates=present,
        categorical=present,
        min_n=min_n,
    )
    units = case_mix.units.rename(columns={"adjusted_mean": "value"})[["unit", "n", "value", "se"]]
    if int((units["n"] >= compare_min_n).sum()) < 2:
        skipped.append(f"no comparison: fewer than two units have {compare_min_n} responses")
        return case_mix, None, None
    comparison = compare_units(
        units.assign(unit=units["unit"].astype(str)),
        kind="mean",
        min_n=compare_min_n,
        dispersion="consistent",
    )
    return case_mix, comparison, comparison_funnel(comparison)


def _trends(
    headline: pd.DataFrame, spec: QuarterlySpec, quarter: str, min_n: int, skipped: list[str]
) -> Trends | None:
    scored = headline.dropna(subset=[spec.unit])
    if scored["quarter"].nunique() < 2:
        skipped.append("no trends: no earlier quarter in the data")
        return None
    if "measure_version" not in scored.columns:
        scored = scored.assign(measure_version=1)
    means = group_means(scored, [spec.unit, "quarter"], "score").table
    versions = scored.groupby([spec.unit, "quarter"], observed=True)["measure_version"].max()
    estimates = means.merge(versions.reset_index(), on=[spec.unit, "quarter"])
    estimates = estimates.rename(columns={spec.unit: "unit", "mean": "value"})
    estimates["unit"] = estimates["unit"].astype(str)
    estimates["se"] = estimates["se"].fillna(0.0)
    return quarter_changes(
        estimates[["unit", "quarter", "n", "value", "se", "measure_version"]],
        quarter=quarter,
        min_n=min_n,
    )


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
    responses: pd.DataFrame,
    spec: QuarterlySpec,
    min_n: int,
    skipped: list[str],
) -> JourneyMatrix | None:
    if spec.handover is None:
        return None
    rows = composites[
        (composites["domain_id"] == spec.handover)
        & composites["score"].notna()
        & composites["response_id"].isin(responses["response_id"])
    ]
    moves = split_moves(rows)
    if moves.empty:
        skipped.append("no journeys matrix: nobody answered about a move between services")
        return None
    return journey_matrix(moves, min_n=min_n)
