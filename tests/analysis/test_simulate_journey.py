"""Simulated whole-journey data: contract, fidelity to the measure, and the planted truth."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from analysis.frame import COVARIATE_COLUMNS, validate_answers, validate_responses
from analysis.quarters import quarters_of
from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from analysis.simulate_journey_answers import round_to_grid
from measures import load_registry
from measures.routing import AnswerKey, applicable, pages
from survey_app.frames import covariates

QUARTERS = ("2026Q1", "2026Q2")
SMALL = {"n_services": 12, "n_places": 3, "quarters": QUARTERS}
AGE_EFFECTS = {"age_band": {"age_75_84": -10.0, "age_85_plus": -15.0}}
TEXT = ["response_id", "item_id", "instance", "option_code"]


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


def plain(answers: pd.DataFrame) -> pd.DataFrame:
    """Answers with text columns as plain strings, for lookups by eye."""
    return answers.astype({column: object for column in TEXT})


def headline(sim) -> pd.DataFrame:
    """One row per headline answer with the response's service and quarter."""
    rows = plain(sim.answers)
    rows = rows[rows["item_id"] == "overall"]
    responses = sim.responses[["response_id", "service_id", "quarter"]].astype(object)
    return rows.merge(responses, on="response_id", validate="one_to_one")


def cell_means(sim) -> pd.DataFrame:
    """Raw mean headline, its SE and n per service and quarter, with the truth."""
    stats_ = (
        headline(sim)
        .dropna(subset=["service_id"])
        .groupby(["service_id", "quarter"])["score"]
        .agg(mean="mean", sd="std", n="count")
        .reset_index()
    )
    stats_["se"] = stats_["sd"] / np.sqrt(stats_["n"])
    return stats_.merge(sim.truth.units, on=["service_id", "quarter"], validate="one_to_one")


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


@pytest.mark.parametrize(("mean", "item_sd"), [(60.0, 0.0), (88.0, 0.0), (88.0, 12.0)])
def test_headline_means_converge_to_the_truth(mean, item_sd):
    """No case-mix: each cell's raw mean headline is an unbiased estimate of `expected`.

    At mean 88 a fifth or more of latent values exceed 100, so this also checks the
    clipping term and that it uses both the response and the item noise. Under the truth
    the z-scores are about N(0, 1): the mean of 24 z² has SD about 0.29.
    """
    sim = simulate_journey(
        np.random.default_rng(21),
        n_responses=30_000,
        unit_sd=6.0,
        tau=2.0,
        case_mix={},
        item_sd=item_sd,
        mean=mean,
        **SMALL,
    )
    cells = cell_means(sim)
    z = (cells["mean"] - cells["expected"]) / cells["se"]
    assert len(cells) == 24
    assert abs(z).max() < 4.5
    assert 0.3 < (z**2).mean() < 2.0
    if mean == 88.0:  # `linear` would be the wrong truth here
        wrong = (cells["mean"] - cells["linear"]) / cells["se"]
        assert (wrong**2).mean() > 4


def test_case_mix_biases_raw_means_by_the_planted_amount():
    """Raw mean − linear ≈ Σ effect × share of the unit's headline answers in each age band."""
    sim = simulate_journey(
        np.random.default_rng(8),
        n_responses=30_000,
        unit_sd=4.0,
        tau=0.0,
        case_mix=AGE_EFFECTS,
        mean=55.0,
        missing_share=0.0,
        prefer_not_share=0.0,
        place_share=0.0,
        **SMALL,
    )
    rows = headline(sim).merge(
        sim.responses[["response_id", "age_band"]].astype(object), on="response_id"
    )
    rows["effect"] = rows["age_band"].map(AGE_EFFECTS["age_band"]).fillna(0.0)
    bias = rows.groupby(["service_id", "quarter"])["effect"].mean().rename("bias")
    cells = cell_means(sim).merge(bias.reset_index(), on=["service_id", "quarter"])
    z = (cells["mean"] - cells["linear"] - cells["bias"]) / cells["se"]
    assert abs(z).max() < 4.5
    assert 0.3 < (z**2).mean() < 2.0
    # The bias differs between services (older people in some), by more than 2 points.
    assert cells["bias"].max() - cells["bias"].min() > 2.0
    # The truth's per-response case-mix effect is the one the reported age band implies.
    truth = sim.truth.responses.astype({"response_id": object})
    joined = rows.merge(truth, on="response_id")
    np.testing.assert_allclose(joined["case_mix_effect"], joined["effect"])


@pytest.mark.parametrize("spread", [0.0, 1.5])
def test_age_mix_differs_between_services_only_when_planted(spread):
    """Chi-square test of age band × service: independent at spread 0, strongly not at 1.5."""
    sim = simulate_journey(
        np.random.default_rng(4),
        n_responses=20_000,
        unit_sd=0.0,
        tau=0.0,
        case_mix={},
        case_mix_spread=spread,
        place_share=0.0,
        **SMALL,
    )
    table = pd.crosstab(sim.responses["service_id"], sim.responses["age_band"])
    pvalue = stats.chi2_contingency(table.to_numpy()).pvalue
    assert (pvalue > 0.001) if spread == 0.0 else (pvalue < 1e-12)


