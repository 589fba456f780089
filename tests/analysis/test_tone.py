import numpy as np
import pandas as pd
import pytest

from analysis.redact import redact_all
from analysis.simulate_comments import simulate_comments
from analysis.tone import ToneModel, train_tone


def labelled(frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Comments rated 0–40 or 70–100, with the label the default thresholds give them."""
    keep = (frame["rating"] >= 70) | (frame["rating"] <= 40)
    label = np.where(frame["rating"][keep] >= 70, "positive", "negative")
    return redact_all(frame["comment"][keep]).texts, label


@pytest.fixture(scope="module")
def trained() -> tuple[ToneModel, pd.DataFrame]:
    rng = np.random.default_rng(41)
    train = simulate_comments(rng, 1200, agreement=0.9).frame
    held_out = simulate_comments(rng, 3000, agreement=0.9).frame
    model = train_tone(redact_all(train["comment"]).texts, train["rating"], random_state=0)
    return model, held_out


def test_cross_validated_accuracy_matches_a_held_out_set(trained) -> None:
    model, held_out = trained
    comments, label = labelled(held_out)
    held_out_accuracy = float(np.mean(model.predict(comments) == label))
    # Words agree with the rating's side 90% of the time, so no classifier can do much
    # better than 0.9 against the rating; a good one gets close. The CV estimate from about
    # 1,000 comments has a standard error near 0.01, so it should be within 0.04 of the
    # accuracy on 2,500 new comments.
    assert 0.84 <= held_out_accuracy <= 0.93
    assert abs(model.accuracy.estimate - held_out_accuracy) < 0.04
    assert model.accuracy.lower - 0.02 < held_out_accuracy < model.accuracy.upper + 0.02
    assert model.balanced_accuracy > 0.8


def test_predicts_the_tone_of_the_words_for_unrated_comments(trained) -> None:
    model, held_out = trained
    predicted = model.predict(held_out["comment"])
    assert set(predicted) == {"positive", "negative"}
    assert np.mean(predicted == held_out["tone"].to_numpy()) > 0.95
    p = model.probability_positive(held_out["comment"])
    assert ((p >= 0) & (p <= 1)).all()
    assert np.array_equal(predicted == "positive", p >= 0.5)


def test_counts_and_recalls_fit_together(trained) -> None:
    model, _ = trained
    assert model.accuracy.n == model.n_positive + model.n_negative
    assert model.recall_positive.n == model.n_positive
    assert model.recall_negative.n == model.n_negative
    assert (
        model.accuracy.successes
        == model.recall_positive.successes + model.recall_negative.successes
    )
    assert model.balanced_accuracy == pytest.approx(
        (model.recall_positive.estimate + model.recall_negative.estimate) / 2
    )
    assert model.n_positive + model.n_negative + model.n_ignored + model.n_unrated == 1200
    assert model.folds == 5
    assert "5-fold" in model.method


def test_words_unrelated_to_the_rating_give_chance_accuracy() -> None:
    # With agreement 0.5 the words carry no information about the rating: an honest
    # out-of-fold estimate is near 0.5 balanced accuracy; scoring on the training data
    # would report far more.
    frame = simulate_comments(np.random.default_rng(42), 1200, agreement=0.5).frame
    model = train_tone(frame["comment"], frame["rating"], random_state=1)
    assert abs(model.balanced_accuracy - 0.5) < 0.07


def test_simulated_tone_follows_the_rating_with_the_given_agreement() -> None:
    ratings = np.repeat([0.0, 40.0, 50.0, 60.0, 70.0, 100.0, np.nan], 1000)
    frame = simulate_comments(np.random.default_rng(43), len(ratings), ratings=ratings).frame
    positive = (frame["tone"] == "positive").to_numpy()
    sd = np.sqrt(0.9 * 0.1 / 2000)  # binomial standard error of a share of 2,000
    assert abs(positive[frame["rating"] >= 70].mean() - 0.9) < 4 * sd
    assert abs(positive[frame["rating"] <= 40].mean() - 0.1) < 4 * sd
    middle = frame["rating"].between(41, 69) | frame["rating"].isna()
    assert abs(positive[middle].mean() - 0.5) < 4 * np.sqrt(0.25 / 3000)
    assert frame["rating"].isna().sum() == 1000


POSITIVE = "Lovely kind staff, everything went well."
NEGATIVE = "Rude staff and a terrible long wait."
# Ratings counted by eye against the default thresholds (positive >= 70, negative <= 40):
#            pos  pos  pos  mid  mid  mid  neg  neg  neg  unrated
RATINGS = [100.0, 80, 70, 60, 50, 41, 40, 20, 0, np.nan]
TEXTS = [POSITIVE] * 3 + [POSITIVE, NEGATIVE, NEGATIVE] + [NEGATIVE] * 3 + [POSITIVE]


def test_labels_follow_the_thresholds() -> None:
    model = train_tone(TEXTS * 5, RATINGS * 5, random_state=0, min_per_class=5)
    assert (model.n_positive, model.n_negative, model.n_ignored, model.n_unrated) == (
        15,
        15,
        15,
        5,
    )
    assert model.accuracy.estimate == 1.0
    assert model.predict(["staff were lovely and kind", "terrible rude wait"]).tolist() == [
        "positive",
        "negative",
    ]
    narrow = train_tone(
        TEXTS * 5,
        RATINGS * 5,
        positive_from=80,
        negative_to=20,
        random_state=0,
        min_per_class=5,
    )
    assert (narrow.n_positive, narrow.n_negative, narrow.n_ignored) == (10, 10, 25)


def test_refuses_too_few_labelled_comments_of_a_tone() -> None:
    ratings = [90.0] * 30 + [10.0] * 4 + [np.nan] * 10
    texts = [POSITIVE] * 30 + [NEGATIVE] * 14
    with pytest.raises(ValueError, match=r"30 positive .* and 4 negative .* at least 20"):
        train_tone(texts, ratings, random_state=0)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"comments": "one string"}, TypeError, "not a single string"),
        ({"ratings": [90.0] * 49}, ValueError, r"one rating per comment \(50\)"),
        ({"ratings": [90.0] * 49 + [101.0]}, ValueError, "position 49 is 101"),
        ({"ratings": ["high"] * 50}, TypeError, "ratings must be numbers"),
        ({"positive_from": 40, "negative_to": 70}, ValueError, "negative_to < positive_from"),
        ({"positive_from": "70"}, TypeError, "positive_from must be a number"),
        ({"folds": 1}, ValueError, "folds must be at least 2"),
        ({"min_per_class": 3}, ValueError, "min_per_class must be at least 5"),
        ({"level": 95}, ValueError, "level must be strictly between 0 and 1"),
    ],
)
def test_bad_input(options: dict, error: type[Exception], message: str) -> None:
    arguments = {
        "comments": [POSITIVE, NEGATIVE] * 25,
        "ratings": [90.0, 10.0] * 25,
        "random_state": 0,
    } | options
    with pytest.raises(error, match=message):
        train_tone(**arguments)
