import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.journeys import journey_matrix
from analysis.score_groups import holm

NAN = float("nan")

# Counted by eye. gp → acute: 60, 80, 100 (and one unscored row); acute → community:
# 50, 70; community → gp: 90. Overall: 6 scored handovers, sum 450, mean 75.
HAND = pd.DataFrame(
    {
        "from_type": ["gp", "gp", "gp", "gp", "acute", "acute", "community"],
        "to_type": ["acute", "acute", "acute", "acute", "community", "community", "gp"],
        "score": [60.0, 80.0, 100.0, NAN, 50.0, 70.0, 90.0],
    }
)


def cells_by_move(result) -> dict:  # type: ignore[no-untyped-def]
    return {(c.from_type, c.to_type): c for c in result.cells}


def test_hand_counted_cells() -> None:
    result = journey_matrix(HAND, min_n=2, protect_total=False)
    cells = cells_by_move(result)
    assert set(cells) == {("gp", "acute"), ("acute", "community"), ("community", "gp")}
    gp_acute = cells["gp", "acute"]
    assert (gp_acute.n, gp_acute.mean) == (3, 80.0)
    assert gp_acute.se == pytest.approx(20 / math.sqrt(3))  # sd of 60, 80, 100 is 20
    t = stats.t.ppf(0.975, 2)
    assert gp_acute.lower == pytest.approx(80 - t * 20 / math.sqrt(3))
    assert gp_acute.upper == pytest.approx(100.0)  # 80 + 49.7 is clipped to the scale
    assert (cells["acute", "community"].n, cells["acute", "community"].mean) == (2, 60.0)
    small = cells["community", "gp"]
    assert small.suppression == "small_number"
    assert small.n is None and small.mean is None and small.flag == "not tested"
    assert (result.n, result.mean) == (6, 75.0)


def test_matrix_rows_are_from_and_columns_are_to() -> None:
    result = journey_matrix(HAND, min_n=2, protect_total=False)
    means, counts = result.means, result.counts
    assert list(means.index) == ["acute", "community", "gp"]
    assert list(means.columns) == ["acute", "community", "gp"]
    assert means.index.name == "from_type" and means.columns.name == "to_type"
    assert means.loc["gp", "acute"] == 80.0
    assert means.loc["acute", "community"] == 60.0
    assert np.isnan(means.loc["community", "gp"])  # suppressed
    assert np.isnan(means.loc["acute", "gp"])  # no handovers
    assert counts.loc["gp", "acute"] == 3
    assert counts.loc["acute", "gp"] == 0
    assert counts.loc["community", "gp"] is pd.NA


def test_secondary_suppression_protects_the_small_cell() -> None:
    # The one community → gp handover could be found as the total (6) minus the shown
    # cells (3 + 2), so the smallest shown cell is withheld too.
    cells = cells_by_move(journey_matrix(HAND, min_n=2))
    assert cells["community", "gp"].suppression == "small_number"
    assert cells["acute", "community"].suppression == "complementary"
    assert cells["acute", "community"].mean is None
    assert cells["gp", "acute"].suppression == "none"


def test_cell_against_rest_matches_scipy_and_holm_matches_statsmodels() -> None:
    rng = np.random.default_rng(31)
    moves = [("gp", "acute", 40, 70.0), ("acute", "gp", 25, 60.0), ("acute", "social", 60, 72.0)]
    moves += [("social", "gp", 12, 75.0), ("gp", "social", 5, 50.0)]
    scores = {(f, t): np.clip(rng.normal(m, 18, n), 0, 100) for f, t, n, m in moves}
    frame = pd.DataFrame(
        [(f, t, x) for (f, t), xs in scores.items() for x in xs],
        columns=["from_type", "to_type", "score"],
    )
    result = journey_matrix(frame, protect_total=False)
    cells = cells_by_move(result)
    tested = [move for move in scores if cells[move].flag != "not tested"]
    assert set(tested) == set(scores) - {("gp", "social")}  # n = 5 is suppressed
    raw = []
    for move in tested:
        rest = np.concatenate([xs for other, xs in scores.items() if other != move])
        welch = stats.ttest_ind(scores[move], rest, equal_var=False)
        assert cells[move].pvalue == pytest.approx(welch.pvalue, rel=1e-9)
        assert cells[move].rest_mean == pytest.approx(rest.mean())
        assert cells[move].difference == pytest.approx(scores[move].mean() - rest.mean())
        raw.append(welch.pvalue)
    adjusted = multipletests(raw, method="holm")[1]
    for move, expected in zip(tested, adjusted, strict=True):
        assert cells[move].adjusted_pvalue == pytest.approx(expected, rel=1e-9)
    assert "Holm over 4 cells" in result.test