def test_tau_is_the_extra_spread_of_quarter_scores():
    """Method of moments: var(cell means) − mean(SE²) − var(α part) recovers τ² = 25."""
    sim = simulate_journey(
        np.random.default_rng(9),
        n_responses=60_000,
        unit_sd=0.0,
        tau=5.0,
        case_mix={},
        n_services=40,
        n_places=4,
        quarters=("2026Q1", "2026Q2", "2026Q3", "2026Q4"),
    )
    cells = cell_means(sim)
    tau2 = cells["mean"].var() - (cells["se"] ** 2).mean()
    assert 25 * 0.6 < tau2 < 25 * 1.5  # 160 cells: the estimate's SD is about 3
    assert sim.truth.units["unit_effect"].eq(0).all()


def test_planted_outliers_shift_only_their_units():
    def run(outliers):
        return simulate_journey(
            np.random.default_rng(3),
            n_responses=8000,
            unit_sd=0.0,
            tau=0.0,
            case_mix={},
            outliers=outliers,
            **SMALL,
        )

    plain_run, shifted = run({}), run({"service-004": -20.0})
    before, after = cell_means(plain_run), cell_means(shifted)
    moved = after["service_id"] == "service-004"
    change = after["mean"] - before["mean"]
    assert change[moved].between(-24, -16).all()
    assert (change[~moved] == 0).all()  # same draws: nothing else changes
    far = (after["mean"] - 60.0) / after["se"]
    assert (far[moved] < -10).all() and (abs(far[~moved]) < 4.5).all()


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


@pytest.mark.parametrize("source", ["reported", "true"])
def test_case_mix_acts_on_reported_or_true_levels(source):
    """General health is not asked of carers answering for someone: only "true" counts it."""
    effects = {"general_health": {"bad": -8.0, "very_bad": -12.0}}
    sim = simulate_journey(
        np.random.default_rng(2),
        n_responses=4000,
        unit_sd=0.0,
        tau=0.0,
        case_mix=effects,
        case_mix_acts_on=source,
        **SMALL,
    )
    shown = sim.responses["general_health"].astype(object).map(effects["general_health"])
    acting = sim.truth.responses["case_mix_effect"]
    stated = sim.responses["general_health"].notna()
    np.testing.assert_allclose(acting[stated], shown[stated].fillna(0.0))
    carers = sim.responses["respondent_type"].eq("carer_for_patient")
    assert carers.sum() > 300 and not stated[carers].any()
    blank_effects = set(acting[~stated].round(6))
    assert blank_effects == ({0.0} if source == "reported" else {0.0, -8.0, -12.0})


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


def test_fixed_effects_regression_recovers_the_planted_truth():
    """statsmodels OLS with service fixed effects recovers β and the services' `linear`.

    Raw means are biased by case-mix; the regression's service coefficients estimate
    ``linear_s − linear_ref`` and its age and health coefficients the planted effects.
    """
    case_mix = {k: v for k, v in TYPICAL_CASE_MIX.items() if k != "respondent_type"}
    sim = simulate_journey(
        np.random.default_rng(17),
        n_responses=25_000,
        n_services=12,
        n_places=3,
        quarters=("2026Q1",),
        unit_sd=5.0,
        tau=0.0,
        case_mix=case_mix,
        case_mix_spread=1.5,
        place_share=0.0,
    )
    data = headline(sim).merge(
        sim.responses[["response_id", "age_band", "general_health"]].astype(object),
        on="response_id",
    )
    data = data.dropna(subset=["age_band", "general_health"])
    fit = smf.ols(
        "score ~ C(service_id) + C(age_band, Treatment('age_55_64'))"
        " + C(general_health, Treatment('very_good'))",
        data=data,
    ).fit()
    truth = sim.truth.units.set_index("service_id")["linear"]
    z_scores = []
    for name, estimate in fit.params.items():
        if name.startswith("C(service_id)"):
            service = name.split("[T.")[1].rstrip("]")
            planted = truth[service] - truth["service-001"]
        elif name.startswith("C(age_band"):
            planted = case_mix["age_band"].get(name.split("[T.")[1].rstrip("]"), 0.0)
        elif name.startswith("C(general_health"):
            planted = case_mix["general_health"][name.split("[T.")[1].rstrip("]")]
        else:
            continue
        z_scores.append((estimate - planted) / fit.bse[name])
    z = np.array(z_scores)
    assert len(z) == 11 + 8 + 4
    assert abs(z).max() < 4.5
    assert (z**2).mean() < 2.0  # no lower bound: the service contrasts share a reference
    # Without adjustment the same comparison is off: raw means carry the case-mix bias.
    raw = data.groupby("service_id")["score"].mean()
    raw_gap = (raw - raw["service-001"]) - (truth - truth["service-001"])
    assert raw_gap.abs().max() > 1.0


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
