"""The whole quarterly analysis on simulated responses with a known truth."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.api import (
    QuarterlyResults,
    domain_composites,
    quarterly_analysis,
    simulate_comments,
    to_jsonable,
)
from analysis.quarterly import headline_scores
from analysis.simulate_journey import TYPICAL_CASE_MIX, SimulatedJourney, simulate_journey
from measures import load_registry
from survey_app.analysis_spec import spec_for

QUARTER = "2026Q4"
SPEC = spec_for(load_registry().latest("whole_journey"))
WORSE, BETTER = "service-003", "service-007"


@pytest.fixture(scope="module")
def simulated() -> SimulatedJourney:
    return simulate_journey(
        np.random.default_rng(20261206),
        n_responses=60_000,
        n_services=60,
        n_places=3,
        unit_sd=3.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
        outliers={WORSE: -12.0, BETTER: 12.0},
    )


@pytest.fixture(scope="module")
def results(simulated: SimulatedJourney) -> QuarterlyResults:
    assert SPEC is not None
    return quarterly_analysis(simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER)


def test_adjusted_scores_recover_the_planted_service_effects(
    simulated: SimulatedJourney, results: QuarterlyResults
) -> None:
    truth = simulated.truth.units
    truth = truth[truth["quarter"] == QUARTER].set_index("service_id")["linear"]
    units = results.case_mix.units.set_index("unit")
    shown = units.index.intersection(truth.index)
    assert len(shown) >= 50
    # The simulator's truth is the score at the reference case mix: adjusted means match
    # it up to one constant shared by all services (the reference levels' effect).
    gap = units.loc[shown, "adjusted_mean"] - truth[shown]
    z = (gap - gap.mean()) / units.loc[shown, "se"]
    assert np.sqrt(np.mean(z**2)) < 1.5
    raw_gap = units.loc[shown, "raw_mean"] - truth[shown]
    assert (raw_gap - raw_gap.mean()).abs().mean() > (gap - gap.mean()).abs().mean()
    assert results.case_mix.covariates == tuple(SPEC.case_mix)


def test_the_planted_outliers_are_banded_and_few_others_are(results: QuarterlyResults) -> None:
    units = results.comparison.units.set_index("unit")
    assert "worse than expected" in units.loc[WORSE, "band"]
    assert "better than expected" in units.loc[BETTER, "band"]
    others = units.drop(index=[WORSE, BETTER])
    flagged = others["band"].str.contains("than expected") & ~others["band"].str.startswith("about")
    assert flagged.mean() <= 0.15
    assert results.funnel is not None


def test_every_method_ran_and_the_results_are_json(results: QuarterlyResults) -> None:
    assert results.skipped == ()
    assert results.trends is not None and results.equality is not None
    assert results.journeys is not None and results.psychometrics.alpha is not None
    assert 0 < results.psychometrics.alpha.estimate < 1
    text = json.dumps(to_jsonable(results), allow_nan=False)
    assert '"method"' in text


def _rows(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _rows(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _rows(inner)


def test_nothing_is_shown_from_fewer_than_ten_responses(simulated: SimulatedJourney) -> None:
    few = simulated.responses.groupby(["service_id", "quarter"], observed=True).head(14)
    answers = simulated.answers[simulated.answers["response_id"].isin(few["response_id"])]
    found = quarterly_analysis(few, answers, spec=SPEC, quarter=QUARTER)
    shown = 0
    for row in _rows(to_jsonable(found)):
        n = row.get("n")
        assert not (isinstance(n, (int, float)) and 1 <= n <= 4), row
        if isinstance(n, (int, float)) and 0 < n < found.min_n:
            for key in ("mean", "value", "raw_mean", "adjusted_mean", "estimate"):
                assert row.get(key) is None, (key, row)
        elif isinstance(n, (int, float)) and n >= found.min_n and row.get("mean") is not None:
            shown += 1
    assert shown > 0


def test_trends_never_cross_a_change_of_measure_version(simulated: SimulatedJourney) -> None:
    responses = simulated.responses.copy()
    changed = (responses["service_id"] == BETTER) & (responses["quarter"] == QUARTER)
    responses["measure_version"] = np.where(changed, 2, responses["measure_version"])
    found = quarterly_analysis(responses, simulated.answers, spec=SPEC, quarter=QUARTER)
    trends = found.trends.to_frame().set_index("unit")
    assert trends.loc[BETTER, "qoq_flag"] == "not comparable: measure changed"
    assert trends.drop(index=BETTER)["qoq_flag"].ne("not comparable: measure changed").all()


def test_what_cannot_be_done_is_said(simulated: SimulatedJourney) -> None:
    responses = simulated.responses.drop(columns=["general_health", "deprivation_quintile"])
    found = quarterly_analysis(responses, simulated.answers, spec=SPEC, quarter=QUARTER)
    assert "case-mix adjustment without general_health: not in the data" in found.skipped
    assert any("deprivation_quintile" in note for note in found.skipped)
    assert "general_health" not in found.case_mix.covariates


def test_other_quarters_only_feed_trends(simulated: SimulatedJourney) -> None:
    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    found = quarterly_analysis(simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER)
    assert found.n_responses == len(now)
    assert isinstance(found.domain_scores, pd.DataFrame)
    assert set(found.domain_scores["domain_id"]) >= {"overall", "handover", "information"}


def test_comments_are_redacted_then_themed_and_their_tone_learnt(
    simulated: SimulatedJourney,
) -> None:

    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    answers = simulated.answers[simulated.answers["response_id"].isin(now["response_id"])]
    composites = domain_composites(answers, SPEC.domains, min_fraction=SPEC.min_fraction).table
    headline = headline_scores(composites, now, SPEC).set_index("response_id")["score"]
    chosen = now["response_id"].sample(3000, random_state=1).astype(str).to_numpy()
    planted = simulate_comments(
        np.random.default_rng(5), len(chosen), ratings=headline.reindex(chosen).to_numpy()
    )
    comments = pd.DataFrame({"response_id": chosen, "text": planted.frame["comment"]})
    found = quarterly_analysis(
        simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER, comments=comments
    ).free_text
    assert found is not None and found.n_comments == 3000
    assert found.redaction.total >= planted.frame["identifier"].notna().sum()
    text = json.dumps(to_jsonable(found), allow_nan=False)
    for identifier in planted.frame["identifier"].dropna():
        assert identifier not in text
    assert len(found.themes) >= 2 and found.themes_method
    assert found.tone is not None and found.tone.accuracy.estimate > 0.75


def test_item_scores_match_a_direct_count(
    simulated: SimulatedJourney, results: QuarterlyResults
) -> None:
    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    mine = now.loc[now["service_id"] == BETTER, "response_id"].astype(str)
    answers = simulated.answers
    dignity = answers[
        (answers["item_id"] == "dignity")
        & answers["response_id"].astype(str).isin(mine)
        & answers["score"].notna()
    ]["score"]
    row = results.item_scores.set_index(["service_id", "item_id"]).loc[(BETTER, "dignity")]
    assert row["n"] == len(dignity)
    assert row["mean"] == pytest.approx(dignity.mean())
    assert row["top_box"] == pytest.approx((dignity == 100).mean())
    assert row["top_box_lower"] < row["top_box"] < row["top_box_upper"]


def test_place_scores_count_each_person_once(
    simulated: SimulatedJourney, results: QuarterlyResults
) -> None:
    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    answers = simulated.answers[simulated.answers["response_id"].isin(now["response_id"])]
    table = domain_composites(answers, {"overall": SPEC.domains["overall"]}).table
    per_person = table.dropna(subset=["score"]).groupby("response_id", observed=True)["score"]
    scores = per_person.mean()
    place = results.place_scores.set_index("domain_id").loc["overall"]
    assert place["n"] == len(scores)
    assert place["mean"] == pytest.approx(scores.mean())
    assert place["se"] == pytest.approx(scores.std(ddof=1) / np.sqrt(len(scores)))
