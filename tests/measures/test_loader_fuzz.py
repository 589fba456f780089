"""Fuzzing the measure loader and ``prem measures validate`` with hostile definition files.

Each example starts from a shipped definition and breaks it: keys dropped, renamed or given
hostile values (wrong types, huge, empty, unicode and control-character text, deep nesting),
list entries repeated (so ids repeat), values moved to other places; or the file's bytes
are spliced, truncated, re-encoded or nested too deeply for the YAML parser.

The property: loading either gives a measure or raises :class:`MeasureDefinitionError`
whose every line is ``file: location: problem`` in plain words (never a raw ``KeyError``,
``TypeError``, ``RecursionError``, ``UnicodeDecodeError`` or YAML error), and a measure it
gives loads again unchanged. ``prem measures validate`` exits 0 or 1 with a plain message,
never a traceback, and agrees with the loader.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from measures import DEFINITIONS_DIR, MeasureDefinitionError, load_measure, load_registry
from measures.model import Measure
from survey_app.cli_measures import measures_group
from tests.fuzzing import fuzz_settings

FILES = ("fft.yaml", "whole-journey.yaml")
RAW = {name: (DEFINITIONS_DIR / name).read_bytes() for name in FILES}
PARSED = {name: yaml.safe_load(RAW[name]) for name in FILES}

WEIRD_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(max_codepoint=0x9F, categories=["Cc"]), max_size=10),
    st.sampled_from(
        ["", " ", "x" * 100_000, "yes", "null", "~", "1e999", "{service}", "{", "}}", "{0}",
         "{from_service} {to_service}", "fft", "q1", "very_good", "Ünïcödé ✓ 😀", "\u202e",
         "a\u0000b", "overall", "services", "transitions", "single_choice"]
    ),
)  # fmt: skip
LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.integers(10**30, 10**40), WEIRD_TEXT
)
HOSTILE = st.one_of(
    LEAF,
    st.recursive(
        LEAF,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3)
        ),
        max_leaves=8,
    ),
    st.integers(1, 300).map(lambda depth: _nested(depth)),
)
SNIPPETS = (
    b"\t", b"\x00", b"\xff\xfe", b"\xe9", b"{", b"]", b"---\n", b"%YAML 9.9\n", b"*nowhere",
    b"\nloop: &a [*a]\n", b"\n? [a, b]\n: 1\n", b"\n? {a: 1}\n: 1\n", b"\nid: again\n",
    b"\nx: !!python/object/apply:os.system ['true']\n", b"\n<<: {a: 1}\n", b"\x1b[31m",
)  # fmt: skip


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def _slots(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a parsed definition, outermost first."""
    found: list[tuple[Any, Any]] = []
    keys = tree.keys() if isinstance(tree, dict) else range(len(tree))
    for key in list(keys):
        found.append((tree, key))
        if isinstance(tree[key], dict | list) and tree[key]:
            found.extend(_slots(tree[key]))
    return found


@st.composite
def broken_tree(draw: st.DrawFn) -> Any:
    """A shipped definition, parsed, with one to three things broken."""
    tree = copy.deepcopy(PARSED[draw(st.sampled_from(FILES))])
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(tree)
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        how = draw(st.sampled_from(["drop", "hostile", "repeat", "rename", "move"]))
        if how == "drop":
            del container[key]
        elif how == "repeat" and isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
        elif how == "rename" and isinstance(container, dict):
            container[draw(WEIRD_TEXT)] = container.pop(key)
        elif how == "move":
            source, source_key = draw(st.sampled_from(slots))
            container[key] = copy.deepcopy(source[source_key])
        else:
            container[key] = draw(HOSTILE)
    return tree


@st.composite
def broken_bytes(draw: st.DrawFn) -> bytes:
    """A shipped definition's bytes, spliced, truncated, re-encoded or nested too deep."""
    data = RAW[draw(st.sampled_from(FILES))]
    at = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["splice", "truncate", "encode", "deep"]))
    if how == "splice":
        return data[:at] + draw(st.sampled_from(SNIPPETS) | st.binary(max_size=12)) + data[at:]
    if how == "truncate":
        return data[:at]
    if how == "encode":
        codec = draw(st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"]))
        return data.decode("utf-8").replace("-", "–").encode(codec, errors="replace")
    depth = draw(st.sampled_from([10, 3_000]))
    opener, closer = draw(st.sampled_from([(b"[", b"]"), (b"{a: ", b"}")]))
    return data + b"\nextra: " + opener * depth + b"1" + closer * depth + b"\n"


def _dump(tree: Any) -> bytes:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


def _outcome(path: Path) -> Measure | MeasureDefinitionError:
    """Load ``path``; anything but a measure or the loader's own error fails the test."""
    try:
        return load_measure(path)
    except MeasureDefinitionError as error:
        return error


def _assert_plain(error: MeasureDefinitionError, path: Path) -> None:
    """Every line reads ``file: location: problem``, with nothing from the machinery."""
    lines = str(error).split("\n")
    assert len(lines) == len(error.problems)
    for line, (location, problem) in zip(lines, error.problems, strict=True):
        assert line == f"{path}: {location}: {problem}"
        assert location and problem.strip()
    for leak in ("Traceback", "pydantic", "errors.pydantic.dev", "<unicode string>"):
        assert leak not in str(error)


def _check_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    outcome = _outcome(path)
    if isinstance(outcome, MeasureDefinitionError):
        _assert_plain(outcome, path)
        return
    again = path.with_name("again.yaml")
    again.write_bytes(_dump(outcome.model_dump(mode="json", exclude_unset=True)))
    assert load_measure(again) == outcome


@fuzz_settings(60)
@given(tree=broken_tree())
def test_a_broken_definition_is_refused_plainly_or_loads_the_same_twice(
    tmp_path: Path, tree: Any
) -> None:
    _check_file(tmp_path / "broken.yaml", _dump(tree))


@fuzz_settings(60)
@given(data=broken_bytes())
@example(data=b"id: caf\xe9\n")
@example(data=b"sections: " + b"[" * 5_000 + b"]" * 5_000)
@example(data=b"? [a, b]\n: 1\n")
def test_broken_bytes_are_refused_plainly(tmp_path: Path, data: bytes) -> None:
    _check_file(tmp_path / "broken.yaml", data)


@fuzz_settings(25)
@given(
    files=st.lists(
        broken_tree().map(_dump) | broken_bytes() | st.sampled_from(list(RAW.values())),
        min_size=1,
        max_size=3,
    )
)
def test_validate_exits_plainly_and_agrees_with_the_loader(
    tmp_path: Path, files: list[bytes]
) -> None:
    folder = tmp_path / "definitions"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for number, data in enumerate(files):
        (folder / f"measure-{number}.yaml").write_bytes(data)
    result = CliRunner().invoke(measures_group, ["validate", "--dir", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    try:
        loaded = len(load_registry(folder))
    except MeasureDefinitionError as error:
        assert result.exit_code == 1
        assert result.output == f"Error: {error}\n"
        return
    if result.exit_code == 0:
        assert sum(line.startswith("ok  ") for line in result.output.splitlines()) == loaded
    else:
        assert result.exit_code == 1 and result.output.startswith("Error: ")
