import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from analysis.intervals import wilson_interval
from analysis.scoring import item_scores, wilson_bounds

NAN = float("nan")


def closed_form_wilson(x: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson (1927): (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), written out here."""
    z = norm.ppf(1 - (1 - level) / 2)
    p = x / n
    centre = p + z**2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return (centre - half) / (1 + z**2 / n), (centre + half) / (1 + z**2 / n)


def answers(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    """``(unit, response_id, item_id, instance, score)`` rows."""
    return pd.DataFrame(rows, columns=["unit", "response_id", "item_id", "instance", "score"])


# Unit u1, item q1: scores 100, 100, 50, 0 and one "don't know" (NaN).
# Unit u1, item q2: 100, 0. Unit u2, item q1: 50 only. Item q3 only "don't know".
HAND = answers(
    [
        ("u1", "r1", "q1", "", 100.0),
        ("u1", "r2", "q1", "", 100.0),
        ("u1", "r3", "q1", "", 50.0),
        ("u1", "r4", "q1", "", 0.0),
        ("u1", "r5", "q1", "", NAN),
        ("u1", "r1", "q2", "", 100.0),
        ("u1", "r2", "q2", "", 0.0),
        ("u2", "r6", "q1", "", 50.0),
        ("u2", "r6", "q3", "", NAN),
    ]
)


def row(table: pd.DataFrame, **keys: str) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in keys.items():
        mask &= (table[column] == value).to_numpy()
    assert mask.sum() == 1
    return table[mask].iloc[0]


def test_item_mean_and_se_by_hand() -> None:
    result = item_scores(HAND, by=["unit"])
    table = result.table
    assert list(zip(table["unit"], table["item_id"], strict=True)) == [
        ("u1", "q1"),
        ("u1", "q2"),
        ("u2", "q1"),
    ]  # q3 has no scored answer; sorted by unit then item
    q1 = row(table, unit="u1", item_id="q1")
    # 100, 100, 50, 0: mean 62.5; squared deviations 1406.25·2 + 156.25 + 3906.25 = 6875;
    # s² = 6875/3; se = √(s²/4). "Don't know" is not counted.
    assert q1["n"] == 4
    assert q1["mean"] == pytest.approx(62.5)
    assert q1["se"] == pytest.approx(math.sqrt(6875 / 3 / 4))
    only = row(table, unit="u2", item_id="q1")
    assert only["n"] == 1 and math.isnan(only["se"]) and math.isnan(only["lower"])


def test_top_box_matches_wilson_closed_form_and_wilson_interval() -> None:
    table = item_scores(HAND, by=["unit"]).table
    q1 = row(table, unit="u1", item_id="q1")
    assert q1["top_box"] == 0.5  # two of four scored answers are 100
    lower, upper = closed_form_wilson(2, 4)
    assert q1["top_box_lower"] == pytest.approx(lower, abs=1e-12)
    assert q1["top_box_upper"] == pytest.approx(upper, abs=1e-12)
    reference = wilson_interval(2, 4)
    assert (q1["top_box_lower"], q1["top_box_upper"]) == pytest.approx(
        (reference.lower, reference.upper), abs=1e-15
    )
    none = row(table, unit="u2", item_id="q1")  # 50 is not the top box
    assert none["top_box"] == 0 and none["top_box_lower"] == 0.0


def test_mean_interval_is_t_based_and_clipped_to_the_score_range() -> None:
    scores = [100.0, 100.0, 100.0, 60.0]
    frame = answers([("u", f"r{i}", "q", "", s) for i, s in enumerate(scores)])
    q = item_scores(frame, by=["unit"]).table.iloc[0]
    # mean 90, s² = (3·100 + 900)/3 = 400, se = 20/2 = 10; t(0.975; 3 df) = 3.18245 (NIST
    # e-Handbook §1.3.6.7.2). 90 + 31.8 > 100, so the upper limit is clipped to 100.
    assert q["se"] == pytest.approx(10.0)
    assert q["lower"] == pytest.approx(90 - 3.18245 * 10, abs=1e-3)
    assert q["upper"] == 100.0


def test_weighted_top_box_uses_kish_effective_n() -> None:
    frame = answers([("u", f"r{i}", "q", "", s) for i, s in enumerate([100.0, 0.0, 0.0, 100.0])])
    frame["weight"] = [3.0, 1.0, 1.0, 1.0]
    q = item_scores(frame, by=["unit"], weight="weight").table.iloc[0]
    # p̂_w = (3 + 1)/6 = 2/3; Kish n_eff = 6²/(9 + 1 + 1 + 1) = 3; Wilson on 2 of 3.
    assert q["top_box"] == pytest.approx(2 / 3)
    assert q["n_eff"] == pytest.approx(3.0)
    assert q["top_box_n"] == pytest.approx(3.0)
    lower, upper = closed_form_wilson(2, 3)
    assert (q["top_box_lower"], q["top_box_upper"]) == pytest.approx((lower, upper), abs=1e-12)
    # weighted mean 400/6, linearised se² = 4/3 · Σ w²(y − ȳ)² / 36 (closed form).
    mean = 400 / 6
    resid = np.array([3 * (100 - mean), -mean, -mean, 100 - mean])
    assert q["mean"] == pytest.approx(mean)
    assert q["se"] == pytest.approx(math.sqrt(4 / 3 * np.sum(resid**2) / 36))


def test_pooling_instances_clusters_by_response() -> None:
    # Ten responses each answer q about the GP and the hospital, the same way both times.
    scores = [100.0, 100.0, 100.0, 50.0, 50.0, 0.0, 100.0, 0.0, 50.0, 100.0]
    rows = [
        ("u", f"r{i}", "q", place, s) for i, s in enumerate(scores) for place in ("gp", "acute")
    ]
    frame = answers(rows)
    pooled = item_scores(frame, by=["unit"]).table.iloc[0]
    per_place = item_scores(frame, by=["unit", "instance"]).table
    assert (pooled["n"], pooled["clusters"]) == (20, 10)
    assert sorted(per_place["instance"]) == ["acute", "gp"]
    assert (per_place["n"] == 10).all()
    # Twin answers carry no more information than one: the SE is that of the 10 answers.
    assert pooled["se"] == pytest.approx(np.std(scores, ddof=1) / math.sqrt(10))
    # Design effect of the twins for the top box, by hand: with p = 0.5 and n = 10
    # responses, v₁ = p(1−p)/(2n−1) and v_c = p(1−p)/(n−1), so the Wilson n is
    # 2n · (n−1)/(2n−1) = 20 · 9/19.
    assert pooled["top_box_n"] == pytest.approx(20 * 9 / 19)
    lower, _ = closed_form_wilson(0.5 * 20 * 9 / 19, 20 * 9 / 19)
    assert pooled["top_box_lower"] == pytest.approx(lower, abs=1e-12)
    assert "clustered by response_id" in item_scores(frame, by=["unit"]).method


def test_pooled_top_box_interval_covers_the_truth_about_95_percent() -> None:
    # Each response answers about 3 services; half the respondents are "happy" (top box
    # with probability 0.85 each time) and half not (0.15): true top-box share 0.5, and a
    # response's answers are strongly alike. Each unit is one repetition.
    rng = np.random.default_rng(11)
    reps, n, k = 1000, 80, 3
    happy = rng.random((reps, n, 1)) < 0.5
    top = rng.random((reps, n, k)) < np.where(happy, 0.85, 0.15)
    frame = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(reps), n * k),
            "response_id": np.tile(np.repeat(np.arange(n), k), reps),
            "item_id": "q",
            "instance": np.tile(["gp", "acute", "community"], reps * n),
            "score": np.where(top, 100.0, 50.0).ravel(),
        }
    )
    table = item_scores(frame, by=["unit"]).table
    covered = (table["top_box_lower"] <= 0.5) & (table["top_box_upper"] >= 0.5)
    assert 0.93 <= covered.mean() <= 0.97
    # Wilson on all 240 answers as if independent covers far less often.
    lower, upper = wilson_bounds(table["top_box"] * table["n"], table["n"].astype(float))
    assert ((lower <= 0.5) & (upper >= 0.5)).mean() < 0.9


def test_categorical_columns_give_the_same_table() -> None:
    plain = item_scores(HAND, by=["unit"]).table
    categorical = HAND.astype({c: "category" for c in ("unit", "response_id", "item_id")})
    table = item_scores(categorical, by=["unit"]).table
    pd.testing.assert_frame_equal(
        plain.astype({"unit": str, "item_id": str}),
        table.astype({"unit": str, "item_id": str}),
    )


def test_wilson_bounds_match_wilson_interval_for_whole_counts() -> None:
    x = np.array([0, 1, 7, 15, 81])
    n = np.array([20, 29, 7, 148, 263])
    lower, upper = wilson_bounds(x, n, level=0.9)
    for i in range(len(x)):
        reference = wilson_interval(int(x[i]), int(n[i]), level=0.9)
        assert lower[i] == pytest.approx(reference.lower, abs=1e-15)
        assert upper[i] == pytest.approx(reference.upper, abs=1e-15)
    assert np.isnan(wilson_bounds(np.array([0.0]), np.array([0.0]))[0]).all()


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (lambda f: f.assign(score=[120.0] + [50.0] * 8), ValueError, "outside 0 to 100 at row 0"),
        (lambda f: f.assign(score=[-1.0] + [50.0] * 8), ValueError, "outside 0 to 100"),
        (lambda f: f.assign(score="50"), TypeError, "'score' must be numeric"),
        (lambda f: f.drop(columns="item_id"), ValueError, "'item_id' missing"),
        (lambda f: f.drop(columns="unit"), ValueError, "'unit' missing"),
        (lambda f: f.assign(unit=[None] + ["u"] * 8), ValueError, "'unit' is missing a value"),
        (lambda f: f.assign(w=[0.0] + [1.0] * 8), ValueError, "'w' is not greater than 0"),
    ],
)
def test_rejects_bad_input(change, error, message) -> None:
    frame = change(HAND.assign(w=1.0))
    with pytest.raises(error, match=message):
        item_scores(frame, by=["unit"], weight="w")


def test_rejects_bad_options() -> None:
    with pytest.raises(ValueError, match="by must not name 'item_id'"):
        item_scores(HAND, by=["unit", "item_id"])
    with pytest.raises(TypeError, match="by must be a list"):
        item_scores(HAND, by="unit")
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        item_scores(HAND, by=["unit"], level=1.0)
