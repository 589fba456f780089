"""The data dictionary of the quarterly open-data file: one entry per column (no Flask).

The column list here is the file's header, so the dictionary cannot fall behind the data.
"""

from __future__ import annotations

import pandas as pd

from analysis.api import BANDS, DEFAULT_MIN_N

__all__ = ["COLUMNS", "LEVELS", "STATISTICS", "data_dictionary", "suppressed_note"]

#: What each value of ``level`` covers.
LEVELS = {
    "place": "all responses in the place (or in every place, for an 'all' file)",
    "service": "responses from one service's campaigns",
    "equality_group": "responses from one group of an equality characteristic",
    "handover": "answers about moving from one type of service to another",
}

#: What each value of ``statistic`` is.
STATISTICS = {
    "responses": "number of responses in the quarter (in n; no value)",
    "mean_score": "mean score, 0 to 100 (higher is better)",
    "top_box_percent": "percentage of answers giving the best answer (scoring 100)",
    "adjusted_score": "headline score adjusted for case mix, 0 to 100",
    "band": "the adjusted score compared with what was expected (in category)",
}

_HANDOVER_FLAGS = "below the rest; above the rest; no significant difference; not tested"


def suppressed_note(min_n: int, reason: str = "small_number") -> str:
    """The note of a row withheld for disclosure control."""
    if reason == "complementary":
        return (
            f"suppressed: withheld so that a group of fewer than {min_n} responses "
            "cannot be worked out from the total"
        )
    return f"suppressed: fewer than {min_n} responses"


def _columns(min_n: int) -> tuple[tuple[str, str, str, str], ...]:
    """(column, type, description, allowed values / units), in file order."""
    levels = "; ".join(f"{key} ({text})" for key, text in LEVELS.items())
    statistics = "; ".join(f"{key} ({text})" for key, text in STATISTICS.items())
    return (
        ("quarter", "text", "Calendar quarter the responses were submitted in.", "YYYYQn"),
        ("measure_id", "text", "The questionnaire answered.", "e.g. whole_journey"),
        ("place", "text", "The place (health and wellbeing board area) the file covers.", ""),
        ("level", "text", "What the row describes.", levels),
        ("service_id", "text", "Stable id of the service (level service).", ""),
        ("service_name", "text", "The service's public name (level service).", ""),
        (
            "service_type",
            "text",
            "Kind of service (level service).",
            "gp; acute; community; mental_health; social_care; care_home; pharmacy; "
            "ambulance; voluntary; other",
        ),
        (
            "characteristic",
            "text",
            "Equality characteristic (level equality_group).",
            "e.g. age_band, sex, ethnicity",
        ),
        (
            "group",
            "text",
            "Group of the characteristic (level equality_group); 'missing' for people who "
            "left the question blank.",
            "",
        ),
        ("from_type", "text", "Type of service left (level handover).", "as service_type"),
        ("to_type", "text", "Type of service moved to (level handover).", "as service_type"),
        ("domain_id", "text", "Stable id of the group of questions scored together.", ""),
        ("domain_title", "text", "Title of the domain.", ""),
        ("item_id", "text", "Stable id of one question (item rows only).", ""),
        ("item_text", "text", "Short English wording of the question.", ""),
        ("statistic", "text", "What value holds.", statistics),
        (
            "n",
            "integer",
            "Responses (people) behind the figures; for handovers, the moves answered about. "
            f"Blank when suppressed: nothing is published from fewer than {min_n} responses, "
            f"so no count from 1 to {min_n - 1} appears.",
            f"{min_n} or more, or blank",
        ),
        (
            "value",
            "number",
            "The estimate, rounded to 1 decimal place. Scores run from 0 (worst) to 100 "
            "(best); top_box_percent is a percentage. Blank when suppressed.",
            "0 to 100",
        ),
        ("lower", "number", "Lower limit of the confidence interval of value.", "0 to 100"),
        ("upper", "number", "Upper limit of the confidence interval of value.", "0 to 100"),
        (
            "interval_level",
            "number",
            "Confidence level of lower and upper.",
            "a proportion, e.g. 0.95",
        ),
        (
            "category",
            "text",
            "A result in words: the band of a band row, the flag of a handover row.",
            f"bands: {'; '.join(BANDS)}; 'not banded: fewer than N responses'. "
            f"handover flags: {_HANDOVER_FLAGS}",
        ),
        ("method", "text", "How the figures were worked out.", ""),
        (
            "note",
            "text",
            "Anything a reader needs; suppressed rows say "
            f"'{suppressed_note(min_n)}' and carry no n and no figures. A group may also be "
            "withheld so a smaller one cannot be worked out from the total.",
            "",
        ),
    )


#: Columns of the open-data file, in order.
COLUMNS: tuple[str, ...] = tuple(row[0] for row in _columns(DEFAULT_MIN_N))


def data_dictionary(min_n: int = DEFAULT_MIN_N) -> pd.DataFrame:
    """One row per column of the open-data file.

    Parameters
    ----------
    min_n : int
        The disclosure threshold the file was made with, quoted in the suppression rule.

    Returns
    -------
    pandas.DataFrame
        Columns ``column``, ``type``, ``description``, ``allowed_values``.
    """
    return pd.DataFrame(
        _columns(min_n), columns=["column", "type", "description", "allowed_values"]
    )
