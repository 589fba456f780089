"""Simulated whole-journey data: the frames' contract and fidelity to the measure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.frame import COVARIATE_COLUMNS, validate_answers, validate_responses
from analysis.quarters import quarters_of
from analysis.simulate_journey import simulate_journey
from analysis.simulate_journey_answers import round_to_grid
from measures import load_registry
from measures.routing import AnswerKey, applicable, pages
from survey_app.frames import covariates
from tests.analysis.simulated_journeys import SMALL, TEXT, plain


@pytest.fixture(scope="module")
def measure():
    return load_registry().get("whole_journey", 1)


@pytest.fixture(scope="module")
def sim():
    return simulate_journey(
        np.random.default_rng(11),
        n_responses=6000,
        unit_sd=5.0,
        tau=2.0,
        case_mix={"general_health": {"bad": -8, "very_bad": -12}, "respondent_type": {}},
        place_share=0.1,
        **SMALL,
    )


def test_frames_meet_the_contract(sim):
    validate_responses(sim.responses)
    validate_answers(sim.answers)
    assert set(COVARIATE_COLUMNS) <= set(sim.responses.columns)
    assert set(sim.responses["measure_id"]) == {"whole_journey"}
    assert set(sim.responses["measure_version"]) == {1}
    assert sim.responses["deprivation_quintile"].dropna().between(1, 5).all()


def test_codes_scores_and_instances_are_the_measures(sim, measure):
    """Every item, option, score and instance written exists in the YAML with that score."""
    services = [o.code for o in measure.scale("services").options]
    moves = {f"{a}_to_{b}" for a in services for b in services if a != b}
    used = plain(sim.answers).drop(columns="response_id").drop_duplicates(TEXT[1:])
    assert len(used) > 100
    for item_id, instance, code, score in used.itertuples(index=False):
        item = measure.item(item_id)
        repeat = measure.section_of(item_id).repeat
        expected_instances = {"services": set(services), "transitions": moves, "none": {""}}
        assert instance in expected_instances[repeat], (item_id, instance)
        scale = {o.code: o.score for o in measure.scale_for(item).options}
        if item.options_from is not None:  # the moves question also offers every move
            scale |= dict.fromkeys(moves)
        assert code in scale, (item_id, code)
        if scale[code] is None:
            assert math.isnan(score), (item_id, code, score)
        else:
            assert score == scale[code], (item_id, code, score)


def test_every_answer_is_on_a_page_the_questionnaire_shows(sim, measure):
    """Routing agrees: nothing answered that would not be asked, every required page answered."""
    answers = plain(sim.answers)
    sample = sim.responses["response_id"].iloc[::40]
    answers = answers[answers["response_id"].isin(sample)]
    kinds = {"patient": 0, "carer_for_patient": 0, "carer_own_support": 0}
    for _, rows in answers.groupby("response_id"):
        given: dict[AnswerKey, str | frozenset] = {}
        for item_id, instance, code in rows[TEXT[1:]].itertuples(index=False):
            key = AnswerKey(item_id, instance)
            if measure.item(item_id).type == "multi_choice":
                given[key] = frozenset(given.get(key, frozenset()) | {code})
            else:
                given[key] = code
        answered = {k: tuple(v) if isinstance(v, frozenset) else v for k, v in given.items()}
        kept = applicable(measure, answered)
        assert {k: frozenset(v) if isinstance(v, tuple) else v for k, v in kept.items()} == given
        missing = [p.key for p in pages(measure, answered) if p.item.required and p.key not in kept]
        assert missing == []
        kinds[given[AnswerKey("respondent")]] += 1
    assert all(count > 0 for count in kinds.values()), kinds


def test_covariate_columns_are_what_the_app_derives_from_the_answers(sim):
    """survey_app.frames.covariates builds the same columns from the same answers."""
    answers = plain(sim.answers).assign(measure_id="whole_journey", measure_version=1)
    responses = sim.responses[["response_id"]].astype(object)
    derived = covariates(responses, answers, load_registry()).set_index("response_id")
    ours = sim.responses.set_index(sim.responses["response_id"].astype(object))
    for column in derived.columns:
        left = derived[column].reindex(ours.index).astype(object)
        right = ours[column].astype(object)
        pd.testing.assert_series_equal(
            left.where(left.notna(), None), right.where(right.notna(), None), check_names=False
        )


def test_same_seed_same_frames_and_another_seed_others():
    def run(seed: int):
        return simulate_journey(
            np.random.default_rng(seed), n_responses=500, unit_sd=3, tau=1, case_mix={}, **SMALL
        )

    first, again, other = run(5), run(5), run(6)
    pd.testing.assert_frame_equal(first.responses, again.responses)
    pd.testing.assert_frame_equal(first.answers, again.answers)
    pd.testing.assert_frame_equal(first.truth.units, again.truth.units)
    assert not first.answers["score"].equals(other.answers["score"])


def test_stochastic_rounding_picks_the_upper_neighbour_in_proportion():
    """y = 23 on 0/50/100 is 50 with chance 23/50; y = 80 is 100 with chance 30/50."""
    rng = np.random.default_rng(1)
    n = 200_000
    grid = np.array([0.0, 50.0, 100.0])
    low = round_to_grid(np.full(n, 23.0), grid, rng.random(n))
    high = round_to_grid(np.full(n, 80.0), grid, rng.random(n))
    assert set(low) == {0, 1} and set(high) == {1, 2}
    se = math.sqrt(0.25 / n)
    assert abs(low.mean() - 23 / 50) < 4 * se
    assert abs((high == 2).mean() - 30 / 50) < 4 * se
    assert list(round_to_grid(np.array([-5.0, 0.0, 100.0, 130.0]), grid, np.zeros(4))) == [
        0,
        0,
        2,
        2,
    ]


def test_whole_place_responses_have_no_service_and_their_own_truth(sim):
    place = sim.responses["service_id"].isna()
    assert 0.07 < place.mean() < 0.13
    assert sim.responses.loc[place, "service_type"].isna().all()
    assert (
        sim.responses.loc[place, "campaign_id"].astype(str).str.startswith("campaign-place-").all()
    )
    assert sim.truth.places["n_responses"].sum() == place.sum()
    # The truth of a place is the mean of its services' linear predictors.
    units = sim.truth.units.groupby(["place_id", "quarter"])["linear"].mean()
    places = sim.truth.places.set_index(["place_id", "quarter"])["linear"]
    pd.testing.assert_series_equal(places.sort_index(), units.sort_index(), check_names=False)


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"n_responses": 0}, ValueError, "n_responses must be at least 1"),
        ({"n_responses": 2.5}, TypeError, "n_responses must be a whole number"),
        ({"n_places": 13}, ValueError, "n_places (13) cannot be more than n_services (12)"),
        ({"quarters": ("2026Q5",)}, ValueError, "'2026Q5' is not a quarter label"),
        ({"quarters": ("2026Q1", "2026Q1")}, ValueError, "quarters must not repeat"),
        ({"quarters": "2026Q1"}, TypeError, "quarters must be a non-empty sequence"),
        ({"unit_sd": -1.0}, ValueError, "unit_sd must be a finite number at least 0"),
        ({"tau": float("nan")}, ValueError, "tau must be a finite number"),
        ({"mean": 120}, ValueError, "mean must be a finite number from 0 to 100"),
        ({"place_share": 1.0}, ValueError, "place_share must be less than 1"),
        ({"missing_share": 0.6}, ValueError, "missing_share must be a finite number from 0"),
        ({"case_mix": {"height": {}}}, ValueError, "case_mix: unknown column 'height'"),
        (
            {"case_mix": {"age_band": {"age_100": 3}}},
            ValueError,
            "case_mix['age_band']: unknown level 'age_100'",
        ),
        ({"case_mix": {"sex": {"male": "x"}}}, TypeError, "case_mix['sex']['male'] must be a"),
        ({"outliers": {"service-099": 5}}, ValueError, "outliers: no service 'service-099'"),
        ({"case_mix_acts_on": "both"}, ValueError, "case_mix_acts_on must be 'reported' or"),
    ],
)
def test_bad_arguments_are_named(change, error, message):
    arguments = {"n_responses": 10, "unit_sd": 1.0, "tau": 0.0, "case_mix": {}, **SMALL}
    with pytest.raises(error) as raised:
        simulate_journey(np.random.default_rng(0), **(arguments | change))
    assert message in str(raised.value)


def test_each_response_is_submitted_within_its_quarter() -> None:
    simulated = simulate_journey(
        np.random.default_rng(3), n_responses=2000, n_services=10, n_places=1,
        unit_sd=1.0, tau=0.0, case_mix={},
    )  # fmt: skip
    responses = simulated.responses
    assert (quarters_of(responses["submitted_at"]) == responses["quarter"]).all()


def test_services_can_be_given_their_types() -> None:
    types = ["gp", "acute", "social_care"]
    simulated = simulate_journey(
        np.random.default_rng(4), n_responses=3000, n_services=3, n_places=1,
        unit_sd=1.0, tau=0.0, case_mix={}, place_share=0.0, service_types=types,
    )  # fmt: skip
    responses = simulated.responses
    assert dict(zip(responses["service_id"], responses["service_type"], strict=True)) == {
        "service-001": "gp",
        "service-002": "acute",
        "service-003": "social_care",
    }
    answers = simulated.answers
    ticked = answers[answers["item_id"] == "services_used"][["response_id", "option_code"]]
    ticked = ticked.astype(str).merge(
        responses[["response_id", "service_type"]].astype(str), on="response_id"
    )
    own = ticked[ticked["option_code"] == ticked["service_type"]]
    # Everyone asked which services they used ticks the one that asked them.
    assert set(own["response_id"]) == set(ticked["response_id"]) and len(own) > 2000
    with pytest.raises(ValueError, match="one type for each of the 3 services"):
        simulate_journey(
            np.random.default_rng(4), n_responses=10, n_services=3, n_places=1,
            unit_sd=1.0, tau=0.0, case_mix={}, service_types=["gp"],
        )  # fmt: skip
