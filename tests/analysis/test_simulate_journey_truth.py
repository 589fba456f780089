"""The simulator plants a truth the analysis can recover: means, case mix, tau, outliers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from tests.analysis.simulated_journeys import AGE_EFFECTS, SMALL, cell_means, headline


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
