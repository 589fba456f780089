"""Outcome frameworks: the shipped files load, flag what is unconfirmed, and links resolve.

Expected codes and statuses are copied from the project's reference data
(../shared/context/reference-data.md, sections 1.1 and 2.2, Nov 2026), not from the YAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from measures import (
    FRAMEWORKS_DIR,
    LinkProblem,
    MeasureDefinitionError,
    check_indicator_links,
    load_frameworks,
    load_registry,
)
from measures.frameworks import FrameworkRegistry, load_framework
from tests.measures.conftest import WriteDefinition, tiny_definition

# Reference data section 1.1: the rows marked C are 4a (as a topic), 4a.ii, 4b and 4.2; 4c and
# 4.1 are confirmed only as topics, not their codes. 2.1 is confirmed by the Nuffield Trust
# table cited in the same section.
NHS_OF_CONFIRMED = {"4a", "4a.ii", "4b", "4.2", "2.1"}
NHS_OF_CODES = {
    "4a", "4a.i", "4a.ii", "4a.iii", "4b", "4c", "4d",
    "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "2.1",
}  # fmt: skip
# Reference data section 2.2: codes seen in the sources are 1A, 1C, 1D, 1H, 2B, 2D, 4B.
ASCOF_CONFIRMED = {"1A", "1D"}


@pytest.fixture(scope="module")
def frameworks() -> FrameworkRegistry:
    return load_frameworks()


def codes(frameworks: FrameworkRegistry, framework_id: str, status: str | None = None) -> set[str]:
    return {
        indicator.code
        for indicator in frameworks.get(framework_id).indicators
        if status is None or indicator.status == status
    }


def test_shipped_frameworks_load(frameworks: FrameworkRegistry) -> None:
    assert sorted(f.id for f in frameworks) == ["ascof", "nhs_outcomes_framework"]
    assert {p.name for p in FRAMEWORKS_DIR.glob("*.yaml")} == {
        "ascof.yaml",
        "nhs-outcomes-framework.yaml",
    }


def test_nhs_of_domain_4_as_in_reference_data(frameworks: FrameworkRegistry) -> None:
    assert codes(frameworks, "nhs_outcomes_framework") == NHS_OF_CODES
    assert codes(frameworks, "nhs_outcomes_framework", "confirmed") == NHS_OF_CONFIRMED


def test_integrated_care_indicator_is_flagged_unconfirmed(frameworks: FrameworkRegistry) -> None:
    indicator = frameworks.indicator("nhsof_4_9")
    assert (indicator.code, indicator.status) == ("4.9", "unconfirmed")
    assert indicator.title == "People's experience of integrated care"
    assert indicator.note is not None and "ASCOF 3E" in indicator.note
    assert frameworks.framework_of("nhsof_4_9").id == "nhs_outcomes_framework"


def test_ascof_codes_confirmed_only_where_the_sources_show_them(
    frameworks: FrameworkRegistry,
) -> None:
    assert codes(frameworks, "ascof", "confirmed") == ASCOF_CONFIRMED
    assert {"3A", "3B", "3C", "3D(1)", "3D(2)", "3E"} <= codes(frameworks, "ascof", "unconfirmed")


def test_ascof_notes_the_2023_refresh(frameworks: FrameworkRegistry) -> None:
    note = frameworks.get("ascof").note or ""
    assert "April 2023" in note
    for objective in ("Empowerment", "Continuity and quality of care"):
        assert objective in note


def test_every_unconfirmed_indicator_says_why(frameworks: FrameworkRegistry) -> None:
    for framework in frameworks:
        for indicator in framework.indicators:
            assert indicator.source
            if indicator.status == "unconfirmed":
                assert indicator.note, indicator.id


def test_every_shipped_indicator_link_resolves(frameworks: FrameworkRegistry) -> None:
    assert check_indicator_links(load_registry(), frameworks) == ()


def test_unknown_indicator_links_name_file_and_location(
    write_definition: WriteDefinition, tmp_path: Path, frameworks: FrameworkRegistry
) -> None:
    data = tiny_definition()
    data["domains"] = [{"id": "d", "title": "D", "indicators": ["nhsof_4_9", "nhsof_9_9"]}]
    data["sections"][0]["items"][0].update(domain="d", indicators=["ascof_9z"])
    path = write_definition(data)
    problems = check_indicator_links(load_registry(tmp_path), frameworks)
    assert problems == (
        LinkProblem(
            str(path),
            "domains[0].indicators[1]",
            "unknown indicator 'nhsof_9_9' (no framework has it)",
        ),
        LinkProblem(
            str(path),
            "sections[0].items[0].indicators[0]",
            "unknown indicator 'ascof_9z' (no framework has it)",
        ),
    )
    assert str(problems[0]) == f"{path}: domains[0].indicators[1]: " + problems[0].problem


def test_lookups_of_unknown_ids_raise_key_error(frameworks: FrameworkRegistry) -> None:
    with pytest.raises(KeyError, match="no indicator 'nope' in any framework"):
        frameworks.indicator("nope")
    with pytest.raises(KeyError, match="no framework 'nope'"):
        frameworks.get("nope")
    assert not frameworks.has_indicator("nope")


def framework(*indicators: dict[str, Any]) -> dict[str, Any]:
    return {"id": "fw", "title": "Framework", "source": "Somewhere", "indicators": list(indicators)}


def indicator(ident: str = "fw_1", **extra: Any) -> dict[str, Any]:
    return {"id": ident, "code": "1", "title": "One", "status": "confirmed", "source": "S", **extra}


def write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "location", "problem"),
    [
        (
            framework(indicator(status="unconfirmed")),
            "indicators[0].note",
            "an unconfirmed indicator needs a note",
        ),
        (
            framework(indicator(status="believed")),
            "indicators[0].status",
            "must be 'confirmed' or 'unconfirmed'",
        ),
        (
            framework(indicator(), indicator()),
            "indicators[1].id",
            "duplicate indicator id 'fw_1'",
        ),
        (framework(), "indicators", "must list at least 1 entry"),
    ],
)
def test_broken_framework_names_file_location_and_problem(
    tmp_path: Path, data: dict[str, Any], location: str, problem: str
) -> None:
    path = write(tmp_path, "fw.yaml", data)
    with pytest.raises(MeasureDefinitionError) as caught:
        load_framework(path)
    assert (caught.value.file, caught.value.location) == (str(path), location)
    assert problem in caught.value.problem


def test_indicator_ids_are_unique_across_frameworks(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", framework(indicator()))
    second = write(tmp_path, "b.yaml", {**framework(indicator()), "id": "other"})
    with pytest.raises(MeasureDefinitionError) as caught:
        load_frameworks(tmp_path)
    assert (caught.value.file, caught.value.location) == (str(second), "indicators[0].id")
    assert str(first) in caught.value.problem
