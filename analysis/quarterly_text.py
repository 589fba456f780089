"""The free-text step of the quarterly analysis: redact, find themes, learn the tone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.redact import RedactionCounts, redact_all
from analysis.themes import Theme, find_themes
from analysis.tone import ToneModel, train_tone

__all__ = ["COMMENT_COLUMNS", "FreeText", "free_text"]

#: Columns of the comments table: one row per free-text answer.
COMMENT_COLUMNS = ("response_id", "text")

#: Themes asked for: at most this many, fewer for few comments.
MAX_THEMES = 6
SEED = 2013


@dataclass(frozen=True, slots=True)
class FreeText:
    """What the comments of a quarter say, with every identifier redacted first.

    Attributes
    ----------
    n_comments : int
        Non-blank comments.
    redaction : RedactionCounts
        Identifiers removed, by kind; ``redaction_method`` names the rules.
    themes : tuple of Theme
        Themes with their top terms and example comments (redacted), largest first.
    themes_method : str or None
        How the themes were found, or ``None`` when there were too few comments.
    tone : ToneModel or None
        The tone classifier trained on respondents' own headline scores, with its
        cross-validated accuracy; ``None`` when too few comments were rated.
    unrated_tone : Mapping of str to int
        Predicted tone of comments whose respondent gave no headline score.
    """

    n_comments: int
    redaction: RedactionCounts
    redaction_method: str
    themes: tuple[Theme, ...]
    themes_method: str | None
    tone: ToneModel | None
    unrated_tone: Mapping[str, int]


def free_text(comments: pd.DataFrame, headline: pd.Series, skipped: list[str]) -> FreeText | None:
    """Redact ``comments``, then find themes and train the tone classifier on them.

    Parameters
    ----------
    comments : pandas.DataFrame
        :data:`COMMENT_COLUMNS`; only the quarter's responses.
    headline : pandas.Series
        Each response's headline score (0–100), indexed by response id.
    skipped : list of str
        Steps that could not run are noted here, in words.
    """
    missing = [c for c in COMMENT_COLUMNS if c not in comments.columns]
    if missing:
        raise ValueError(f"comments: required column(s) {', '.join(missing)} missing")
    present = comments[comments["text"].notna() & comments["text"].astype(str).str.strip().ne("")]
    if present.empty:
        skipped.append("no free-text analysis: no comments")
        return None
    redacted = redact_all(present["text"].astype(str).reset_index(drop=True))
    texts = redacted.texts
    themes, themes_method = (), None
    count = min(MAX_THEMES, len(texts) // 20)
    try:
        if count < 2:
            raise ValueError("too few comments")
        found = find_themes(texts, n_themes=count, random_state=SEED)
        themes, themes_method = found.themes, found.method
    except ValueError as error:
        skipped.append(f"no comment themes: {error}")
    ratings = present["response_id"].map(headline).to_numpy(dtype=float)
    tone, unrated = None, {}
    try:
        tone = train_tone(texts, ratings, random_state=SEED)
        unscored = texts[pd.isna(ratings)]
        if len(unscored):
            unrated = pd.Series(tone.predict(unscored)).value_counts().to_dict()
    except ValueError as error:
        skipped.append(f"no comment tone: {error}")
    return FreeText(
        n_comments=len(texts),
        redaction=redacted.counts,
        redaction_method=redacted.method,
        themes=themes,
        themes_method=themes_method,
        tone=tone,
        unrated_tone={str(k): int(v) for k, v in unrated.items()},
    )
