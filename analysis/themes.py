"""Themes in free-text comments: TF-IDF weighting and non-negative matrix factorisation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.redact import REDACTION_LABELS
from analysis.text_input import comment_texts, whole_number

__all__ = ["MIN_COMMENTS_PER_THEME", "Theme", "ThemeResult", "find_themes"]

#: Fewest comments with words (after stop words and rare terms) per theme asked for.
MIN_COMMENTS_PER_THEME = 5

_LABELS = re.compile("|".join(re.escape(label) for label in REDACTION_LABELS.values()))


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme found in the comments.

    Attributes
    ----------
    number : int
        1 for the theme most comments are mostly about, 2 for the next, and so on.
    top_terms : tuple of str
        Words and two-word phrases with the largest weights in the theme, largest first.
    n : int
        Comments whose dominant theme this is.
    share : float
        ``n`` over all comments with at least one known term.
    examples : tuple of str
        The most typical comments (distinct texts): among those whose dominant theme this
        is, the ones with the largest weight on it. As given, so already redacted.
    """

    number: int
    top_terms: tuple[str, ...]
    n: int
    share: float
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """Themes found by :func:`find_themes`.

    Attributes
    ----------
    themes : tuple of Theme
        Largest first.
    assignments : numpy.ndarray of int
        For each comment, in input order, the ``number`` of its dominant theme, or 0 when
        it has no term in the vocabulary (blank, or only stop words and rare words).
    n : int
        Comments given.
    n_assigned : int
        Comments with a dominant theme (``assignments > 0``).
    n_terms : int
        Size of the vocabulary (words and two-word phrases kept).
    method : str
        The method and its settings, for reports.
    """

    themes: tuple[Theme, ...]
    assignments: np.ndarray
    n: int
    n_assigned: int
    n_terms: int
    method: str


