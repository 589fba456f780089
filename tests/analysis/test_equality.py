import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from analysis.equality import equality_gaps

NAN = float("nan")

# Counted by eye. female: 80, 90, 100, 70 (and one unscored row); male: 50, 60, 70;
# "Prefer not to say": 10, 20; sex left blank: 40.
HAND = pd.DataFrame(
    {
        "score": [80.0, 90.0, 100.0, 70.0, NAN, 50.0, 60.0, 70.0, 10.0, 20.0, 40.0],
        "sex": [
            "female",
            "female",
            "female",
            "female",
            "female",
            "male",
            "male",
            "male",
            "Prefer not to say",
            "Prefer not to say",
            None,
        ],
    }
)


def groups_by_name(result, characteristic: str = "sex") -> dict:  # type: ignore[no-untyped-def]
    (gaps,) = [c for c in result.characteristics if c.characteristic == characteristic]
    return {g.group: g for g in gaps.groups}


def test_hand_counted_groups() -> None:
    result = equality_gaps(
        HAND, value="score", characteristics=["sex"], min_n=2, protect_total=False
    )
    groups = groups_by_name(result)
    assert list(groups) == ["female", "male", "Prefer not to say", "missing"]
    female, male = groups["female"], groups["male"]
    assert (female.n, female.mean) == (4, 85.0)
    assert (male.n, male.mean) == (3, 60.0)
    # female sd = sqrt((25 + 25 + 225 + 225) / 3); male sd = 10.
    assert female.se == pytest.approx(math.sqrt(500 / 3) / 2)
    assert male.se == pytest.approx(10 / math.sqrt(3))
    t = stats.t.ppf(0.975, 2)
    assert male.lower == pytest.approx(60 - t * 10 / math.sqrt(3))
    assert male.upper == pytest.approx(60 + t * 10 / math.sqrt(3))
    unsaid = groups["Prefer not to say"]
    assert (unsaid.n, unsaid.mean, unsaid.stated) == (2, 15.0, False)
    missing = groups["missing"]
    assert missing.suppression == "small_number" and missing.suppressed
    assert missing.n is None and missing.mean is None and missing.lower is None
    assert female.stated and male.stated and not missing.stated


def test_hand_counted_gap_excludes_not_stated() -> None:
    # "Prefer not to say" (mean 15) is the lowest group but never part of the gap.
    result = equality_gaps(
        HAND, value="score", characteristics=["sex"], min_n=2, protect_total=False
    )
    gap = result.characteristics[0].gap
    assert gap is not None
    assert (gap.higher_group, gap.lower_group, gap.pairs, gap.n) == ("female", "male", 1, 7)
    assert gap.difference == pytest.approx(25.0)
    # Welch by hand: var/n = (500/3)/4 and 100/3, SE = sqrt(75);
    # df = 75² / ((125/3)²/3 + (100/3)²/2).
    df = 75**2 / ((125 / 3) ** 2 / 3 + (100 / 3) ** 2 / 2)
    assert gap.se == pytest.approx(math.sqrt(75))
    assert gap.df == pytest.approx(df)
    half = stats.t.ppf(0.975, df) * math.sqrt(75)
    assert (gap.lower, gap.upper) == pytest.approx((25 - half, 25 + half))
    welch = stats.ttest_ind([80, 90, 100, 70], [50, 60, 70], equal_var=False)
    assert gap.pvalue == pytest.approx(welch.pvalue)
    assert gap.adjusted_pvalue == pytest.approx(welch.pvalue)  # one pair: nothing to adjust
    assert gap.significant == (welch.pvalue < 0.05)


def test_secondary_suppression_protects_the_blank_group() -> None:
    # The one blank answer could be found as total minus the groups shown, so the
    # smallest shown group ("Prefer not to say", n = 2) is withheld as well.
    groups = groups_by_name(equality_gaps(HAND, value="score", characteristics=["sex"], min_n=2))
    assert groups["missing"].suppression == "small_number"
    assert groups["Prefer not to say"].suppression == "complementary"
    assert groups["Prefer not to say"].mean is None
    assert groups["female"].suppression == "none"


def test_too_few_groups_gives_no_gap() -> None:
    result = equality_gaps(HAND, value="score", characteristics=["sex"], min_n=4)
    groups = groups_by_name(result)
    assert groups["male"].suppression == "small_number"
    assert result.characteristics[0].gap is None
    assert "fewer than two stated groups" in result.characteristics[0].note


def test_matches_statsmodels_welch_with_bonferroni() -> None:
    rng = np.random.default_rng(21)
    sizes = {"a": 40, "b": 25, "c": 60, "d": 15}
    shifts = {"a": 0.0, "b": -6.0, "c": 3.0, "d": -1.0}
    data = {g: np.clip(rng.normal(70 + shifts[g], 15, n), 0, 100) for g, n in sizes.items()}
    frame = pd.DataFrame(
        {
            "score": np.concatenate(list(data.values())),
            "group": np.repeat(list(sizes), list(sizes.values())),
        }
    )
    gap = equality_gaps(frame, value="score", characteristics=["group"]).characteristics[0].gap
    assert gap is not None
    means = {g: x.mean() for g, x in data.items()}
    high, low = max(means, key=means.get), min(means, key=means.get)  # type: ignore[arg-type]
    assert (gap.higher_group, gap.lower_group, gap.pairs) == (high, low, 6)
    # statsmodels, independently: Welch interval at 1 - 0.05/6 and Bonferroni p-values
    # over all six pairwise Welch tests.
    compare = CompareMeans(DescrStatsW(data[high]), DescrStatsW(data[low]))
    lower, upper = compare.tconfint_diff(alpha=0.05 / 6, usevar="unequal")
    assert (gap.lower, gap.upper) == pytest.approx((lower, upper), rel=1e-10)
    _, p_high_low, _ = compare.ttest_ind(usevar="unequal")
    assert gap.pvalue == pytest.approx(p_high_low, rel=1e-10)
    names = list(sizes)
    pairs = [(x, y) for i, x in enumerate(names) for y in names[i + 1 :]]
    raw = [stats.ttest_ind(data[x], data[y], equal_var=False).pvalue for x, y in pairs]
    adjusted = multipletests(raw, method="bonferroni")[1]
    index = pairs.index(tuple(sorted((high, low))))
    assert gap.adjusted_pvalue == pytest.approx(adjusted[index], rel=1e-10)


