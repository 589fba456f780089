import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.redact import redact_all
from analysis.simulate_comments import simulate_comments
from analysis.themes import MIN_COMMENTS_PER_THEME, find_themes

# The words each planted theme's sentences are built around (see comment_phrases.py).
KEY_WORDS = {
    "waiting": {"waiting", "wait", "waited"},
    "staff": {"staff", "kind", "nurses"},
    "communication": {"hospital", "gp", "information", "letter"},
    "discharge": {"discharge", "discharged", "home"},
    "parking": {"parking", "car park", "spaces"},
}


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    frame = simulate_comments(np.random.default_rng(31), 1500).frame
    return frame.assign(redacted=redact_all(frame["comment"]).texts)


@pytest.fixture(scope="module")
def found(planted: pd.DataFrame):
    return find_themes(planted["redacted"], n_themes=5, random_state=0)


def test_each_planted_theme_is_found_with_its_key_words(found) -> None:
    matched = set()
    for theme, words in KEY_WORDS.items():
        # Exactly one found theme carries at least two of the planted theme's key words.
        hits = [t.number for t in found.themes if len(words & set(t.top_terms)) >= 2]
        assert len(hits) == 1, (theme, [t.top_terms for t in found.themes])
        matched.add(hits[0])
    assert matched == {1, 2, 3, 4, 5}


def test_dominant_theme_agrees_with_the_planted_theme(planted: pd.DataFrame, found) -> None:
    assert adjusted_rand_score(planted["theme"], found.assignments) >= 0.8
    assert found.n == found.n_assigned == len(planted)
    sizes = [t.n for t in found.themes]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(sizes) == len(planted)
    assert sum(t.share for t in found.themes) == pytest.approx(1.0)
    for theme in found.themes:
        # Each planted theme was drawn with probability 1/5: 300 expected, sd about 15.
        assert abs(theme.n - 300) < 4 * np.sqrt(1500 * 0.2 * 0.8)
        assert theme.n == int(np.sum(found.assignments == theme.number))


def test_examples_are_distinct_redacted_comments_of_their_theme(
    planted: pd.DataFrame, found
) -> None:
    for theme in found.themes:
        assert len(theme.examples) == len(set(theme.examples)) == 3
        assert len(theme.top_terms) == 8
        members = set(planted["redacted"][found.assignments == theme.number])
        assert set(theme.examples) <= members
        planted_themes = set(planted["theme"][planted["redacted"].isin(theme.examples)])
        assert len(planted_themes) == 1


def test_redaction_labels_do_not_become_terms(found) -> None:
    terms = {term for theme in found.themes for term in theme.top_terms}
    assert not terms & {"name", "nhs", "number", "phone", "email", "postcode", "date"}


def test_same_input_same_result(planted: pd.DataFrame, found) -> None:
    again = find_themes(planted["redacted"], n_themes=5, random_state=0)
    assert [t.top_terms for t in again.themes] == [t.top_terms for t in found.themes]
    assert np.array_equal(again.assignments, found.assignments)


def test_blank_comments_get_no_theme() -> None:
    comments = [
        "parking car park full",
        "parking charges car park",
        "waiting room long wait",
        "long wait waiting room",
        "",
        None,
        "the and of",
    ] * 5
    result = find_themes(comments, n_themes=2, random_state=0, examples=1, top_terms=3)
    assert result.n == 35
    assert result.n_assigned == 20
    assert (result.assignments[4::7] == 0).all()
    assert (result.assignments[5::7] == 0).all()
    assert (result.assignments[6::7] == 0).all()
    assert sorted(t.n for t in result.themes) == [10, 10]
    parking_words = {"parking", "car", "park", "car park", "parking car", "charges", "full"}
    parking = next(t for t in result.themes if set(t.top_terms) <= parking_words)
    waiting = next(t for t in result.themes if t is not parking)
    assert not set(waiting.top_terms) & parking_words
    assert parking.examples[0].startswith("parking")
    assert "wait" in waiting.examples[0]


def test_too_few_comments_for_the_themes_asked() -> None:
    comments = ["parking was awful", "parking was fine", "the wait was long"] * 3
    with pytest.raises(ValueError, match="too few comments for 2 theme"):
        find_themes(comments, n_themes=2, random_state=0)
    result = find_themes(comments, n_themes=1, random_state=0)
    assert result.themes[0].n == 9
    assert MIN_COMMENTS_PER_THEME * 2 > 9


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"comments": "one string"}, TypeError, "not a single string"),
        ({"comments": ["ok", 7]}, TypeError, "position 1 is int"),
        ({"n_themes": 0}, ValueError, "n_themes must be at least 1"),
        ({"n_themes": 2.5}, TypeError, "n_themes must be a whole number"),
        ({"top_terms": 0}, ValueError, "top_terms must be at least 1"),
        ({"examples": -1}, ValueError, "examples must be at least 0"),
        ({"comments": ["", " "] * 20}, ValueError, "too few comments"),
    ],
)
def test_bad_input(options: dict, error: type[Exception], message: str) -> None:
    arguments = {"comments": ["parking"] * 20, "n_themes": 1, "random_state": 0} | options
    with pytest.raises(error, match=message):
        find_themes(**arguments)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"themes": ["parking", "weather"]}, ValueError, "themes must be distinct names"),
        ({"themes": "parking"}, TypeError, "not a single string"),
        ({"themes": {"parking": -1.0, "staff": 2.0}}, ValueError, "non-negative"),
        ({"ratings": [50.0] * 9}, ValueError, "one rating per comment"),
        ({"agreement": 0.4}, ValueError, "agreement must be between 0.5 and 1"),
        ({"identifier_rate": 1.5}, ValueError, "identifier_rate must be between 0.0 and 1"),
    ],
)
def test_simulate_comments_bad_input(options: dict, error: type[Exception], message: str) -> None:
    arguments = {"n": 10} | options
    with pytest.raises(error, match=message):
        simulate_comments(np.random.default_rng(0), **arguments)


def test_simulate_comments_plants_the_weighted_themes() -> None:
    weights = {"parking": 3.0, "staff": 1.0}
    frame = simulate_comments(np.random.default_rng(32), 4000, themes=weights).frame
    share = float(np.mean(frame["theme"] == "parking"))
    assert abs(share - 0.75) < 4 * np.sqrt(0.75 * 0.25 / 4000)
    again = simulate_comments(np.random.default_rng(32), 4000, themes=weights).frame
    assert again.equals(frame)
