"""Broken definitions, one fault each: the error names the file, the place and the problem."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from measures import MeasureDefinitionError, load_measure
from tests.measures.conftest import WriteDefinition, tiny_definition

Change = Callable[[dict[str, Any]], None]


def _item(data: dict[str, Any], section: int = 0, item: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = data["sections"][section]["items"][item]
    return found


def _option(data: dict[str, Any], index: int) -> dict[str, Any]:
    found: dict[str, Any] = data["scales"][0]["options"][index]
    return found


def _fft(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["scoring"]["fft"]
    return found


# (change to the tiny definition, expected location, words the problem must contain)
def _plan(**fields: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        data["domains"] = [{"id": "overall", "title": "Overall"}]
        data["sections"][0]["items"][0]["domain"] = "overall"
        data["scoring"]["analysis"] = {"headline": "overall", **fields}

    return change


BROKEN: dict[str, tuple[Change, str, str]] = {
    "analysis headline is not a domain": (
        _plan(headline="nowhere"),
        "scoring.analysis.headline",
        "unknown domain 'nowhere'",
    ),
    "analysis covariate from free text": (
        _plan(covariates=[{"column": "age_band", "item": "q2"}]),
        "scoring.analysis.covariates[0]",
        "'q2' is not a single_choice item",
    ),
    "analysis covariate's missing code unknown": (
        _plan(covariates=[{"column": "age_band", "item": "q1", "missing": ["shrug"]}]),
        "scoring.analysis.covariates[0].missing[0]",
        "unknown code 'shrug' for 'q1'",
    ),
    "analysis adjusts for an unknown column": (
        _plan(case_mix=["shoe_size"]),
        "scoring.analysis.case_mix[0]",
        "unknown column 'shoe_size'",
    ),
    "unknown scale": (
        lambda d: _item(d).update(scale="agreement"),
        "sections[0].items[0].scale",
        "unknown scale 'agreement' (scales defined: agree)",
    ),
    "duplicate item id across sections": (
        lambda d: _item(d, section=1).update(id="q2"),
        "sections[1].items[0].id",
        "duplicate item id 'q2' (already used at sections[0].items[1].id)",
    ),
    "duplicate section id": (
        lambda d: d["sections"][1].update(id="main"),
        "sections[1].id",
        "duplicate section id 'main'",
    ),
    "duplicate scale id": (
        lambda d: d["scales"].append(d["scales"][0]),
        "scales[1].id",
        "duplicate scale id 'agree'",
    ),
    "duplicate option code": (
        lambda d: _option(d, 1).update(code="agree"),
        "scales[0].options[1].code",
        "duplicate option code 'agree' (already used at options[0].code)",
    ),
    "score above 100": (
        lambda d: _option(d, 0).update(score=150),
        "scales[0].options[0].score",
        "must be less than or equal to 100 (got 150)",
    ),
    "score below 0": (
        lambda d: _option(d, 1).update(score=-1),
        "scales[0].options[1].score",
        "must be greater than or equal to 0 (got -1)",
    ),
    "fft names unknown code": (
        lambda d: _fft(d)["positive"].append("strongly_agree"),
        "scoring.fft.positive[1]",
        "unknown code 'strongly_agree' (scale 'agree' has: agree, disagree, dont_know)",
    ),
    "fft names unknown item": (
        lambda d: _fft(d).update(item="q9"),
        "scoring.fft.item",
        "unknown item 'q9'",
    ),
    "fft item is free text": (
        lambda d: _fft(d).update(item="q2"),
        "scoring.fft.item",
        "item 'q2' must be single_choice",
    ),
    "fft code both positive and negative": (
        lambda d: _fft(d)["negative"].append("agree"),
        "scoring.fft.negative[1]",
        "code 'agree' is already in positive",
    ),
    "extra unknown key": (
        lambda d: _item(d).update(colour="red"),
        "sections[0].items[0].colour",
        "unknown field",
    ),
    "missing required field": (
        lambda d: _item(d).pop("text"),
        "sections[0].items[0].text",
        "required field is missing",
    ),
    "wrong type": (
        lambda d: d.update(version="one"),
        "version",
        "must be a valid integer (got 'one')",
    ),
    "version zero": (
        lambda d: d.update(version=0),
        "version",
        "must be greater than or equal to 1",
    ),
    "id not snake case": (
        lambda d: _item(d).update(id="Q1"),
        "sections[0].items[0].id",
        "must be a lowercase id",
    ),
    "unknown item type": (
        lambda d: _item(d).update(type="slider"),
        "sections[0].items[0].type",
        "must be 'single_choice', 'multi_choice', 'free_text' or 'short_text' (got 'slider')",
    ),
    "single choice without scale": (
        lambda d: _item(d).pop("scale"),
        "sections[0].items[0].scale",
        "single_choice items need a scale",
    ),
    "free text with scale": (
        lambda d: _item(d, item=1).update(scale="agree"),
        "sections[0].items[1].scale",
        "free_text items must not have a scale",
    ),
    "empty section": (
        lambda d: d["sections"][1].update(items=[]),
        "sections[1].items",
        "must list at least 1 entry",
    ),
    "unknown key with a line break in it": (
        lambda d: d.update({"ti\ntle": "Tiny"}),
        "'ti\\ntle'",
        "unknown field",
    ),
    "yaml boolean where text expected": (
        lambda d: _option(d, 0).update(label=True),
        "scales[0].options[0].label",
        "put text in quotes",
    ),
}


@pytest.mark.parametrize(("change", "location", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_definition_names_file_location_and_problem(
    write_definition: WriteDefinition, change: Change, location: str, problem: str
) -> None:
    data = tiny_definition()
    change(data)
    path = write_definition(data)
    with pytest.raises(MeasureDefinitionError) as caught:
        load_measure(path)
    error = caught.value
    assert (error.file, error.location) == (str(path), location)
    assert problem in error.problem
    assert str(error).startswith(f"{path}: {location}: ")
    assert len(error.problems) == 1, str(error)


BAD_YAML = {
    "unclosed bracket": ("id: tiny\nversion: 1\nscales: [\n", "line 4, column 1", "not valid YAML"),
    "bad indentation": ("id: tiny\n  version: 1\n", "line 2, column 10", "not valid YAML"),
    "duplicate key": (
        "id: tiny\nversion: 1\nid: other\n",
        "line 3, column 1",
        "duplicate key 'id'",
    ),
    "empty file": ("", "(top level)", "the file is empty"),
    "list at top level": ("- id: tiny\n", "(top level)", "must be a mapping"),
    "list as a key": (
        "id: tiny\n? [a, b]\n: 1\n",
        "line 2, column 3",
        "a key must be a name, not a list or a mapping",
    ),
    "control character": (
        "id: tiny\ntitle: Ti\x00ny\n",
        "line 2, column 10",
        "not valid YAML: the character U+0000 cannot be used",
    ),
    "nested too deeply": (
        "id: tiny\nscales: " + "[" * 5_000 + "]" * 5_000,
        "(top level)",
        "nested too deeply",
    ),
}


@pytest.mark.parametrize(("text", "location", "problem"), BAD_YAML.values(), ids=BAD_YAML.keys())
def test_bad_yaml_names_file_line_and_problem(
    write_definition: WriteDefinition, text: str, location: str, problem: str
) -> None:
    path = write_definition(text)
    with pytest.raises(MeasureDefinitionError) as caught:
        load_measure(path)
    assert caught.value.location == location
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}: {location}: ")


def test_every_problem_in_a_file_is_reported_one_per_line(
    write_definition: WriteDefinition,
) -> None:
    data = tiny_definition()
    _item(data).update(scale="agreement")
    _item(data, section=1).update(id="q1")
    path = write_definition(data)
    with pytest.raises(MeasureDefinitionError) as caught:
        load_measure(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}: sections[1].items[0].id: duplicate item id 'q1' "
        "(already used at sections[0].items[0].id)",
        f"{path}: sections[0].items[0].scale: unknown scale 'agreement' (scales defined: agree)",
    ]


def test_a_file_not_in_utf8_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_bytes("id: tiny\ntitle: Caf\u00e9\n".encode("latin-1"))
    with pytest.raises(MeasureDefinitionError) as caught:
        load_measure(path)
    assert str(caught.value) == (
        f"{path}: line 2: not UTF-8 text: save the file with the UTF-8 encoding"
    )


def test_missing_file_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_measure(tmp_path / "absent.yaml")
