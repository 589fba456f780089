"""Synthetic free-text comments with planted themes, tones and identifiers.

For tests, the demo and benchmarks of :mod:`analysis.redact`, :mod:`analysis.themes` and
:mod:`analysis.tone`: every comment's theme, tone and identifier are known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd

from analysis.comment_phrases import OPENERS, THEME_SENTENCES

__all__ = ["IDENTIFIER_KINDS", "PLANTED_THEMES", "SimulatedComments", "simulate_comments"]

#: The planted themes, in the order of :data:`analysis.comment_phrases.THEME_SENTENCES`.
PLANTED_THEMES: tuple[str, ...] = tuple(THEME_SENTENCES)

#: Kinds of identifier planted, named as in :class:`analysis.redact.RedactionCounts`.
IDENTIFIER_KINDS: tuple[str, ...] = (
    "nhs_number",
    "phone",
    "email",
    "postcode",
    "date_of_birth",
    "name",
)

#: Overall rating 0–10 (scored 0–100) drawn when none is given: skewed high, as in surveys.
RATING_PROBABILITIES: tuple[float, ...] = (
    0.04, 0.02, 0.03, 0.04, 0.05, 0.07, 0.08, 0.12, 0.17, 0.18, 0.20,
)  # fmt: skip

_TONES = ("negative", "positive")
_FRAMES = {
    "nhs_number": (("My NHS number is ", "."), ("NHS no ", " if you need it."), ("Ref ", ".")),
    "phone": (("Please call me on ", "."), ("You can ring me on ", "."), ("Tel ", ".")),
    "email": (("Email me at ", "."), ("Contact ", " for details."), ("My email is ", ".")),
    "postcode": (("I live at ", "."), ("Our postcode is ", "."), ("We are in ", ".")),
    "date_of_birth": (("I was born on ", "."), ("DOB ", "."), ("Date of birth ", ".")),
    "name": (("", " looked after me."), ("Thanks to ", "."), ("I saw ", " twice.")),
}
_TITLES = np.array(["Dr", "Dr.", "Nurse", "Mrs", "Mr", "Sister", "Ms", "Doctor"], dtype=object)
_FIRST = np.array(["Jane", "Amir", "Grace", "Tomasz", "Aisha", "Owen", "Mary", "Sam"])
_LAST = np.array(["Patel", "Smith", "Jones", "Nowak", "Okafor", "O'Brien", "Begum", "Evans"])
_MONTHS = np.array(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"],
    dtype=object,
)  # fmt: skip
_OUTWARD = np.array(["LS6", "SW1A", "M1", "B15", "NE1", "CF10", "BD7", "WF1"], dtype=object)
_INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"), dtype=object)
_NHS_WEIGHTS = np.arange(10, 1, -1)


@dataclass(frozen=True, slots=True)
class SimulatedComments:
    """Synthetic comments with their known truth.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per comment: ``comment`` (str), ``theme`` (one of :data:`PLANTED_THEMES`),
        ``tone`` (``"positive"`` or ``"negative"``, the tone of the words),
        ``rating`` (the respondent's overall rating 0–100, NaN when unrated),
        ``identifier_kind`` (one of :data:`IDENTIFIER_KINDS`, missing when none) and
        ``identifier`` (the identifying text planted, or missing; for a name, the name
        without its title, since redaction keeps the title).
    agreement : float
        Probability that the words' tone agrees with the rating's side (see
        :func:`simulate_comments`).
    """

    frame: pd.DataFrame
    agreement: float


def simulate_comments(
    rng: np.random.Generator,
    n: int,
    *,
    themes: Sequence[str] | Mapping[str, float] = PLANTED_THEMES,
    ratings: Sequence[float] | np.ndarray | None = None,
    agreement: float = 0.9,
    identifier_rate: float = 0.3,
    second_sentence_rate: float = 0.5,
    other_theme_rate: float = 0.1,
) -> SimulatedComments:
    """Simulate comments from planted themes, with a tone linked to the rating.

    Each comment gets a theme (drawn with the given weights), a rating, and a tone: when
    the rating is 70 or more the words are positive with probability `agreement`, when
    it is 40 or less negative with probability `agreement`, and in between (or when the
    rating is NaN) either with probability 1/2. The text is an optional opener shared by
    all themes, one or two different sentences of the theme in that tone (from
    :data:`analysis.comment_phrases.THEME_SENTENCES`; with probability `other_theme_rate`
    the second is from another theme, so some comments touch two), and, with probability
    `identifier_rate`, a sentence holding one identifier of a kind drawn uniformly from
    :data:`IDENTIFIER_KINDS`: a valid NHS number (Modulus 11 check digit) from the range
    kept for testing (999 000 0000 to 999 999 9999), spaced, hyphenated or run together;
    a phone number from Ofcom's drama ranges in national or +44 form; an ``example.com``
    email address; a full postcode; a date of birth; or a name after a title.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness; same seed, same comments.
    n : int
        Number of comments, at least 1.
    themes : sequence of str or mapping of str to float
        Themes to plant, from :data:`PLANTED_THEMES`: equally likely, or with relative weights.
    ratings : array-like of float, optional
        Overall rating 0–100 of each comment's respondent (length `n`, NaN for unrated).
        Drawn from :data:`RATING_PROBABILITIES` (times 10) when omitted.
    agreement : float
        Probability in [0.5, 1] that the words agree with a high or low rating. Default 0.9.
    identifier_rate, second_sentence_rate : float
        Probabilities in [0, 1] of an identifier sentence and of a second theme sentence.
    other_theme_rate : float
        Probability in [0, 1] that a second sentence is from another theme (drawn
        uniformly from the others). The comment's ``theme`` is its first sentence's.

    Returns
    -------
    SimulatedComments
    """
    n = _positive_count(n)
    names, weights = _theme_weights(themes)
    rating = _ratings(rng, n, ratings)
    for label, value, low in (
        ("agreement", agreement, 0.5),
        ("identifier_rate", identifier_rate, 0.0),
        ("second_sentence_rate", second_sentence_rate, 0.0),
        ("other_theme_rate", other_theme_rate, 0.0),
    ):
        _probability(label, value, low)
    theme = rng.choice(len(names), size=n, p=weights)
    p_positive = np.where(rating >= 70, agreement, np.where(rating <= 40, 1 - agreement, 0.5))
    positive = rng.random(n) < p_positive
    pools = np.array(
        [[list(THEME_SENTENCES[name][tone]) for tone in _TONES] for name in names], dtype=object
    )
    first = rng.integers(0, pools.shape[2], size=n)
    second = (first + rng.integers(1, pools.shape[2], size=n)) % pools.shape[2]
    tone_index = positive.astype(int)
    sentence1 = pools[theme, tone_index, first]
    other = (theme + rng.integers(1, max(len(names), 2), size=n)) % len(names)
    theme2 = np.where(rng.random(n) < other_theme_rate, other, theme)
    sentence2 = np.where(
        rng.random(n) < second_sentence_rate, pools[theme2, tone_index, second], ""
    )
    kind, inserted, identifier = _identifiers(rng, n, identifier_rate)
    at_start = rng.random(n) < 0.5
    opener = np.array(OPENERS, dtype=object)[rng.integers(0, len(OPENERS), size=n)]
    parts = [
        np.where(at_start, inserted, ""),
        opener,
        sentence1,
        sentence2,
        np.where(at_start, "", inserted),
    ]
    comment = pd.Series(parts[0], dtype=object).str.cat(
        [pd.Series(part, dtype=object) for part in parts[1:]], sep=" "
    )
    comment = comment.str.replace(r" {2,}", " ", regex=True).str.strip()
    frame = pd.DataFrame(
        {
            "comment": comment.astype(object),
            "theme": np.array(names, dtype=object)[theme],
            "tone": np.array(_TONES, dtype=object)[tone_index],
            "rating": rating,
            "identifier_kind": kind,
            "identifier": identifier,
        }
    )
    return SimulatedComments(frame=frame, agreement=float(agreement))


def _identifiers(
    rng: np.random.Generator, n: int, rate: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per comment: the kind (or None), the sentence to insert ("" if none), the identifier."""
    values = {
        "nhs_number": _nhs_numbers(rng, n),
        "phone": _phones(rng, n),
        "email": _emails(rng, n),
        "postcode": _postcodes(rng, n),
        "date_of_birth": _dates(rng, n),
        "name": _names(rng, n),
    }
    kind_index = rng.integers(0, len(IDENTIFIER_KINDS), size=n)
    frame_index = rng.integers(0, 3, size=n)
    rows = np.arange(n)
    shown = np.stack([values[kind][0] for kind in IDENTIFIER_KINDS])[kind_index, rows]
    secret = np.stack([values[kind][1] for kind in IDENTIFIER_KINDS])[kind_index, rows]
    frames = np.array([_FRAMES[kind] for kind in IDENTIFIER_KINDS], dtype=object)
    sentence = frames[kind_index, frame_index, 0] + shown + frames[kind_index, frame_index, 1]
    has = rng.random(n) < rate
    kinds = np.array(IDENTIFIER_KINDS, dtype=object)[kind_index]
    return (
        np.where(has, kinds, None),
        np.where(has, sentence, ""),
        np.where(has, secret, None),
    )


def _nhs_numbers(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    # 999 000 0000 to 999 999 9999 is NHS England's range for testing, never issued.
    digits = rng.integers(0, 10, size=(n, 10))
    digits[:, :3] = 9
    while True:
        check = 11 - (digits[:, :9] @ _NHS_WEIGHTS) % 11
        check[check == 11] = 0
        bad = check == 10  # no valid check digit: draw those six digits again
        if not bad.any():
            break
        digits[bad, 3:9] = rng.integers(0, 10, size=(int(bad.sum()), 6))
    digits[:, 9] = check
    plain = pd.Series(digits @ 10 ** np.arange(9, -1, -1)).astype(str).str.zfill(10)
    spaced = plain.str[:3] + " " + plain.str[3:6] + " " + plain.str[6:]
    hyphens = plain.str[:3] + "-" + plain.str[3:6] + "-" + plain.str[6:]
    shown = _pick(rng, [spaced, plain, hyphens])
    return shown, shown


def _phones(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    last = pd.Series(rng.integers(0, 1000, size=n)).astype(str).str.zfill(3)
    shown = _pick(
        rng,
        [
            "07700 900" + last,
            "+44 7700 900" + last,
            "(0113) 496 0" + last,
            "020 7946 0" + last,
            "+44 (0)161 496 0" + last,
        ],
    )
    return shown, shown


def _emails(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    first = pd.Series(_FIRST[rng.integers(0, len(_FIRST), size=n)]).str.lower()
    last = pd.Series(_LAST[rng.integers(0, len(_LAST), size=n)]).str.lower()
    shown = (first + "." + last.str.replace("'", "") + "@example.com").to_numpy(dtype=object)
    return shown, shown


def _postcodes(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    outward = _OUTWARD[rng.integers(0, len(_OUTWARD), size=n)]
    digit = rng.integers(0, 10, size=n).astype(str).astype(object)
    letters = _INWARD_LETTERS[rng.integers(0, len(_INWARD_LETTERS), size=(2, n))]
    shown = outward + " " + digit + letters[0] + letters[1]
    return shown, shown


def _dates(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    day = pd.Series(rng.integers(1, 29, size=n)).astype(str)
    month = rng.integers(1, 13, size=n)
    year = pd.Series(rng.integers(1930, 2000, size=n)).astype(str)
    month_text = pd.Series(month).astype(str)
    shown = _pick(
        rng,
        [
            day.str.zfill(2) + "/" + month_text.str.zfill(2) + "/" + year,
            day + " " + pd.Series(_MONTHS[month - 1]) + " " + year,
            day + "-" + month_text + "-" + year.str[2:],
        ],
    )
    return shown, shown


def _names(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    title = _TITLES[rng.integers(0, len(_TITLES), size=n)]
    first = _FIRST[rng.integers(0, len(_FIRST), size=n)].astype(object)
    last = _LAST[rng.integers(0, len(_LAST), size=n)].astype(object)
    name = np.where(rng.random(n) < 0.5, last, first + " " + last)
    return title + " " + name, name


def _pick(rng: np.random.Generator, options: Sequence[pd.Series | np.ndarray]) -> np.ndarray:
    stacked = np.stack([np.asarray(option, dtype=object) for option in options])
    n = stacked.shape[1]
    return stacked[rng.integers(0, len(options), size=n), np.arange(n)]


def _ratings(
    rng: np.random.Generator, n: int, ratings: Sequence[float] | np.ndarray | None
) -> np.ndarray:
    if ratings is None:
        return 10.0 * rng.choice(len(RATING_PROBABILITIES), size=n, p=RATING_PROBABILITIES)
    values = np.asarray(ratings, dtype=float)
    if values.shape != (n,):
        raise ValueError(f"ratings must hold one rating per comment ({n}), not {values.shape}")
    if np.any((values < 0) | (values > 100)):
        raise ValueError("ratings must be between 0 and 100 (NaN for unrated)")
    return values


def _theme_weights(themes: Sequence[str] | Mapping[str, float]) -> tuple[list[str], np.ndarray]:
    if isinstance(themes, str):
        raise TypeError("themes must be a sequence of theme names, not a single string")
    if isinstance(themes, Mapping):
        names, weights = list(themes), np.array(list(themes.values()), dtype=float)
    else:
        names = list(themes)
        weights = np.ones(len(names))
    unknown = [name for name in names if name not in THEME_SENTENCES]
    if unknown or not names or len(set(names)) != len(names):
        raise ValueError(f"themes must be distinct names from {PLANTED_THEMES} (got {names})")
    if not (np.all(np.isfinite(weights)) and np.all(weights >= 0) and weights.sum() > 0):
        raise ValueError("theme weights must be non-negative numbers, not all zero")
    return names, weights / weights.sum()


def _positive_count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"n must be a whole number, not {type(n).__name__}")
    if n < 1:
        raise ValueError(f"n must be at least 1 (got {n})")
    return int(n)


def _probability(name: str, value: float, low: float) -> None:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not low <= float(value) <= 1.0:
        raise ValueError(f"{name} must be between {low} and 1 (got {value})")
