import math

import numpy as np
import pandas as pd
import pytest

from analysis.means import mean_estimate
from analysis.weights import cell_weights, kish_design_effect

NAN = float("nan")
# Eight respondents: young women 1, young men 1, older women 2, older men 2, one with no
# age given and one in a middle band the population table does not have.
RESPONDENTS = pd.DataFrame(
    {
        "age": ["young", "young", "old", "old", "old", "old", None, "middle"],
        "sex": ["f", "m", "f", "f", "m", "m", "f", "f"],
    },
    index=[f"r{i}" for i in range(8)],
)
# Population shares 0.3, 0.3, 0.2, 0.1, and 0.1 in a cell no one answered from.
POPULATION = pd.DataFrame(
    {
        "age": ["young", "young", "old", "old", "very_old"],
        "sex": ["f", "m", "f", "m", "f"],
        "count": [300, 300, 200, 100, 100],
    }
)


def test_weights_by_hand() -> None:
    result = cell_weights(RESPONDENTS, POPULATION, cells=["age", "sex"], trim=None)
    # Six respondents are in population cells. Population share ÷ respondent share:
    # young: 0.3 / (1/6) = 1.8; old f: 0.2 / (2/6) = 0.6; old m: 0.1 / (2/6) = 0.3.
    # Their sum over the six is 1.8 + 1.8 + 1.2 + 0.6 = 5.4; scaled to mean 1 (× 6/5.4):
    # 2, 2, 2/3, 1/3. The two unmatched respondents keep 1.
    expected = [2.0, 2.0, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 1.0, 1.0]
    assert result.weights.tolist() == pytest.approx(expected)
    assert result.weights.index.tolist() == RESPONDENTS.index.tolist()
    assert result.weights.sum() == pytest.approx(8.0)
    assert result.n == 8
    assert (result.n_unmatched, result.n_trimmed, result.cap) == (2, 0, None)
    assert len(result.unmatched_cells) == 2
    assert ("middle", "f") in result.unmatched_cells
    no_age = next(cell for cell in result.unmatched_cells if cell != ("middle", "f"))
    assert pd.isna(no_age[0]) and no_age[1] == "f"
    assert result.empty_cells == (("very_old", "f"),)
    assert result.empty_share == pytest.approx(0.1)
    # Kish: n Σw² / (Σw)² = 8 · (4 + 4 + 4/9 + 4/9 + 1/9 + 1/9 + 1 + 1) / 64.
    sum_sq = 4 + 4 + 8 / 9 + 2 / 9 + 2
    assert result.design_effect == pytest.approx(8 * sum_sq / 64)
    assert result.n_eff == pytest.approx(64 / sum_sq)
    assert "age × sex" in result.method and "2 respondent(s) outside" in result.method


def test_cell_table_reports_every_cell() -> None:
    table = cell_weights(RESPONDENTS, POPULATION, cells=["age", "sex"], trim=None).cells
    assert len(table) == 7  # 5 population cells + 2 respondent cells outside them
    empty = table[(table["age"] == "very_old")].iloc[0]
    assert empty["respondents"] == 0 and math.isnan(empty["weight"])
    assert empty["population_share"] == pytest.approx(0.1)
    outside = table[~table["in_population"]]
    assert outside["respondents"].tolist() == [1, 1]
    assert outside["weight"].tolist() == [1.0, 1.0]
    assert table["respondents"].sum() == 8


def test_mapping_population_gives_the_same_weights() -> None:
    mapping = {
        (age, sex): count for age, sex, count in POPULATION.itertuples(index=False, name=None)
    }
    from_frame = cell_weights(RESPONDENTS, POPULATION, cells=["age", "sex"])
    from_mapping = cell_weights(RESPONDENTS, mapping, cells=["age", "sex"])
    assert from_mapping.weights.tolist() == pytest.approx(from_frame.weights.tolist())
    one = cell_weights(RESPONDENTS, {"f": 1, "m": 1}, cells=["sex"])
    # sex alone: 5 women, 3 men (one woman has no age, which does not matter here);
    # 0.5/(5/8) = 0.8 and 0.5/(3/8) = 4/3, already mean 1.
    assert one.weights.tolist() == pytest.approx([0.8, 4 / 3, 0.8, 0.8, 4 / 3, 4 / 3, 0.8, 0.8])


def test_trimming_by_hand_repeats_until_no_weight_is_over_the_cap() -> None:
    respondents = pd.DataFrame({"cell": ["a", "b", "c"] + ["d"] * 7})
    population = pd.DataFrame({"cell": ["a", "b", "c", "d"], "count": [30, 25, 15, 30]})
    # Untrimmed: 0.3·10, 0.25·10, 0.15·10, 0.3·10/7 = 3, 2.5, 1.5, 3/7 (mean 1).
    # Cap 2.6: a -> 2.6; spreading its excess lifts b to 2.5 · 7.4/7 > 2.6, so b -> 2.6
    # too; c and d share what is left, 10 − 5.2 = 4.8, in proportion to 1.5 and 7 · 3/7:
    # c = 1.5 · 4.8/4.5 = 1.6, d = (3/7) · 4.8/4.5.
    result = cell_weights(respondents, population, cells=["cell"], trim=2.6)
    expected = [2.6, 2.6, 1.6] + [3 / 7 * 4.8 / 4.5] * 7
    assert result.weights.tolist() == pytest.approx(expected)
    assert result.weights.sum() == pytest.approx(10.0)
    assert result.n_trimmed == 2
    assert result.cells["trimmed"].tolist() == [True, True, False, False]
    assert "capped at 2.6" in result.method
    untrimmed = cell_weights(respondents, population, cells=["cell"], trim=None)
    assert untrimmed.weights.tolist() == pytest.approx([3.0, 2.5, 1.5] + [3 / 7] * 7)
    assert result.design_effect < untrimmed.design_effect


