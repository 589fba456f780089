"""Every domain's units compared after case-mix adjustment, as the headline's are."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.api import (
    DomainComparison,
    QuarterlyResults,
    adjust_for_case_mix,
    compare_units,
    domain_composites,
    quarterly_analysis,
    to_jsonable,
)
from analysis.quarterly import headline_scores
from analysis.simulate_journey import TYPICAL_CASE_MIX, SimulatedJourney, simulate_journey
from measures import load_registry
from survey_app.analysis_spec import spec_for

SPEC = spec_for(load_registry().latest("whole_journey"))
QUARTER = "2026Q4"
POOR_DIGNITY = "service-004"


@pytest.fixture(scope="module")
def simulated() -> SimulatedJourney:
    sim = simulate_journey(
        np.random.default_rng(20261208),
        n_responses=32_000,
        n_services=40,
        n_places=2,
        unit_sd=2.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
    )
    # Plant a service whose people rate dignity 30 points lower this quarter, and nothing
    # else: the dignity comparison should find it, the headline should not.
    responses = sim.responses
    mine = responses.loc[
        (responses["service_id"] == POOR_DIGNITY) & (responses["quarter"] == QUARTER),
        "response_id",
    ]
    answers = sim.answers.copy()
    hit = (answers["item_id"] == "dignity") & answers["response_id"].isin(mine)
    answers.loc[hit, "score"] = (answers.loc[hit, "score"] - 30.0).clip(lower=0.0)
    return SimulatedJourney(responses, answers, sim.truth)


@pytest.fixture(scope="module")
def results(simulated: SimulatedJourney) -> QuarterlyResults:
    assert SPEC is not None
    return quarterly_analysis(simulated.responses, simulated.answers, spec=SPEC, quarter=QUARTER)


def test_every_domain_has_an_entry_in_the_spec_order(results: QuarterlyResults) -> None:
    assert list(results.domain_comparisons) == list(SPEC.domains)
    for domain_id, entry in results.domain_comparisons.items():
        assert isinstance(entry, DomainComparison) and entry.domain_id == domain_id
        assert (entry.comparison is None) == (entry.note is not None)
    with pytest.raises(TypeError):
        results.domain_comparisons["overall"] = None  # type: ignore[index]


def test_the_headline_entry_is_the_headline_comparison(
    simulated: SimulatedJourney, results: QuarterlyResults
) -> None:
    entry = results.domain_comparisons[SPEC.headline]
    assert entry.comparison is not None and entry.note is None
    assert to_jsonable(entry.comparison) == to_jsonable(results.comparison)
    assert to_jsonable(entry.funnel) == to_jsonable(results.funnel)
    assert to_jsonable(entry.case_mix) == to_jsonable(results.case_mix)
    # The same comparison made by hand from the public functions.
    now = simulated.responses[simulated.responses["quarter"] == QUARTER]
    answers = simulated.answers[simulated.answers["response_id"].isin(now["response_id"])]
    composites = domain_composites(answers, SPEC.domains, min_fraction=SPEC.min_fraction).table
    frame = headline_scores(composites, now, SPEC).dropna(subset=["service_id"])
    frame = frame[["service_id", "score", *SPEC.case_mix]].astype({"service_id": str})
    adjusted = adjust_for_case_mix(
        frame,
        outcome="score",
        unit="service_id",
        covariates=list(SPEC.case_mix),
        categorical=list(SPEC.case_mix),
    )
    units = adjusted.units.rename(columns={"adjusted_mean": "value"})
    by_hand = compare_units(units, kind="mean", min_n=30, dispersion="consistent")
    pd.testing.assert_frame_equal(
        entry.comparison.units.reset_index(drop=True), by_hand.units.reset_index(drop=True)
    )
    assert entry.comparison.phi == pytest.approx(by_hand.phi, rel=1e-12)


def test_an_outlier_in_one_domain_is_banded_there_only(results: QuarterlyResults) -> None:
    dignity = results.domain_comparisons["dignity"].comparison.units.set_index("unit")
    headline = results.comparison.units.set_index("unit")
    assert "worse than expected" in dignity.loc[POOR_DIGNITY, "band"]
    assert headline.loc[POOR_DIGNITY, "band"] == "about the same as expected"
    others = dignity.drop(index=POOR_DIGNITY)
    assert (others["band"] != "about the same as expected").mean() <= 0.15


def test_domains_only_carers_answer_are_adjusted_without_respondent_type(
    results: QuarterlyResults,
) -> None:
    # Only carers about their own support answer it: respondent_type has one level there.
    carer = results.domain_comparisons["carer_overall"]
    assert carer.case_mix is not None
    assert "respondent_type" not in carer.case_mix.covariates
    assert carer.note == "fewer than two units have 30 responses" and carer.comparison is None
    assert results.domain_comparisons["information"].case_mix.covariates == SPEC.case_mix


def test_a_domain_nobody_answered_says_why_there_is_no_comparison(
    simulated: SimulatedJourney,
) -> None:
    answers = simulated.answers[simulated.answers["item_id"] != "in_control"]
    found = quarterly_analysis(simulated.responses, answers, spec=SPEC, quarter=QUARTER)
    control = found.domain_comparisons["control"]
    assert control.note == "fewer than two units answered"
    assert control.case_mix is None and control.comparison is None and control.funnel is None
    assert found.comparison is not None  # the headline is unaffected
    data = json.loads(json.dumps(to_jsonable(found), allow_nan=False))
    assert list(data["domain_comparisons"]) == list(SPEC.domains)
    assert data["domain_comparisons"]["control"]["note"] == "fewer than two units answered"
    assert data["domain_comparisons"]["dignity"]["comparison"]["units"][0]["band"]
    assert {"quarter", "domain_id", "suppressed"} <= set(data["place_series"][0])
    assert data["place_trends"]["units"] and data["unit_series"]
