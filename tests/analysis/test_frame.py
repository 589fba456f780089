from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from analysis.api import (
    ANSWER_COLUMNS,
    RESPONSE_COLUMNS,
    FrameError,
    validate_answers,
    validate_responses,
)
from tests.analysis.builders import make_frames


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [("s1", "2026Q3", "good"), ("s1", "2026Q3", None), ("s2", "2026Q4", "poor")] * 2
    return make_frames(rows)


def test_contract_lists_the_columns() -> None:
    assert list(RESPONSE_COLUMNS) == [
        "response_id",
        "place_id",
        "service_id",
        "campaign_id",
        "submitted_at",
        "quarter",
        "mode",
        "language",
    ]
    assert list(ANSWER_COLUMNS) == ["response_id", "item_id", "instance", "option_code", "score"]
    assert all(isinstance(text, str) and text for text in RESPONSE_COLUMNS.values())
    with pytest.raises(TypeError):
        RESPONSE_COLUMNS["extra"] = "no"  # type: ignore[index]


def test_valid_frames_pass_unchanged(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    responses, answers = frames
    responses = responses.assign(service_name="Ward 1", service_type="inpatient")
    before = responses.copy()
    assert validate_responses(responses) is responses
    assert validate_answers(answers) is answers
    pd.testing.assert_frame_equal(responses, before)


def test_missing_option_codes_and_scores_are_allowed(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    _, answers = frames
    answers.loc[0, "option_code"] = None
    answers.loc[0, "score"] = np.nan
    answers.loc[1, "score"] = 0.0
    answers.loc[2, "score"] = 100.0
    validate_answers(answers)


def test_object_and_categorical_string_columns_are_accepted(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    responses, answers = frames
    validate_responses(responses.astype({"response_id": object, "service_id": "category"}))
    validate_answers(answers.astype({"item_id": object}))


def test_missing_columns_are_named(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    responses, answers = frames
    with pytest.raises(FrameError, match="responses: required column 'quarter' is missing"):
        validate_responses(responses.drop(columns="quarter"))
    with pytest.raises(FrameError, match="columns 'item_id', 'score' are missing"):
        validate_answers(answers.drop(columns=["item_id", "score"]))


def _set(column: str, row: int, value: object) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(df: pd.DataFrame) -> pd.DataFrame:
        df = df.astype({column: object}) if not isinstance(value, float) else df.copy()
        df.iloc[row, df.columns.get_loc(column)] = value
        return df

    return change


def test_a_whole_place_campaigns_responses_have_no_service(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    responses, _ = frames
    place_wide = _set("service_id", 1, None)(responses)
    assert validate_responses(place_wide) is place_wide


@pytest.mark.parametrize(
    ("change", "column", "row", "problem"),
    [
        (_set("response_id", 2, None), "response_id", 2, "is missing a value"),
        (_set("place_id", 4, ""), "place_id", 4, "is missing a value"),
        (_set("service_id", 1, 12), "service_id", 1, "is not text"),
        (_set("campaign_id", 5, 7), "campaign_id", 5, "is not text"),
        (_set("response_id", 3, "r1"), "response_id", 3, "repeats an earlier response_id"),
        (_set("quarter", 1, "2026-Q3"), "quarter", 1, "is not a quarter label"),
        (_set("quarter", 4, "2026Q5"), "quarter", 4, "is not a quarter label"),
        (_set("quarter", 0, None), "quarter", 0, "is not a quarter label"),
        (_set("submitted_at", 3, pd.NaT), "submitted_at", 3, "is missing a value"),
    ],
)
def test_response_errors_name_column_and_row(
    frames: tuple[pd.DataFrame, pd.DataFrame],
    change: Callable[[pd.DataFrame], pd.DataFrame],
    column: str,
    row: int,
    problem: str,
) -> None:
    responses, _ = frames
    broken = change(responses)
    if column == "submitted_at":
        broken[column] = pd.to_datetime(broken[column], utc=True)
    with pytest.raises(FrameError) as raised:
        validate_responses(broken)
    message = str(raised.value)
    assert f"responses: column '{column}' {problem}" in message
    assert f"at row {row} (0-based position" in message


@pytest.mark.parametrize(
    ("change", "column", "row", "problem"),
    [
        (_set("response_id", 3, None), "response_id", 3, "is missing a value"),
        (_set("item_id", 5, ""), "item_id", 5, "is missing a value"),
        (_set("option_code", 2, 3), "option_code", 2, "is not text"),
        (_set("score", 2, 100.5), "score", 2, "is outside 0 to 100"),
        (_set("score", 6, -0.1), "score", 6, "is outside 0 to 100"),
        (_set("score", 7, float("inf")), "score", 7, "is outside 0 to 100"),
    ],
)
def test_answer_errors_name_column_and_row(
    frames: tuple[pd.DataFrame, pd.DataFrame],
    change: Callable[[pd.DataFrame], pd.DataFrame],
    column: str,
    row: int,
    problem: str,
) -> None:
    _, answers = frames
    with pytest.raises(FrameError) as raised:
        validate_answers(change(answers))
    message = str(raised.value)
    assert f"answers: column '{column}' {problem}" in message
    assert f"at row {row} (0-based position" in message


def test_first_offending_row_is_reported_with_a_total(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    _, answers = frames
    answers.loc[[5, 1, 7], "score"] = 150.0
    with pytest.raises(FrameError, match=r"row 1 \(0-based position; value 150\.0\); 3 row"):
        validate_answers(answers)


def test_row_is_a_position_not_an_index_label(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    responses, _ = frames
    responses.index = [10, 20, 30, 40, 50, 60]
    responses.loc[30, "quarter"] = "bad"
    with pytest.raises(FrameError, match="at row 2 "):
        validate_responses(responses)


def test_submitted_at_must_be_aware_utc(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    responses, _ = frames
    naive = responses.assign(submitted_at=responses["submitted_at"].dt.tz_localize(None))
    with pytest.raises(FrameError, match="'submitted_at' must hold timezone-aware"):
        validate_responses(naive)
    london = responses.assign(submitted_at=responses["submitted_at"].dt.tz_convert("Europe/London"))
    with pytest.raises(FrameError, match=r"'submitted_at' must be in UTC.*Europe/London"):
        validate_responses(london)


def test_score_must_be_numeric(frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, answers = frames
    with pytest.raises(FrameError, match="'score' must be numeric"):
        validate_answers(answers.assign(score="50"))
    with pytest.raises(FrameError, match="'score' must be numeric"):
        validate_answers(answers.assign(score=True))


def test_frame_error_is_a_value_error_and_non_frames_are_type_errors() -> None:
    assert issubclass(FrameError, ValueError)
    with pytest.raises(TypeError, match="DataFrame"):
        validate_responses([{"response_id": "r1"}])  # type: ignore[arg-type]


def test_covariates_are_optional_and_checked_when_present(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    responses, _ = frames
    with_covariates = responses.assign(
        measure_id="whole_journey",
        measure_version=1,
        age_band=pd.Series(["65_74", None] * (len(responses) // 2 + 1))[: len(responses)].values,
        deprivation_quintile=pd.Series([1.0, np.nan] * (len(responses) // 2 + 1))[
            : len(responses)
        ].values,
    )
    assert validate_responses(with_covariates) is with_covariates
    for column, value, problem in (
        ("deprivation_quintile", 6.0, "is not a whole number from 1 to 5"),
        ("deprivation_quintile", 2.5, "is not a whole number from 1 to 5"),
        ("measure_version", 0.0, "is not a whole number from 1"),
        ("sex", 2, "is not text"),
    ):
        broken = with_covariates.assign(**{column: with_covariates.get(column, "female")})
        broken = _set(column, 3, value)(broken)
        with pytest.raises(FrameError, match=rf"column '{column}' {problem} at row 3"):
            validate_responses(broken)


def test_answers_say_which_service_or_move_a_repeated_question_was_about(
    frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    _, answers = frames
    answers.loc[0, "instance"] = "gp_to_acute"
    validate_answers(answers)
    answers.loc[2, "instance"] = None
    with pytest.raises(FrameError, match=r"'instance' is missing a value .* at row 2"):
        validate_answers(answers)