def test_kish_design_effect_by_hand() -> None:
    # w = 1, 1, 2, 4: Σw = 8, Σw² = 22, deff = 4 · 22 / 64 = 1.375.
    assert kish_design_effect([1.0, 1.0, 2.0, 4.0]) == pytest.approx(1.375)
    assert kish_design_effect([3.0, 3.0]) == pytest.approx(1.0)


def test_weighting_removes_non_response_bias_with_known_truth() -> None:
    # Population: four age × sex cells with shares 0.4, 0.3, 0.2, 0.1 and mean scores
    # 75, 70, 65, 55 (scores clipped to 0–100). Response rates 0.15, 0.3, 0.6, 0.9 rise as scores
    # fall, so respondents over-represent low scorers. Weights are re-estimated from each
    # sample. The linearised SE treats them as fixed, which counts the small between-cell
    # part of the variance that post-stratification removes, so it may err high a little.
    rng = np.random.default_rng(2026)
    share = np.array([0.4, 0.3, 0.2, 0.1])
    mean = np.array([75.0, 70.0, 65.0, 55.0])
    response = np.array([0.15, 0.3, 0.6, 0.9])
    population = pd.DataFrame({"cell": list("abcd"), "count": share * 1000})
    weighted, unweighted, ses = [], [], []
    for _ in range(400):
        cell = rng.choice(4, size=2000, p=share)
        cell = cell[rng.random(cell.size) < response[cell]]
        scores = np.clip(rng.normal(mean[cell], 25.0), 0, 100)
        respondents = pd.DataFrame({"cell": np.array(list("abcd"))[cell]})
        weights = cell_weights(respondents, population, cells=["cell"], trim=None).weights
        estimate = mean_estimate(scores, weights.to_numpy())
        weighted.append(estimate.mean)
        ses.append(estimate.se)
        unweighted.append(scores.mean())
    weighted_arr, unweighted_arr = np.array(weighted), np.array(unweighted)
    clip_truth = _clipped_truth(share, mean, 25.0)
    spread = weighted_arr.std(ddof=1)
    assert abs(weighted_arr.mean() - clip_truth) < 4 * spread / math.sqrt(400)
    # Respondent shares ≈ 0.167, 0.25, 0.333, 0.25: the unweighted mean runs about 4 low.
    assert unweighted_arr.mean() < clip_truth - 3
    assert np.mean(ses) == pytest.approx(spread, rel=0.10)


def _clipped_truth(share: np.ndarray, mean: np.ndarray, sd: float) -> float:
    """Population mean of scores normal(mean, sd) clipped to [0, 100], by quadrature."""
    grid = np.linspace(-8, 8, 20001)
    density = np.exp(-(grid**2) / 2) / math.sqrt(2 * math.pi)
    step = grid[1] - grid[0]
    cell_means = [np.sum(np.clip(m + sd * grid, 0, 100) * density) * step for m in mean]
    return float(share @ np.array(cell_means))


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ([300, 300, 0, 100, 100], "cell \\('old', 'f'\\) has count 0.0"),
        ([300, 300, -5, 100, 100], "needs a count greater than 0"),
        ([300, 300, NAN, 100, 100], "needs a count greater than 0"),
    ],
)
def test_rejects_empty_population_cells(count, message) -> None:
    with pytest.raises(ValueError, match=message):
        cell_weights(RESPONDENTS, POPULATION.assign(count=count), cells=["age", "sex"])


def test_rejects_bad_input() -> None:
    cells = ["age", "sex"]
    with pytest.raises(ValueError, match="respondents: required column\\(s\\) 'sex' missing"):
        cell_weights(RESPONDENTS.drop(columns="sex"), POPULATION, cells=cells)
    with pytest.raises(ValueError, match="population: required column\\(s\\) 'count' missing"):
        cell_weights(RESPONDENTS, POPULATION.drop(columns="count"), cells=cells)
    with pytest.raises(ValueError, match="listed more than once"):
        cell_weights(RESPONDENTS, pd.concat([POPULATION, POPULATION]), cells=cells)
    with pytest.raises(ValueError, match="absent from the population: \\[\\('middle', 'f'\\)"):
        cell_weights(RESPONDENTS, POPULATION, cells=cells, unmatched="error")
    with pytest.raises(ValueError, match="unmatched must be one of"):
        cell_weights(RESPONDENTS, POPULATION, cells=cells, unmatched="drop")
    with pytest.raises(ValueError, match="trim must be greater than 1"):
        cell_weights(RESPONDENTS, POPULATION, cells=cells, trim=1.0)
    with pytest.raises(ValueError, match="no respondent falls in a population cell"):
        cell_weights(RESPONDENTS, {("x", "y"): 1}, cells=cells)
    with pytest.raises(ValueError, match="respondents is empty"):
        cell_weights(RESPONDENTS.iloc[:0], POPULATION, cells=cells)
    with pytest.raises(ValueError, match="every key must hold 2"):
        cell_weights(RESPONDENTS, {"young": 1}, cells=cells)
    with pytest.raises(ValueError, match="weights is not greater than 0"):
        kish_design_effect([1.0, 0.0])
