import math

import numpy as np
import pandas as pd
import pytest

from analysis.composites import COMPOSITE_COLUMNS, domain_composites

NAN = float("nan")
# A per-service domain of 4 items, a once-asked domain of 3 items, one item in no domain.
DOMAINS = {"care": ["a1", "a2", "a3", "a4"], "overall": ["b1", "b2", "b3"]}


def answers(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    """``(response_id, item_id, instance, score)`` rows."""
    return pd.DataFrame(rows, columns=["response_id", "item_id", "instance", "score"])


HAND = answers(
    [
        # r1, GP: all 4 care items -> (100 + 50 + 50 + 0)/4 = 50.
        ("r1", "a1", "gp", 100.0),
        ("r1", "a2", "gp", 50.0),
        ("r1", "a3", "gp", 50.0),
        ("r1", "a4", "gp", 0.0),
        # r1, hospital: 1 of 4 answered -> not scored; separate from the GP.
        ("r1", "a1", "acute", 100.0),
        ("r1", "a2", "acute", NAN),
        # r2, GP: exactly half (2 of 4) -> scored (100 + 0)/2 = 50.
        ("r2", "a1", "gp", 100.0),
        ("r2", "a3", "gp", 0.0),
        # r3, GP: 3 rows but one is "don't know", so 2 of 4 -> (50 + 100)/2 = 75.
        ("r3", "a1", "gp", 50.0),
        ("r3", "a2", "gp", NAN),
        ("r3", "a4", "gp", 100.0),
        # overall (3 items, asked once): r1 2 of 3 -> 50; r2 1 of 3 -> not scored.
        ("r1", "b1", "", 100.0),
        ("r1", "b3", "", 0.0),
        ("r2", "b2", "", 100.0),
        # an item in no domain is ignored.
        ("r2", "x9", "", 100.0),
    ]
)

EXPECTED = {  # (response, instance, domain): (score, items answered), counted by eye
    ("r1", "gp", "care"): (50.0, 4),
    ("r1", "acute", "care"): (NAN, 1),
    ("r2", "gp", "care"): (50.0, 2),
    ("r3", "gp", "care"): (75.0, 2),
    ("r1", "", "overall"): (50.0, 2),
    ("r2", "", "overall"): (NAN, 1),
}


def as_dict(table: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, int]]:
    return {
        (r.response_id, r.instance, r.domain_id): (r.score, r.items_answered)
        for r in table.itertuples()
    }


def same(got: dict, expected: dict) -> bool:
    if got.keys() != expected.keys():
        return False
    return all(
        got[key][1] == expected[key][1]
        and (
            (math.isnan(got[key][0]) and math.isnan(expected[key][0]))
            or got[key][0] == pytest.approx(expected[key][0])
        )
        for key in expected
    )


def test_half_rule_and_separate_instances_counted_by_eye() -> None:
    result = domain_composites(HAND, DOMAINS)
    assert tuple(result.table.columns) == COMPOSITE_COLUMNS
    assert same(as_dict(result.table), EXPECTED)
    # 4 items need 2 (exactly half is enough); 3 items need 2 (1.5 rounded up).
    assert dict(result.items_required) == {"care": 2, "overall": 2}
    assert "care 2 of 4" in result.method


def test_rows_sorted_by_domain_then_instance_then_response() -> None:
    table = domain_composites(HAND, DOMAINS).table
    keys = list(zip(table["domain_id"], table["instance"], table["response_id"], strict=True))
    assert keys == [
        ("care", "acute", "r1"),
        ("care", "gp", "r1"),
        ("care", "gp", "r2"),
        ("care", "gp", "r3"),
        ("overall", "", "r1"),
        ("overall", "", "r2"),
    ]


def test_categorical_input_gives_the_same_composites() -> None:
    categorical = HAND.astype({c: "category" for c in ("response_id", "item_id", "instance")})
    assert same(as_dict(domain_composites(categorical, DOMAINS).table), EXPECTED)


def test_min_fraction_per_domain() -> None:
    result = domain_composites(HAND, DOMAINS, min_fraction={"care": 0.75, "overall": 1 / 3})
    got = as_dict(result.table)
    # care now needs 3 of 4: only r1's GP composite stays; overall needs 1 of 3.
    assert got["r1", "gp", "care"] == (50.0, 4)
    assert math.isnan(got["r2", "gp", "care"][0]) and math.isnan(got["r3", "gp", "care"][0])
    assert got["r2", "", "overall"] == (100.0, 1)
    assert dict(result.items_required) == {"care": 3, "overall": 1}


def test_all_items_required() -> None:
    got = as_dict(domain_composites(HAND, DOMAINS, min_fraction=1.0).table)
    scored = {key for key, (score, _) in got.items() if not math.isnan(score)}
    assert scored == {("r1", "gp", "care")}


def test_only_dont_know_gives_no_row_and_no_domain_answers_give_empty_table() -> None:
    only_dont_know = answers([("r1", "a1", "gp", NAN), ("r1", "a2", "gp", NAN)])
    table = domain_composites(only_dont_know, DOMAINS).table
    assert len(table) == 0
    assert tuple(table.columns) == COMPOSITE_COLUMNS


