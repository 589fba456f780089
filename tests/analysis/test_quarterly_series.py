"""Eight quarters of place-wide domain scores and unit headlines, and their trends."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.api import (
    SERIES_QUARTERS,
    QuarterlyResults,
    domain_composites,
    previous_quarters,
    quarterly_analysis,
)
from analysis.quarterly_series import place_estimates
from analysis.response_scores import response_scores
from analysis.simulate_journey import SimulatedJourney, expected_clipped_score, simulate_journey
from measures import load_registry
from survey_app.analysis_spec import spec_for

SPEC = spec_for(load_registry().latest("whole_journey"))
QUARTER = "2026Q4"
NINE = previous_quarters(QUARTER, 8)  # 2024Q4 .. 2026Q4: one quarter more than the window


@pytest.fixture(scope="module")
def simulated() -> SimulatedJourney:
    return simulate_journey(
        np.random.default_rng(20261207),
        n_responses=27_000,
        n_services=30,
        n_places=3,
        quarters=NINE,
        unit_sd=3.0,
        tau=1.0,
        case_mix={},
    )


@pytest.fixture(scope="module")
def results(simulated: SimulatedJourney) -> QuarterlyResults:
    assert SPEC is not None
    return quarterly_analysis(simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER)


def test_the_window_is_eight_quarters_ending_with_the_one_reported(
    results: QuarterlyResults,
) -> None:
    assert SERIES_QUARTERS == 8
    window = NINE[1:]
    assert sorted(set(results.place_series["quarter"])) == window  # 2025Q1 kept
    assert sorted(set(results.unit_series["quarter"])) == window
    assert NINE[0] not in set(results.place_series["quarter"])  # 2024Q4 dropped
    assert list(results.place_series.columns) == [
        "quarter", "domain_id", "n", "mean", "se", "lower", "upper", "suppressed",
        "measure_version",
    ]  # fmt: skip
    assert list(results.unit_series.columns) == [
        "service_id", "quarter", "n", "mean", "se", "lower", "upper", "suppressed",
        "measure_version",
    ]  # fmt: skip
    assert list(dict.fromkeys(results.place_series["domain_id"])) == list(SPEC.domains)


def _by_hand(simulated: SimulatedJourney, quarters: list[str]) -> pd.DataFrame:
    """Place-wide domain means per quarter, from the answers with plain pandas."""
    domain_of = {item: d for d, items in SPEC.domains.items() for item in items}
    needed = {d: math.ceil(SPEC.min_fraction[d] * len(items)) for d, items in SPEC.domains.items()}
    answers = simulated.answers.astype({"response_id": str, "item_id": str, "instance": str})
    answers = answers[answers["item_id"].isin(domain_of) & answers["score"].notna()]
    answers = answers.assign(domain_id=answers["item_id"].map(domain_of))
    composite = answers.groupby(["response_id", "instance", "domain_id"])["score"].agg(
        ["mean", "count"]
    )
    composite = composite[composite["count"] >= composite.index.get_level_values(2).map(needed)]
    person = composite.groupby(level=["response_id", "domain_id"])["mean"].mean().reset_index()
    quarter = simulated.responses.set_index(simulated.responses["response_id"].astype(str))[
        "quarter"
    ].astype(str)
    person["quarter"] = person["response_id"].map(quarter)
    person = person[person["quarter"].isin(quarters)]
    table = person.groupby(["quarter", "domain_id"])["mean"].agg(["count", "mean", "std"])
    table["se"] = table["std"] / np.sqrt(table["count"])
    half = stats.t.ppf(0.975, table["count"] - 1) * table["se"]
    return table.assign(lower=table["mean"] - half, upper=table["mean"] + half)


def test_place_means_match_per_person_means_averaged_by_hand(
    simulated: SimulatedJourney, results: QuarterlyResults
) -> None:
    expected = _by_hand(simulated, NINE[1:])
    shown = results.place_series[~results.place_series["suppressed"]]
    got = shown.set_index(["quarter", "domain_id"])
    assert set(got.index) == set(expected.index[expected["count"] >= results.min_n])
    expected = expected.loc[got.index]
    np.testing.assert_array_equal(got["n"], expected["count"])
    for column in ("mean", "se", "lower", "upper"):
        np.testing.assert_allclose(got[column], expected[column], rtol=1e-10)
    assert (got["measure_version"] == 1).all()


def test_place_intervals_cover_the_simulated_truth() -> None:
    # Truth for the headline ("overall", one item, no case-mix effects): each scored
    # response's expected clipped score given its service's effect; the place-wide mean of
    # those is what the interval is for. 30 simulations x 8 quarters = 240 intervals.
    covered = []
    for seed in range(30):
        sim = simulate_journey(
            np.random.default_rng(seed),
            n_responses=4000,
            n_services=20,
            n_places=2,
            quarters=NINE[1:],
            unit_sd=4.0,
            tau=1.0,
            case_mix={},
        )
        composites = domain_composites(sim.answers, {"overall": ("overall",)}).table
        scores = response_scores(composites, sim.responses, ["overall"])
        place = place_estimates(scores, sim.responses, ["overall"]).set_index("quarter")
        truth = sim.truth.responses.set_index("response_id")
        expected = expected_clipped_score(
            sim.truth.mean + truth["unit_effect"].to_numpy(), sim.truth.headline_sd
        )
        scored = sim.responses.iloc[scores["row"]]
        truth_by_quarter = (
            pd.Series(expected, index=truth.index)
            .loc[scored["response_id"]]
            .groupby(scored["quarter"].astype(str).to_numpy())
            .mean()
        )
        for quarter, value in truth_by_quarter.items():
            covered.append(place.loc[quarter, "lower"] <= value <= place.loc[quarter, "upper"])
    assert len(covered) == 240
    assert 0.90 <= np.mean(covered) <= 0.99


def test_small_quarters_and_units_are_suppressed(simulated: SimulatedJourney) -> None:
    responses = simulated.responses
    thin = responses["quarter"].astype(str) == "2026Q2"
    keep = ~thin | responses.index.isin(responses[thin].index[:6])
    few = responses[keep].groupby(["service_id", "quarter"], observed=True).head(40)
    few = pd.concat([few, responses[keep & responses["service_id"].isna()]])
    found = quarterly_analysis(few, simulated.answers, spec=SPEC, quarter=QUARTER)
    for table in (found.place_series, found.unit_series):
        counts = table["n"].dropna()
        assert not counts.between(1, found.min_n - 1).any()
        hidden = table[table["suppressed"]]
        assert len(hidden) > 0
        assert hidden[["n", "mean", "se", "lower", "upper"]].isna().all().all()
        assert table.loc[~table["suppressed"], "mean"].notna().all()
    thin_rows = found.place_series[found.place_series["quarter"] == "2026Q2"]
    assert thin_rows["suppressed"].all() and len(thin_rows) == len(SPEC.domains)


def test_place_changes_are_differences_of_the_place_series(results: QuarterlyResults) -> None:
    series = results.place_series.set_index(["domain_id", "quarter"])["mean"]
    trends = {trend.unit: trend for trend in results.place_trends.units}
    assert set(trends) == set(SPEC.domains)
    for domain in ("overall", "information", "handover"):
        qoq = trends[domain].quarter_on_quarter
        yoy = trends[domain].year_on_year
        assert qoq.baseline_quarter == "2026Q3" and yoy.baseline_quarter == "2025Q4"
        assert qoq.difference == pytest.approx(
            series[domain, "2026Q4"] - series[domain, "2026Q3"], abs=1e-9
        )
        assert yoy.difference == pytest.approx(
            series[domain, "2026Q4"] - series[domain, "2025Q4"], abs=1e-9
        )
    unit_trends = results.trends.to_frame().set_index("unit")
    units = results.unit_series.set_index(["service_id", "quarter"])["mean"]
    service = unit_trends.index[0]
    assert unit_trends.loc[service, "qoq_difference"] == pytest.approx(
        units[service, "2026Q4"] - units[service, "2026Q3"], abs=1e-9
    )


def test_one_quarter_gives_no_place_trends(simulated: SimulatedJourney) -> None:
    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    found = quarterly_analysis(now, simulated.answers, spec=SPEC, quarter=QUARTER)
    assert found.place_trends is None and found.trends is None
    assert "no place-wide trends: no earlier quarter in the data" in found.skipped
    assert set(found.place_series["quarter"]) == {QUARTER}


def test_responses_without_answers_give_empty_unit_series() -> None:
    few = simulate_journey(
        np.random.default_rng(3), n_responses=20, n_services=2, n_places=1,
        quarters=(QUARTER,), unit_sd=3.0, tau=0.0, case_mix={},
    )  # fmt: skip
    responses = few.responses.astype({"service_id": "str"})  # as read from a CSV file
    found = quarterly_analysis(responses, few.answers.iloc[:0], spec=SPEC, quarter=QUARTER)
    assert found.n_responses == 20
    assert found.unit_series.empty and found.domain_scores.empty
