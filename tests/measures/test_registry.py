"""Loading every definition in a folder into a registry."""

from collections.abc import Callable
from pathlib import Path

import pytest

from measures import Measure, MeasureDefinitionError, MeasureRegistry, load_registry
from tests.measures.conftest import WriteDefinition, tiny_definition

Lookup = Callable[[MeasureRegistry], object]


def test_shipped_definitions_load() -> None:
    registry = load_registry()
    assert registry.get("fft", 1).title == "Friends and Family Test"
    assert ("fft", 1) in registry


def test_get_and_latest(write_definition: WriteDefinition, tmp_path: Path) -> None:
    write_definition({**tiny_definition(), "version": 2}, "tiny-v2.yaml")
    write_definition(tiny_definition(), "tiny-v1.yaml")
    write_definition({**tiny_definition(), "id": "other"}, "other.yaml")
    (tmp_path / "notes.txt").write_text("not a definition", encoding="utf-8")

    registry = load_registry(tmp_path)

    assert len(registry) == 3
    assert [m.key for m in registry] == [("other", 1), ("tiny", 1), ("tiny", 2)]
    assert registry.get("tiny", 1).version == 1
    assert registry.latest("tiny").version == 2


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda r: r.get("tiny", 3), r"no measure 'tiny' version 3 \(known: tiny v1\)"),
        (lambda r: r.get("nope", 1), "no measure 'nope' version 1"),
        (lambda r: r.latest("nope"), r"no measure 'nope' \(known: tiny\)"),
    ],
)
def test_unknown_measure_raises_key_error(
    write_definition: WriteDefinition, tmp_path: Path, lookup: Lookup, message: str
) -> None:
    write_definition(tiny_definition())
    registry = load_registry(tmp_path)
    with pytest.raises(KeyError, match=message):
        lookup(registry)


def test_duplicate_id_and_version_names_both_files(
    write_definition: WriteDefinition, tmp_path: Path
) -> None:
    first = write_definition(tiny_definition(), "a.yaml")
    second = write_definition(tiny_definition(), "b.yaml")
    with pytest.raises(MeasureDefinitionError) as caught:
        load_registry(tmp_path)
    assert caught.value.file == str(second)
    assert str(first) in caught.value.problem
    assert "measure 'tiny' version 1 is already defined" in caught.value.problem


def test_invalid_file_stops_loading(write_definition: WriteDefinition, tmp_path: Path) -> None:
    path = write_definition({**tiny_definition(), "version": 0})
    with pytest.raises(MeasureDefinitionError, match=f"{path}: version: "):
        load_registry(tmp_path)


def test_empty_folder_gives_empty_registry(tmp_path: Path) -> None:
    assert len(load_registry(tmp_path)) == 0


def test_registry_is_read_only(write_definition: WriteDefinition, tmp_path: Path) -> None:
    write_definition(tiny_definition())
    registry = load_registry(tmp_path)
    with pytest.raises(AttributeError, match="read-only"):
        registry._by_key = {}  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        registry.extra = 1  # type: ignore[attr-defined]


def test_registry_rejects_duplicates_given_directly() -> None:
    measure = Measure.model_validate(tiny_definition())
    with pytest.raises(ValueError, match="measure 'tiny' version 1 given twice"):
        MeasureRegistry([measure, measure])
