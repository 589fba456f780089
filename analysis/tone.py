"""Tone of free-text comments, learnt from the respondent's own overall rating."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline, make_pipeline

from analysis.intervals import Proportion, check_level, wilson_interval
from analysis.text_input import comment_texts, whole_number

__all__ = ["DEFAULT_MIN_PER_CLASS", "TONES", "ToneModel", "train_tone"]

#: The two tones, as :meth:`ToneModel.predict` returns them.
TONES: tuple[str, str] = ("negative", "positive")

#: Fewest labelled comments of each tone :func:`train_tone` accepts by default.
DEFAULT_MIN_PER_CLASS = 20


@dataclass(frozen=True, slots=True)
class ToneModel:
    """A tone classifier and its cross-validated accuracy.

    Attributes
    ----------
    accuracy : Proportion
        Share of labelled comments whose out-of-fold prediction matches their label, with
        a Wilson interval (``n`` is the labelled comments, ``successes`` those right).
    balanced_accuracy : float
        Mean of the two recalls below: 0.5 is chance whatever the class balance.
    recall_positive, recall_negative : Proportion
        Out-of-fold share of positive (negative) comments predicted positive (negative).
    n_positive, n_negative : int
        Labelled comments of each tone used to train and validate.
    n_ignored : int
        Comments with a rating between the two thresholds, left out of training.
    n_unrated : int
        Comments without a rating, left out of training.
    positive_from, negative_to : float
        Labelling thresholds on the 0–100 rating.
    folds : int
        Folds of the stratified cross-validation.
    method : str
        The method and its settings, for reports.
    pipeline : sklearn.pipeline.Pipeline
        TF-IDF and logistic regression refitted on all labelled comments.
    """

    accuracy: Proportion
    balanced_accuracy: float
    recall_positive: Proportion
    recall_negative: Proportion
    n_positive: int
    n_negative: int
    n_ignored: int
    n_unrated: int
    positive_from: float
    negative_to: float
    folds: int
    method: str
    pipeline: Pipeline = field(repr=False, compare=False)

    def probability_positive(self, comments: Sequence[str] | pd.Series) -> np.ndarray:
        """Predicted probability that each comment is positive (missing: blank)."""
        return self.pipeline.predict_proba(comment_texts(comments))[:, 1]

    def predict(self, comments: Sequence[str] | pd.Series) -> np.ndarray:
        """Predicted tone of each comment, ``"positive"`` or ``"negative"``.

        Positive when :meth:`probability_positive` is at least 0.5. Use it for comments
        without a rating; for rated ones the rating is the respondent's own word.
        """
        return np.where(self.probability_positive(comments) >= 0.5, TONES[1], TONES[0])


def train_tone(
    comments: Sequence[str] | pd.Series,
    ratings: Sequence[float] | np.ndarray | pd.Series,
    *,
    positive_from: float = 70.0,
    negative_to: float = 40.0,
    folds: int = 5,
    random_state: int,
    min_per_class: int = DEFAULT_MIN_PER_CLASS,
    level: float = 0.95,
) -> ToneModel:
    """Train a tone classifier on comments labelled by the respondent's overall rating.

    The whole-journey overall item is a 0–10 rating scored 0–100. A comment is labelled
    positive when its respondent's rating is at least `positive_from` (default 70, a 7 out
    of 10) and negative when at most `negative_to` (default 40, a 4 out of 10); comments
    rated in between are mixed in tone and left out, and comments without a rating are
    left out too (they are what :meth:`ToneModel.predict` is for). The defaults are this
    project's convention, not a published standard: 7–10 reads as a good experience, 0–4
    as a poor one, 5–6 as mixed. Change them if the measure says otherwise.

    The classifier is TF-IDF over words and two-word phrases (lower case, sublinear term
    frequency, terms in at least 2 comments; stop words kept, since "not" and "no" carry
    tone) feeding L2-penalised logistic regression with class weights inversely
    proportional to class size, so the minority tone is not ignored (scikit-learn's
    ``class_weight="balanced"``; King & Zeng 2001, Political Analysis 9:137–163, on rare
    classes). Accuracy is estimated by stratified k-fold cross-validation
    (:class:`sklearn.model_selection.StratifiedKFold`, shuffled with `random_state`): each
    comment is predicted by a model fitted without it, and the pooled out-of-fold
    predictions give the accuracy, the two recalls and their mean, the balanced accuracy
    (Brodersen et al. 2010, ICPR, "The balanced accuracy and its posterior distribution").
    The Wilson intervals treat the out-of-fold predictions as independent trials; they
    are not quite (the folds share training comments), so the intervals are somewhat too
    narrow (Bengio & Grandvalet 2004, "No unbiased estimator of the variance of k-fold
    cross-validation", JMLR 5:1089–1105). Stratified 10- or 5-fold cross-validation is
    Kohavi's (1995, IJCAI) recommendation for estimating accuracy. The model returned
    is then refitted on all labelled comments.

    The labels are the respondent's rating, not the tone of the words: a respondent who
    rates 8 but writes a complaint is labelled positive. The accuracy is therefore
    agreement with the rating's side, and cannot exceed how often words and rating agree.

    Parameters
    ----------
    comments : sequence of str or pandas.Series
        Comments, ideally already redacted; missing values are treated as blank.
    ratings : array-like of float
        Each comment's overall rating on 0–100, NaN when the respondent gave none.
    positive_from, negative_to : float, keyword-only
        Labelling thresholds, ``0 <= negative_to < positive_from <= 100``.
    folds : int, keyword-only
        Cross-validation folds, at least 2. Default 5.
    random_state : int, keyword-only
        Seed for the fold shuffle.
    min_per_class : int, keyword-only
        Fewest labelled comments of each tone, at least `folds`. Default 20.
    level : float, keyword-only
        Confidence level of the intervals. Default 0.95.

    Returns
    -------
    ToneModel

    Raises
    ------
    ValueError
        If lengths differ, a rating is outside 0–100, the thresholds or `folds` are out of
        range, or either tone has fewer than `min_per_class` labelled comments.
    TypeError
        If comments are not strings or ratings not numbers.
    """
    texts = comment_texts(comments)
    rating = _ratings(ratings, len(texts))
    positive_from, negative_to = _thresholds(positive_from, negative_to)
    folds = whole_number("folds", folds, 2)
    random_state = whole_number("random_state", random_state, 0)
    min_per_class = whole_number("min_per_class", min_per_class, folds)
    level = check_level(level)
    rated = ~np.isnan(rating)
    positive = rated & (rating >= positive_from)
    negative = rated & (rating <= negative_to)
    n_positive, n_negative = int(positive.sum()), int(negative.sum())
    if min(n_positive, n_negative) < min_per_class:
        raise ValueError(
            f"too few labelled comments to learn tone: {n_positive} positive (rating >= "
            f"{positive_from:g}) and {n_negative} negative (rating <= {negative_to:g}); "
            f"need at least {min_per_class} of each"
        )
    keep = np.flatnonzero(positive | negative)
    x = [texts[i] for i in keep]
    y = positive[keep].astype(int)
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(class_weight="balanced", max_iter=1000),
    )
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
    predicted = cross_val_predict(pipeline, x, y, cv=splitter)
    right_positive = int(np.sum((predicted == 1) & (y == 1)))
    right_negative = int(np.sum((predicted == 0) & (y == 0)))
    recall_positive = wilson_interval(right_positive, n_positive, level=level)
    recall_negative = wilson_interval(right_negative, n_negative, level=level)
    pipeline.fit(x, y)
    return ToneModel(
        accuracy=wilson_interval(right_positive + right_negative, len(y), level=level),
        balanced_accuracy=(recall_positive.estimate + recall_negative.estimate) / 2,
        recall_positive=recall_positive,
        recall_negative=recall_negative,
        n_positive=n_positive,
        n_negative=n_negative,
        n_ignored=int(np.sum(rated & ~positive & ~negative)),
        n_unrated=int(np.sum(~rated)),
        positive_from=positive_from,
        negative_to=negative_to,
        folds=folds,
        method=(
            "TF-IDF (words and 2-word phrases) + logistic regression (balanced class "
            f"weights), labels from the overall rating (positive >= {positive_from:g}, "
            f"negative <= {negative_to:g}), {folds}-fold stratified cross-validation"
        ),
        pipeline=pipeline,
    )


def _ratings(ratings: Sequence[float] | np.ndarray | pd.Series, n: int) -> np.ndarray:
    if isinstance(ratings, str):
        raise TypeError("ratings must be numbers, not a string")
    try:
        values = np.asarray(
            ratings.to_numpy(dtype=float, na_value=np.nan)
            if isinstance(ratings, pd.Series)
            else ratings,
            dtype=float,
        )
    except (TypeError, ValueError) as error:
        raise TypeError(f"ratings must be numbers (0–100, NaN when missing): {error}") from None
    if values.ndim != 1 or len(values) != n:
        raise ValueError(f"ratings must hold one rating per comment ({n}), not {values.shape}")
    bad = ~np.isnan(values) & ~((values >= 0) & (values <= 100))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"ratings must be between 0 and 100 or NaN; position {position} is {values[position]:g}"
        )
    return values


def _thresholds(positive_from: float, negative_to: float) -> tuple[float, float]:
    for name, value in (("positive_from", positive_from), ("negative_to", negative_to)):
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    positive_from, negative_to = float(positive_from), float(negative_to)
    if not 0.0 <= negative_to < positive_from <= 100.0:
        raise ValueError(
            "thresholds must satisfy 0 <= negative_to < positive_from <= 100 "
            f"(got negative_to={negative_to:g}, positive_from={positive_from:g})"
        )
    return positive_from, negative_to
