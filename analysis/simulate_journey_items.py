"""The whole-journey measure as :mod:`analysis.simulate_journey` draws it: items, codes, scores.

A copy, as data, of what the simulation needs from ``measures/definitions/whole-journey.yaml``
(version 1): the scored items with their scales, the service types, the move codes and the
"about you" answers. ``analysis`` does not read measure files; the tests check every code,
score and instance here against the loaded definition, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np

__all__ = [
    "ABOUT_YOU",
    "COVARIATE_LEVELS",
    "INSTANCES",
    "ITEM_IDS",
    "MEASURE_ID",
    "MEASURE_VERSION",
    "MOVE_INDEX",
    "OPTION_CODES",
    "RESPONDENT_TYPES",
    "SCALES",
    "SCORED_ITEMS",
    "SERVICE_TYPES",
    "ScaleGrid",
    "ScoredItem",
    "move_instance",
]

MEASURE_ID = "whole_journey"
MEASURE_VERSION = 1

#: The ``services`` scale: service types, in scale order.
SERVICE_TYPES: tuple[str, ...] = (
    "gp",
    "acute",
    "community",
    "mental_health",
    "social_care",
    "care_home",
    "pharmacy",
    "ambulance",
    "voluntary",
    "other",
)

#: Codes of the ``respondent`` item (also the ``respondent_type`` column).
RESPONDENT_TYPES: tuple[str, ...] = ("patient", "carer_for_patient", "carer_own_support")


@dataclass(frozen=True, slots=True)
class ScaleGrid:
    """A scale's scored options in increasing score, and its unscored options.

    Attributes
    ----------
    codes, scores : tuple
        Scored option codes and their scores, ``scores[0] == 0`` and ``scores[-1] == 100``.
    unscored : tuple of str
        Options scored ``null`` ("don't know", "I did not need any").
    """

    codes: tuple[str, ...]
    scores: tuple[float, ...]
    unscored: tuple[str, ...] = ()


SCALES: Mapping[str, ScaleGrid] = MappingProxyType(
    {
        "yes_partly": ScaleGrid(("no", "yes_some", "yes_definitely"), (0, 50, 100), ("dont_know",)),
        "yes_partly_needed": ScaleGrid(
            ("no", "yes_some", "yes_definitely"), (0, 50, 100), ("not_needed", "dont_know")
        ),
        "yes_no": ScaleGrid(("no", "yes"), (0, 100), ("dont_know",)),
        "repeat_story": ScaleGrid(
            ("yes_a_lot", "yes_a_little", "no_not_at_all"), (0, 50, 100), ("dont_know",)
        ),
        "care_plan": ScaleGrid(
            ("no", "yes_some", "yes_definitely"), (0, 50, 100), ("no_plan", "dont_know")
        ),
        "easy": ScaleGrid(
            ("very_difficult", "fairly_difficult", "fairly_easy", "very_easy"),
            (0, 33, 67, 100),
            ("not_looked",),
        ),
        "rating": ScaleGrid(tuple(f"rating_{k}" for k in range(11)), tuple(range(0, 101, 10))),
    }
)

Repeat = Literal["services", "transitions", "once"]
Asked = Literal["journey", "carer_for", "carer_own"]


@dataclass(frozen=True, slots=True)
class ScoredItem:
    """A scored question and how the simulation answers it.

    Attributes
    ----------
    id, scale : str
        Item id and scale id in the measure.
    repeat : {"services", "transitions", "once"}
        Asked per service ticked, per move ticked, or once.
    asked : {"journey", "carer_for", "carer_own"}
        Who is asked: patients and carers answering for them, only the latter, or carers
        about their own support.
    offset : float
        Added to the response's latent experience before the item is drawn: how much easier
        (positive) or harder the item is than the overall rating.
    unscored_share : float
        Chance an answered item takes an unscored option ("don't know", "no care plan").
    """

    id: str
    scale: str
    repeat: Repeat
    asked: Asked
    offset: float
    unscored_share: float = 0.03


#: The scored items, by section. ``overall`` (offset 0) is the headline.
SCORED_ITEMS: tuple[ScoredItem, ...] = (
    ScoredItem("info_understood", "yes_partly", "services", "journey", 10.0),
    ScoredItem("involved_decisions", "yes_partly", "services", "journey", 0.0),
    ScoredItem("dignity", "yes_partly", "services", "journey", 15.0),
    ScoredItem("knew_next", "yes_partly", "services", "journey", -5.0),
    ScoredItem("expected", "yes_partly", "transitions", "journey", -5.0, 0.05),
    ScoredItem("history_known", "yes_partly", "transitions", "journey", -10.0, 0.05),
    ScoredItem("repeat_story", "repeat_story", "transitions", "journey", -15.0),
    ScoredItem("told_contact", "yes_no", "transitions", "journey", 0.0),
    ScoredItem("care_plan", "care_plan", "once", "journey", -20.0, 0.2),
    ScoredItem("coordinator", "yes_no", "once", "journey", -10.0, 0.05),
    ScoredItem("working_together", "yes_partly", "once", "journey", -5.0),
    ScoredItem("carer_supported", "yes_partly_needed", "once", "carer_for", -10.0, 0.1),
    ScoredItem("in_control", "yes_partly", "once", "journey", 0.0),
    ScoredItem("overall", "rating", "once", "journey", 0.0, 0.0),
    ScoredItem("carer_info_easy", "easy", "once", "carer_own", -15.0, 0.15),
    ScoredItem("carer_involved", "yes_partly", "once", "carer_own", -5.0),
    ScoredItem("carer_needs_asked", "yes_no", "once", "carer_own", -15.0),
    ScoredItem("carer_contact", "yes_no", "once", "carer_own", 0.0),
    ScoredItem("carer_overall", "rating", "once", "carer_own", -5.0, 0.0),
)

_AGE_BANDS = (
    "age_under_18",
    "age_18_24",
    "age_25_34",
    "age_35_44",
    "age_45_54",
    "age_55_64",
    "age_65_74",
    "age_75_84",
    "age_85_plus",
)
_ETHNICITIES = (
    "asian_bangladeshi",
    "asian_chinese",
    "asian_indian",
    "asian_pakistani",
    "asian_other",
    "black_african",
    "black_caribbean",
    "black_other",
    "mixed_white_asian",
    "mixed_white_black_african",
    "mixed_white_black_caribbean",
    "mixed_other",
    "white_british",
    "white_irish",
    "white_gypsy_traveller",
    "white_roma",
    "white_other",
    "other_arab",
    "other_any",
)

#: "About you" item → its answer codes (each item also has ``prefer_not_to_say``).
ABOUT_YOU: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "age_band": _AGE_BANDS,
        "sex": ("female", "male"),
        "ethnicity": _ETHNICITIES,
        "long_condition": ("yes", "no"),
        "activity_limits": ("yes_a_lot", "yes_a_little", "not_at_all"),
        "general_health": ("very_good", "good", "fair", "bad", "very_bad"),
        "language": ("english", "bsl", "other"),
    }
)

#: Response column → the true levels a person can have (codes as in the frame). The
#: case-mix effects of :func:`analysis.simulate_journey.simulate_journey` are keyed by these.
COVARIATE_LEVELS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "age_band": _AGE_BANDS,
        "sex": ABOUT_YOU["sex"],
        "ethnicity": _ETHNICITIES,
        "disability": ("disabled", "not_disabled"),
        "general_health": ABOUT_YOU["general_health"],
        "main_language": ABOUT_YOU["language"],
        "deprivation_quintile": ("1", "2", "3", "4", "5"),
        "respondent_type": RESPONDENT_TYPES,
    }
)


def move_instance(from_type: str, to_type: str) -> str:
    """The instance code of a move, as the measure forms it: ``"gp_to_acute"``."""
    return f"{from_type}_to_{to_type}"


#: Every ``instance`` value: ``""`` (asked once), the service types, then each move
#: ``from_to_to`` with ``MOVE_INDEX[from, to]`` giving its position.
INSTANCES: tuple[str, ...] = (
    "",
    *SERVICE_TYPES,
    *(move_instance(a, b) for a in SERVICE_TYPES for b in SERVICE_TYPES if a != b),
)


def _move_index() -> np.ndarray:
    index = np.full((len(SERVICE_TYPES), len(SERVICE_TYPES)), -1, dtype=np.int16)
    for a, from_type in enumerate(SERVICE_TYPES):
        for b, to_type in enumerate(SERVICE_TYPES):
            if a != b:
                index[a, b] = INSTANCES.index(move_instance(from_type, to_type))
    index.flags.writeable = False
    return index


#: ``MOVE_INDEX[a, b]``: position in :data:`INSTANCES` of the move from service type ``a``
#: to ``b`` (positions in :data:`SERVICE_TYPES`); -1 on the diagonal.
MOVE_INDEX: np.ndarray = _move_index()

#: Every ``item_id`` the simulation writes.
ITEM_IDS: tuple[str, ...] = (
    "respondent",
    "services_used",
    "moves",
    *(item.id for item in SCORED_ITEMS),
    *ABOUT_YOU,
)


def _option_codes() -> tuple[str, ...]:
    codes: dict[str, None] = dict.fromkeys(RESPONDENT_TYPES)
    codes.update(dict.fromkeys(INSTANCES[1:]))  # services ticked, moves ticked
    codes["none"] = None
    for grid in SCALES.values():
        codes.update(dict.fromkeys((*grid.codes, *grid.unscored)))
    for answers in ABOUT_YOU.values():
        codes.update(dict.fromkeys(answers))
    codes["prefer_not_to_say"] = None
    return tuple(codes)


#: Every ``option_code`` the simulation writes (categories of that column).
OPTION_CODES: tuple[str, ...] = _option_codes()