def find_themes(
    comments: Sequence[str] | pd.Series,
    *,
    n_themes: int,
    random_state: int,
    examples: int = 3,
    top_terms: int = 8,
    min_df: int = 2,
) -> ThemeResult:
    """Find themes in comments by TF-IDF and non-negative matrix factorisation (NMF).

    Each comment becomes a TF-IDF vector over words and two-word phrases
    (:class:`sklearn.feature_extraction.text.TfidfVectorizer`: lower case, scikit-learn's
    English stop words removed, terms in fewer than `min_df` comments or in more than 95%
    dropped, sublinear term frequency, rows scaled to unit length). The comment-by-term
    matrix ``X`` is factorised as ``X ≈ W H`` with ``W`` and ``H`` non-negative and
    `n_themes` rows in ``H`` (:class:`sklearn.decomposition.NMF`, Frobenius loss,
    initialised by NNDSVDa so the result is the same on every run). A theme's top terms
    are the largest weights in its row of ``H``; a comment's dominant theme is the largest
    weight in its row of ``W``. NMF of a document-term matrix is Lee & Seung (1999),
    Nature 401:788–791; with TF-IDF weights for topics, O'Callaghan et al. (2015), "An
    analysis of the coherence of descriptors in topic modeling", Expert Syst Appl
    42:5645–5657; NNDSVD is Boutsidis & Gallopoulos (2008), Pattern Recognit 41:1350–1362.

    The caller passes comments that are **already redacted** (:func:`analysis.redact.
    redact_all`): example comments are returned as given, and shown to people who may not
    see identifiers. Redaction labels such as "[name]" are removed before weighting, so
    they cannot become a theme.

    Parameters
    ----------
    comments : sequence of str or pandas.Series
        Redacted comments; missing values are treated as blank.
    n_themes : int, keyword-only
        Themes to find, at least 1. The number is the analyst's choice: NMF does not pick
        it. Try a few and read the top terms.
    random_state : int, keyword-only
        Seed handed to NMF. With the NNDSVDa start and scikit-learn's coordinate-descent
        solver the result does not depend on it; it is required so that a run stays
        reproducible if the start is ever changed to a random one.
    examples : int
        Example comments per theme, at least 0. Default 3.
    top_terms : int
        Terms listed per theme, at least 1. Default 8.
    min_df : int
        Fewest comments a term must appear in to be kept, at least 1. Default 2.

    Returns
    -------
    ThemeResult
        Themes numbered from the largest; themes no comment is mostly about are kept,
        with ``n = 0``.

    Raises
    ------
    TypeError
        If `comments` is a single string or holds something other than strings.
    ValueError
        If fewer than :data:`MIN_COMMENTS_PER_THEME` × `n_themes` comments have a term in
        the vocabulary, or the vocabulary has fewer terms than `n_themes`.
    """
    texts = comment_texts(comments)
    n_themes = whole_number("n_themes", n_themes, 1)
    examples = whole_number("examples", examples, 0)
    top_terms = whole_number("top_terms", top_terms, 1)
    min_df = whole_number("min_df", min_df, 1)
    random_state = whole_number("random_state", random_state, 0)
    cleaned = pd.Series(texts, dtype=object).str.replace(_LABELS, " ", regex=True)
    vectorizer = TfidfVectorizer(
        stop_words="english", ngram_range=(1, 2), min_df=min_df, max_df=0.95, sublinear_tf=True
    )
    try:
        x = vectorizer.fit_transform(cleaned)
    except ValueError:  # scikit-learn: "After pruning, no terms remain" / "empty vocabulary"
        x = None
    has_terms = np.zeros(len(texts), dtype=bool) if x is None else np.diff(x.indptr) > 0
    n_with_terms, n_terms = int(has_terms.sum()), 0 if x is None else x.shape[1]
    if n_with_terms < MIN_COMMENTS_PER_THEME * n_themes or x is None or n_terms < n_themes:
        raise ValueError(
            f"too few comments for {n_themes} theme(s): {n_with_terms} comment(s) have words "
            f"kept after stop words and rare terms ({n_terms} distinct term(s)); need at "
            f"least {MIN_COMMENTS_PER_THEME} comments per theme and a term per theme. "
            "Ask for fewer themes or wait for more comments."
        )
    model = NMF(n_components=n_themes, init="nndsvda", random_state=random_state, max_iter=500)
    w = model.fit_transform(x)
    h = model.components_
    dominant = np.where(has_terms, np.argmax(w, axis=1), -1)
    sizes = np.bincount(dominant[has_terms], minlength=n_themes)
    order = np.argsort(-sizes, kind="stable")  # largest theme first; ties keep NMF order
    number = np.empty(n_themes, dtype=int)
    number[order] = np.arange(1, n_themes + 1)
    terms = vectorizer.get_feature_names_out()
    themes = tuple(
        Theme(
            number=int(number[k]),
            top_terms=tuple(str(t) for t in terms[_largest(h[k], top_terms)]),
            n=int(sizes[k]),
            share=float(sizes[k] / n_with_terms),
            examples=_examples(texts, w[:, k], dominant == k, examples),
        )
        for k in order
    )
    return ThemeResult(
        themes=themes,
        assignments=np.where(dominant >= 0, number[np.maximum(dominant, 0)], 0),
        n=len(texts),
        n_assigned=n_with_terms,
        n_terms=n_terms,
        method=(
            f"TF-IDF (words and 2-word phrases, English stop words, min_df={min_df}) + NMF "
            f"({n_themes} themes, NNDSVDa start, Frobenius loss)"
        ),
    )


def _largest(weights: np.ndarray, count: int) -> np.ndarray:
    """Indices of the `count` largest weights, largest first; ties by position."""
    return np.argsort(-weights, kind="stable")[:count]


def _examples(
    texts: list[str], weight: np.ndarray, mine: np.ndarray, count: int
) -> tuple[str, ...]:
    if count == 0:
        return ()
    candidates = np.flatnonzero(mine)
    ranked = candidates[np.argsort(-weight[candidates], kind="stable")]
    chosen = pd.unique(np.asarray(texts, dtype=object)[ranked])
    return tuple(str(text) for text in chosen[:count])