def grouped_scores(rng: np.random.Generator, groups: int, n: int, shift: float) -> pd.DataFrame:
    """Scores on 0..100 in steps of 10 (binomial(10, 0.7) * 10, mean 70, sd 14.5);
    the last group is moved down by `shift` points (exactly, by subtracting from the
    binomial's success probability: 10 * 10 * 0.07 = 7 points per 0.07)."""
    p = np.full(groups, 0.7)
    p[-1] -= shift / 100
    draws = rng.binomial(10, np.repeat(p, n)) * 10.0
    labels = [f"g{i}" for i in range(groups)]
    return pd.DataFrame({"score": draws, "group": pd.Categorical(np.repeat(labels, n))})


def test_planted_gap_is_recovered_flagged_and_covered() -> None:
    rng = np.random.default_rng(22)
    repetitions, flagged, covered = 150, 0, 0
    for _ in range(repetitions):
        frame = grouped_scores(rng, groups=5, n=150, shift=7.0)
        result = equality_gaps(frame, value="score", characteristics=["group"])
        gap = result.characteristics[0].gap
        assert gap is not None
        assert gap.lower_group == "g4"
        flagged += gap.significant
        covered += gap.lower <= 7.0 <= gap.upper
    # SE of a gap is about 1.7 points, so 7 points is z = 4 against a Bonferroni
    # critical value near 2.8: power is about 99%.
    assert flagged / repetitions >= 0.95
    # The simultaneous interval covers every pair's true gap at least 95% of the time,
    # even after picking the largest (about 99% here; an unadjusted Welch interval
    # covers about 94%, as the largest of the four unshifted groups is biased upwards).
    assert covered / repetitions >= 0.95


def test_no_gap_is_rarely_flagged() -> None:
    rng = np.random.default_rng(23)
    repetitions, corrected, uncorrected = 300, 0, 0
    for _ in range(repetitions):
        frame = grouped_scores(rng, groups=6, n=40, shift=0.0)
        gap = equality_gaps(frame, value="score", characteristics=["group"]).characteristics[0].gap
        assert gap is not None and gap.pairs == 15
        corrected += gap.significant
        uncorrected += gap.pvalue < 0.05
    # Bonferroni keeps the family-wise rate at or below 5%; the tolerance is one
    # binomial sd (0.0126 over 300) above it.
    assert corrected / repetitions <= 0.0626
    # Without the correction, picking the largest of 15 pairs is "significant" far more
    # often than 5%, which is why the correction is needed.
    assert uncorrected / repetitions >= 0.2


def test_labels_order_and_several_characteristics() -> None:
    frame = pd.DataFrame(
        {
            "score": [50.0, 60.0, 70.0, 80.0] * 5,
            "quintile": [1, 2, 3, 4, 5] * 4,
            "age_band": pd.Categorical(
                ["age_85_plus", "age_18_24"] * 10, categories=["age_18_24", "age_85_plus"]
            ),
        }
    )
    result = equality_gaps(frame, value="score", characteristics=["quintile", "age_band"], min_n=4)
    assert [c.characteristic for c in result.characteristics] == ["quintile", "age_band"]
    assert list(groups_by_name(result, "quintile")) == ["1", "2", "3", "4", "5"]
    assert list(groups_by_name(result, "age_band")) == ["age_18_24", "age_85_plus"]
    table = result.to_frame()
    assert len(table) == 7 and table["n"].sum() == 40


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"value": "rating", "characteristics": ["sex"]}, ValueError, "value='rating' is not"),
        (
            {"value": "score", "characteristics": ["age"]},
            ValueError,
            "characteristics\\[0\\]='age'",
        ),
        ({"value": "score", "characteristics": "sex"}, TypeError, "not a single string"),
        ({"value": "score", "characteristics": []}, ValueError, "at least one column"),
        ({"value": "score", "characteristics": ["sex", "sex"]}, ValueError, "repeats"),
        ({"value": "score", "characteristics": ["score"]}, ValueError, "cannot also be"),
        ({"value": "score", "characteristics": ["sex"], "min_n": 1}, ValueError, "at least 2"),
        ({"value": "score", "characteristics": ["sex"], "level": 0}, ValueError, "level"),
        (
            {"value": "score", "characteristics": ["sex"], "not_stated": "prefer"},
            TypeError,
            "not_stated",
        ),
    ],
)
def test_bad_arguments(arguments: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        equality_gaps(HAND, **arguments)  # type: ignore[arg-type]


def test_bad_scores() -> None:
    with pytest.raises(ValueError, match="column 'score' is outside 0 to 100 at row 1"):
        equality_gaps(
            HAND.assign(score=[1.0, 101.0] + [1.0] * 9), value="score", characteristics=["sex"]
        )
    with pytest.raises(ValueError, match="column 'score' must be numeric"):
        equality_gaps(HAND.assign(score="high"), value="score", characteristics=["sex"])
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        equality_gaps({"score": [1.0]}, value="score", characteristics=["sex"])  # type: ignore[arg-type]