def test_many_responses_match_a_plain_groupby() -> None:
    # Independent reference: pandas groupby mean/count over the same rule.
    rng = np.random.default_rng(3)
    n = 4000
    frame = answers(
        [
            (f"r{rng.integers(500)}", item, place, s)
            for item, place, s in zip(
                rng.choice(["a1", "a2", "a3", "a4", "b1", "b2", "b3"], n),
                rng.choice(["gp", "acute", "community"], n),
                rng.choice([0.0, 50.0, 100.0, NAN], n),
                strict=True,
            )
        ]
    )
    frame.loc[frame["item_id"].str.startswith("b"), "instance"] = ""
    frame = frame.drop_duplicates(["response_id", "item_id", "instance"])
    table = domain_composites(frame, DOMAINS).table
    scored = frame.dropna(subset=["score"]).assign(
        domain_id=lambda f: np.where(f["item_id"].str.startswith("a"), "care", "overall")
    )
    reference = scored.groupby(["response_id", "instance", "domain_id"])["score"].agg(
        ["mean", "count"]
    )
    reference.loc[reference["count"] < 2, "mean"] = NAN
    got = table.set_index(["response_id", "instance", "domain_id"])[["score", "items_answered"]]
    got.index = got.index.set_levels([level.astype(str) for level in got.index.levels])
    joined = reference.join(got, how="outer")
    assert len(joined) == len(reference) == len(table)
    assert (joined["count"] == joined["items_answered"]).all()
    np.testing.assert_allclose(joined["mean"], joined["score"], equal_nan=True)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("r1", "a1", "gp", 100.0), ("r1", "a1", "gp", 50.0)], "response 'r1' answers an item"),
        ([("r1", "a1", "gp", 101.0)], "outside 0 to 100 at row 0"),
        (
            [("r1", "x9", "gp", 50.0), ("r1", "a1", None, 50.0)],
            "'instance' is missing a value at row 1",
        ),
        ([("r1", None, "gp", 50.0)], "'item_id' is missing a value at row 0"),
    ],
)
def test_rejects_bad_answers(rows, message) -> None:
    with pytest.raises(ValueError, match=message):
        domain_composites(answers(rows), DOMAINS)


def test_rejects_missing_columns() -> None:
    with pytest.raises(ValueError, match="'instance' missing"):
        domain_composites(HAND.drop(columns="instance"), DOMAINS)


@pytest.mark.parametrize(
    ("domains", "min_fraction", "error", "message"),
    [
        ({}, 0.5, TypeError, "non-empty mapping"),
        ({"d": "a1"}, 0.5, TypeError, "must be a non-empty list"),
        ({"d": []}, 0.5, TypeError, "must be a non-empty list"),
        ({"d": ["a1", "a1"]}, 0.5, ValueError, "item 'a1' is listed twice"),
        ({"d": ["a1"], "e": ["a1"]}, 0.5, ValueError, "item 'a1' is listed also in 'd'"),
        ({"d": ["a1"]}, 0.0, ValueError, "greater than 0 and at most 1"),
        ({"d": ["a1"]}, 1.5, ValueError, "greater than 0 and at most 1"),
        ({"d": ["a1"]}, {"e": 0.5}, ValueError, "unknown: \\['e'\\], missing: \\['d'\\]"),
        ({"d": ["a1"]}, "half", TypeError, "must be a number"),
    ],
)
def test_rejects_bad_domains(domains, min_fraction, error, message) -> None:
    with pytest.raises(error, match=message):
        domain_composites(HAND, domains, min_fraction=min_fraction)


def test_large_domain_half_rule_and_repeat_check() -> None:
    # 60 items: too many for the bit check, so the other duplicate check runs.
    items = [f"i{j:02d}" for j in range(60)]
    rows = [("r1", item, "", 100.0) for item in items[:30]]  # exactly half
    rows += [("r2", item, "", 0.0) for item in items[:29]]  # one short
    table = domain_composites(answers(rows), {"big": items}).table
    assert as_dict(table)["r1", "", "big"] == (100.0, 30)
    assert math.isnan(as_dict(table)["r2", "", "big"][0])
    with pytest.raises(ValueError, match="response 'r2' answers an item of domain 'big' twice"):
        domain_composites(answers([*rows, ("r2", "i05", "", 50.0)]), {"big": items})


def test_a_rare_instance_among_many_responses_is_scored_and_checked_alike() -> None:
    # 200 responses rate their GP; three rate a rare service: that block holds far fewer
    # rows than there are responses, so its responses are numbered compactly.
    rows = [(f"r{i:03d}", item, "gp", 50.0) for i in range(200) for item in ("a1", "a2")]
    rows += [
        ("r150", "a1", "rare", 100.0),
        ("r150", "a2", "rare", 0.0),  # half of 4 -> (100 + 0)/2 = 50
        ("r007", "a3", "rare", 100.0),  # 1 of 4 -> not scored
        ("r199", "a1", "rare", 100.0),
        ("r199", "a2", "rare", 100.0),
        ("r199", "a4", "rare", 50.0),  # 3 of 4 -> 250/3
    ]
    table = domain_composites(answers(rows), DOMAINS).table
    got = as_dict(table)
    assert got["r150", "rare", "care"] == (50.0, 2)
    assert math.isnan(got["r007", "rare", "care"][0])
    assert got["r199", "rare", "care"] == (pytest.approx(250 / 3), 3)
    rare = table[table["instance"] == "rare"]
    assert list(rare["response_id"].astype(str)) == ["r007", "r150", "r199"]
    with pytest.raises(ValueError, match="response 'r199' answers an item of domain 'care'"):
        domain_composites(answers([*rows, ("r199", "a4", "rare", 0.0)]), DOMAINS)
