"""What people say about themselves in :func:`analysis.simulate_journey.simulate_journey`.

The "about you" answers as given (skipped, "prefer not to say", or the true level), and the
case-mix and equality columns they make, derived as ``survey_app.frames`` derives them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from analysis.simulate_journey_items import ABOUT_YOU
from analysis.simulate_journey_people import People

__all__ = ["NOT_ANSWERED", "PREFER_NOT", "draw_reports", "reported_levels"]

#: Codes in the arrays of :func:`draw_reports` for an "about you" answer not given.
NOT_ANSWERED, PREFER_NOT = -1, -2

#: Response column → the "about you" item it copies (same codes, same order).
_COPIED = {
    "age_band": "age_band",
    "sex": "sex",
    "ethnicity": "ethnicity",
    "general_health": "general_health",
    "main_language": "language",
}


def draw_reports(
    rng: np.random.Generator, people: People, missing_share: float, prefer_not_share: float
) -> dict[str, np.ndarray]:
    """Each "about you" answer as given, by the measure's routing.

    Every item is skipped with chance `missing_share` and answered "prefer not to say" with
    chance `prefer_not_share`, at random; otherwise the true level is given. Activity
    limits are asked only after a "yes" to a long-term condition; general health is not
    asked of a carer answering for someone (the GSS standard is not asked by proxy).

    Returns
    -------
    dict of str to numpy.ndarray
        For each :data:`ABOUT_YOU` item, the position of the code given in its answer
        list, :data:`NOT_ANSWERED` (skipped or not asked) or :data:`PREFER_NOT`.
    """
    n = len(people.respondent_type)
    true = {
        "age_band": people.age_band,
        "sex": people.sex,
        "ethnicity": people.ethnicity,
        "long_condition": 1 - people.long_condition,  # codes ("yes", "no")
        "activity_limits": people.activity,
        "general_health": people.general_health,
        "language": people.main_language,
    }
    reported: dict[str, np.ndarray] = {}
    for item in ABOUT_YOU:
        if item == "activity_limits":
            rows = np.flatnonzero(reported["long_condition"] == 0)
        elif item == "general_health":
            rows = np.flatnonzero(people.respondent_type != 1)
        else:
            rows = np.arange(n)
        u = rng.random(len(rows))
        given = np.where(
            u < missing_share,
            NOT_ANSWERED,
            np.where(u < missing_share + prefer_not_share, PREFER_NOT, true[item][rows]),
        )
        reported[item] = np.full(n, NOT_ANSWERED, dtype=np.int8)
        reported[item][rows] = given
    return reported


def reported_levels(
    rng: np.random.Generator,
    people: People,
    reported: Mapping[str, np.ndarray],
    missing_share: float,
) -> dict[str, np.ndarray]:
    """Positions in :data:`COVARIATE_LEVELS` of each response column's value; -1 is blank.

    Columns copied from an answer are blank when it was not given. ``disability`` is
    ``disabled`` after a condition that limits a lot or a little, ``not_disabled`` after no
    condition or one that limits not at all, blank otherwise. ``deprivation_quintile`` is
    data supplied with the response, blank with chance `missing_share`;
    ``respondent_type`` is always known.
    """
    levels = {
        column: np.where(reported[item] >= 0, reported[item], -1).astype(np.int64)
        for column, item in _COPIED.items()
    }
    condition, limits = reported["long_condition"], reported["activity_limits"]
    disabled = (condition == 0) & ((limits == 0) | (limits == 1))
    not_disabled = (condition == 1) | ((condition == 0) & (limits == 2))
    levels["disability"] = np.where(disabled, 0, np.where(not_disabled, 1, -1))
    blank = rng.random(len(condition)) < missing_share
    levels["deprivation_quintile"] = np.where(blank, -1, people.deprivation_quintile)
    levels["respondent_type"] = people.respondent_type.astype(np.int64)
    return levels
