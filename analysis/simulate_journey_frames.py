"""The responses and answers frames of :func:`analysis.simulate_journey.simulate_journey`.

Text columns are categorical (integer codes plus a short list of categories), so a million
responses and some thirty million answer rows fit in well under a gigabyte.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.quarters import quarter_bounds
from analysis.simulate_journey_answers import AnswerRows
from analysis.simulate_journey_items import (
    COVARIATE_LEVELS,
    INSTANCES,
    ITEM_IDS,
    MEASURE_ID,
    MEASURE_VERSION,
    OPTION_CODES,
    RESPONDENT_TYPES,
    SERVICE_TYPES,
)

__all__ = ["MODES", "QUESTIONNAIRE_LANGUAGES", "answers_frame", "responses_frame"]

#: How responses are collected (``survey_app.models.vocab.MODES``) and how often.
MODES: tuple[str, ...] = ("sms", "email", "letter-qr", "poster-qr", "kiosk", "paper-entry", "link")
_MODE_SHARES = np.array([0.35, 0.20, 0.10, 0.10, 0.10, 0.10, 0.05])
#: Languages the questionnaire is offered in; people whose main language is another one
#: answer in English or, half the time, in one of the others (equally likely).
QUESTIONNAIRE_LANGUAGES: tuple[str, ...] = (
    "en", "ar", "bn", "cy", "gu", "pa", "pl", "pt", "ro", "so", "tr", "ur", "zh_Hans",
)  # fmt: skip


def _categorical(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    """Categorical of string categories from integer codes (-1 = missing)."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories), dtype="str"))


def responses_frame(
    rng: np.random.Generator,
    *,
    response_ids: pd.Index,
    service: np.ndarray,
    place: np.ndarray,
    quarter: np.ndarray,
    quarters: Sequence[str],
    service_ids: np.ndarray,
    service_types: np.ndarray,
    place_ids: Sequence[str],
    main_language: np.ndarray,
    levels: Mapping[str, np.ndarray],
) -> pd.DataFrame:
    """One row per response, with every column of the contract and every covariate.

    ``service`` is -1 for whole-place campaigns (``service_id`` and ``service_type``
    missing, campaign ``campaign-<place>``); a service's campaign is ``campaign-<service>``.
    Covariates come from `levels` (positions in :data:`COVARIATE_LEVELS`, -1 blank; see
    :func:`analysis.simulate_journey_reports.reported_levels`); ``deprivation_quintile``
    is nullable ``Int8`` 1–5 (1 = most deprived). ``language`` is the questionnaire's:
    English, or for half of those whose main language is another, one of the others.
    """
    n = len(service)
    own = service >= 0
    campaigns = [f"campaign-{s}" for s in service_ids] + [f"campaign-{p}" for p in place_ids]
    frame = pd.DataFrame(
        {
            "response_id": pd.Series(response_ids, dtype="str"),
            "place_id": _categorical(place, place_ids),
            "service_id": _categorical(np.where(own, service, -1), service_ids),
            "campaign_id": _categorical(
                np.where(own, service, len(service_ids) + place), campaigns
            ),
            "submitted_at": _submitted_at(rng, quarter, quarters),
            "quarter": _categorical(quarter, quarters),
            "mode": _categorical(rng.choice(len(MODES), size=n, p=_MODE_SHARES), MODES),
            "language": _categorical(_language(rng, main_language), QUESTIONNAIRE_LANGUAGES),
            "measure_id": _categorical(np.zeros(n, dtype=np.int8), [MEASURE_ID]),
            "measure_version": np.full(n, MEASURE_VERSION, dtype=np.int64),
            "service_type": _categorical(
                np.where(own, service_types[np.maximum(service, 0)], -1), SERVICE_TYPES
            ),
            "respondent_type": _categorical(levels["respondent_type"], RESPONDENT_TYPES),
        }
    )
    for column, positions in levels.items():
        if column == "deprivation_quintile":
            quintile = pd.array(positions + 1, dtype="Int8")
            quintile[positions < 0] = pd.NA
            frame[column] = quintile
        elif column != "respondent_type":
            frame[column] = _categorical(positions, COVARIATE_LEVELS[column])
    return frame


def answers_frame(rows: AnswerRows, response_ids: pd.Index) -> pd.DataFrame:
    """The long answers table from code arrays; ``response_id`` is categorical."""
    return pd.DataFrame(
        {
            "response_id": pd.Categorical.from_codes(rows.response, categories=response_ids),
            "item_id": _categorical(rows.item, ITEM_IDS),
            "instance": _categorical(rows.instance, INSTANCES),
            "option_code": _categorical(rows.option, OPTION_CODES),
            "score": rows.score,
        },
        copy=False,
    )


def _submitted_at(
    rng: np.random.Generator, quarter: np.ndarray, quarters: Sequence[str]
) -> pd.DatetimeIndex:
    bounds = [quarter_bounds(label) for label in quarters]
    epoch = pd.Timestamp(0, tz="UTC")
    start = np.array([(b[0] - epoch) // pd.Timedelta(microseconds=1) for b in bounds])
    span = np.array([(b[1] - b[0]) // pd.Timedelta(microseconds=1) for b in bounds])
    offset = np.floor(rng.random(len(quarter)) * span[quarter]).astype(np.int64)
    stamps = (start[quarter] + offset).astype("datetime64[us]")
    return pd.DatetimeIndex(stamps).tz_localize("UTC")


def _language(rng: np.random.Generator, main_language: np.ndarray) -> np.ndarray:
    other = main_language == COVARIATE_LEVELS["main_language"].index("other")
    translated = rng.random(len(main_language)) < 0.5
    which = rng.integers(1, len(QUESTIONNAIRE_LANGUAGES), size=len(main_language))
    return np.where(other & translated, which, 0)
