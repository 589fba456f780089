"""Analysis tables from CSV files: read as the contract says, or refused naming file and line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from survey_app.csv_frames import InputError, read_input_dir

HEADER = (
    "response_id,place_id,service_id,campaign_id,submitted_at,mode,language,"
    "measure_id,measure_version,deprivation_quintile"
)
RESPONSES = f"""{HEADER}
r1,leeds,ward-1,c1,2026-07-14T09:30:00Z,online,en,whole_journey,1,2
r2,leeds,,c2,2026-08-01T12:00:00+01:00,paper,cy,whole_journey,1,
"""
ANSWERS = """response_id,item_id,instance,option_code,score
r1,overall,,rating_8,80
r1,info_understood,gp,yes_definitely,100
r2,overall,,rating_3,30
"""


def _folder(tmp_path: Path, responses: str = RESPONSES, answers: str = ANSWERS) -> Path:
    (tmp_path / "responses.csv").write_text(responses, encoding="utf-8")
    (tmp_path / "answers.csv").write_text(answers, encoding="utf-8")
    return tmp_path


def test_files_are_read_into_the_contract(tmp_path: Path) -> None:
    responses, answers = read_input_dir(_folder(tmp_path))
    assert responses["quarter"].tolist() == ["2026Q3", "2026Q3"]
    assert responses["submitted_at"][1] == pd.Timestamp("2026-08-01T11:00:00Z")
    assert pd.isna(responses["service_id"][1])  # a whole-place campaign
    assert responses["deprivation_quintile"][0] == 2 and pd.isna(
        responses["deprivation_quintile"][1]
    )
    assert answers["instance"].tolist() == ["", "gp", ""]
    assert answers["score"].tolist() == [80.0, 100.0, 30.0]


@pytest.mark.parametrize(
    ("table", "before", "after", "message"),
    [
        ("answers", "rating_3,30", "rating_3,130", "answers.csv, line 4, column 'score': is outside 0 to 100"),  # noqa: E501
        ("answers", "rating_8,80", "rating_8,eighty", "answers.csv, line 2, column 'score': 'eighty' is not a number"),  # noqa: E501
        ("answers", "r2,overall", ",overall", "answers.csv, line 4, column 'response_id': is missing a value"),  # noqa: E501
        ("responses", "2026-07-14T09:30:00Z", "14th July", "responses.csv, line 2, column 'submitted_at': '14th July' is not a date and time"),  # noqa: E501
        ("responses", "whole_journey,1,2", "whole_journey,1,7", "responses.csv, line 2, column 'deprivation_quintile': is not a whole number from 1 to 5"),  # noqa: E501
        ("responses", "r2,leeds", "r1,leeds", "responses.csv, line 3, column 'response_id': repeats an earlier response_id"),  # noqa: E501
        ("responses", ",mode,", ",channel,", "responses.csv: required column 'mode' is missing"),
    ],
)  # fmt: skip
def test_problems_name_the_file_line_and_column(
    tmp_path: Path, table: str, before: str, after: str, message: str
) -> None:
    texts = {"responses": RESPONSES, "answers": ANSWERS}
    assert before in texts[table]
    texts[table] = texts[table].replace(before, after, 1)
    with pytest.raises(InputError) as raised:
        read_input_dir(_folder(tmp_path, texts["responses"], texts["answers"]))
    assert message in str(raised.value)
    assert str(tmp_path) in str(raised.value)


def test_a_missing_or_unreadable_file_is_explained(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "answers.csv").unlink()
    with pytest.raises(InputError, match=r"answers.csv is missing: put the answers table there"):
        read_input_dir(folder)
    (folder / "answers.csv").write_bytes("response_id,item_id\nr1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="is not UTF-8 text"):
        read_input_dir(folder)
    with pytest.raises(InputError, match="is not a folder"):
        read_input_dir(folder / "nowhere")