@pytest.mark.parametrize(
    "pvalues",
    [[0.01, 0.04, 0.03, 0.005], [0.5, 0.5, 0.001], [0.2], [0.04, 0.01, 0.04, 0.9, 0.0]],
)
def test_holm_matches_statsmodels(pvalues: list[float]) -> None:
    expected = multipletests(pvalues, method="holm")[1]
    assert holm(np.array(pvalues)) == pytest.approx(expected)


TYPES = ["gp", "acute", "community", "social_care"]


def handovers(rng: np.random.Generator, n: int, bad: tuple[str, str] | None) -> pd.DataFrame:
    """`n` handovers for each of the 12 moves between four types, scored 0..100 in steps
    of 10 (binomial(10, 0.75) * 10, mean 75); the `bad` move has mean 60."""
    moves = [(f, t) for f in TYPES for t in TYPES if f != t]
    p = np.array([0.6 if move == bad else 0.75 for move in moves])
    return pd.DataFrame(
        {
            "from_type": np.repeat([f for f, _ in moves], n),
            "to_type": np.repeat([t for _, t in moves], n),
            "score": rng.binomial(10, np.repeat(p, n)) * 10.0,
        }
    )


def test_planted_bad_handover_is_flagged() -> None:
    rng = np.random.default_rng(32)
    repetitions, found, others = 50, 0, 0
    for _ in range(repetitions):
        result = journey_matrix(handovers(rng, 80, bad=("acute", "social_care")))
        failing = [(c.from_type, c.to_type) for c in result.failing]
        found += ("acute", "social_care") in failing
        others += len([move for move in failing if move != ("acute", "social_care")])
    # 15 points below, SE about 1.8: z near 8, always found.
    assert found == repetitions
    # Other cells sit slightly above the overall mean, which the bad cell drags down.
    assert others <= 2


def test_no_bad_handover_is_rarely_flagged() -> None:
    rng = np.random.default_rng(33)
    repetitions, corrected, uncorrected = 300, 0, 0
    for _ in range(repetitions):
        result = journey_matrix(handovers(rng, 30, bad=None))
        corrected += any(c.flag != "no significant difference" for c in result.cells)
        uncorrected += any(c.pvalue is not None and c.pvalue < 0.05 for c in result.cells)
    # Holm keeps the chance of any false flag at or below 5%; one binomial sd (0.0126
    # over 300 repetitions) of tolerance.
    assert corrected / repetitions <= 0.0626
    # Testing 12 cells each at 5% without correction flags something far more often.
    assert uncorrected / repetitions >= 0.25


def test_categorical_types_keep_their_order() -> None:
    order = ["gp", "community", "acute"]
    frame = HAND.assign(
        from_type=pd.Categorical(HAND["from_type"], categories=order),
        to_type=pd.Categorical(HAND["to_type"], categories=order),
    )
    result = journey_matrix(frame, min_n=2, protect_total=False)
    assert list(result.means.index) == order and list(result.means.columns) == order


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"from_col": "from"}, ValueError, "from_col='from' is not a column of frame"),
        ({"value": "rating"}, ValueError, "value='rating' is not a column"),
        ({"to_col": "from_type"}, ValueError, "from_col and to_col must be different"),
        ({"min_n": 1}, ValueError, "min_n must be at least 2"),
        ({"level": 95}, ValueError, "level must be strictly between 0 and 1"),
        ({"protect_total": "yes"}, TypeError, "protect_total must be True or False"),
    ],
)
def test_bad_arguments(arguments: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        journey_matrix(HAND, **arguments)  # type: ignore[arg-type]


def test_bad_frames() -> None:
    no_type = HAND.assign(to_type=["acute", None, "acute", "acute", "community", "x", "gp"])
    with pytest.raises(ValueError, match="column 'to_type' is missing a service type at row 1"):
        journey_matrix(no_type)
    # An unscored row with no type is dropped like any unscored row.
    unscored = HAND.assign(to_type=["acute", "acute", "acute", None, "community", "x", "gp"])
    assert journey_matrix(unscored, min_n=2).n == 6
    with pytest.raises(ValueError, match="column 'score' is outside 0 to 100 at row 2"):
        journey_matrix(HAND.assign(score=[1.0, 2.0, -3.0, 1.0, 1.0, 1.0, 1.0]))
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        journey_matrix(HAND.to_dict())  # type: ignore[arg-type]
