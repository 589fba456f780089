"""Load measure definitions from YAML files, with errors an author can act on.

Every problem is reported as ``file: location: problem``, where the location is a path inside
the definition (``sections[0].items[1].scale``) or, for YAML syntax errors, a line and column.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from measures.model import Measure
from measures.problems import CrossReferenceError, format_location

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
"""The folder of measure definitions shipped with the package."""

TOP_LEVEL = format_location(())

M = TypeVar("M", bound=BaseModel)


class MeasureDefinitionError(ValueError):
    """A measure definition file is not valid.

    Parameters
    ----------
    file : str
        The file with the problem.
    location : str
        Where in the file: a path such as ``sections[0].items[1].scale``, ``(top level)``,
        or ``line 3, column 7`` for YAML syntax errors.
    problem : str
        What is wrong, in plain English.
    more : iterable of (str, str)
        Further ``(location, problem)`` pairs found in the same file, if any.

    Attributes
    ----------
    problems : tuple of (str, str)
        Every ``(location, problem)`` pair, the first one included.

    Notes
    -----
    ``str()`` gives one ``file: location: problem`` line per problem.
    """

    def __init__(
        self, file: str, location: str, problem: str, more: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.file = file
        self.location = location
        self.problem = problem
        self.problems: tuple[tuple[str, str], ...] = ((location, problem), *more)
        super().__init__("\n".join(f"{file}: {loc}: {prob}" for loc, prob in self.problems))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses repeated keys instead of keeping only the last.

    It also refuses keys that are lists or mappings (the safe loader would, but only after
    this check has tried to look them up).
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    problem="a key must be a name, not a list or a mapping",
                    problem_mark=key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key '{key}' (only one is allowed)",
                    problem_mark=key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_PLAIN_ENGLISH = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check the spelling, or remove it)",
    "string_pattern_mismatch": (
        "must be a lowercase id: a letter, then letters, digits or underscores"
    ),
    "string_too_short": "must not be empty",
    "model_type": "must be a mapping of field names to values",
    "tuple_type": "must be a list",
}


def _yaml_text(value: Any) -> str:
    """Show a value the way it would be written in YAML, shortened if long."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(error: ErrorDetails) -> str:
    """Turn one pydantic error into a plain-English problem."""
    kind = error["type"]
    if kind in _PLAIN_ENGLISH:
        problem = _PLAIN_ENGLISH[kind]
    elif kind == "too_short":
        problem = f"must list at least {error.get('ctx', {}).get('min_length', 1)} entry"
    else:
        problem = error["msg"].removeprefix("Value error, ").replace("Input should", "must")
    value = error.get("input")
    if kind in {"missing", "extra_forbidden"}:
        return problem
    if isinstance(value, str | int | float | bool) or value is None:
        problem += f" (got {_yaml_text(value)})"
    elif isinstance(value, list):
        problem += " (got a list)"
    if kind == "string_type" and isinstance(value, bool):
        problem += "; YAML reads yes/no/on/off/true/false as true or false, so put text in quotes"
    return problem


def _is_echo(error: ErrorDetails, errors: list[ErrorDetails]) -> bool:
    """Whether this is the "too short" pydantic adds to a list when its entries failed."""
    loc = error["loc"]
    return error["type"] == "too_short" and any(
        other["loc"][: len(loc)] == loc and len(other["loc"]) > len(loc) for other in errors
    )


def _problems(exc: ValidationError) -> Iterator[tuple[str, str]]:
    """Yield ``(location, problem)`` for every error, expanding cross-reference errors."""
    errors = exc.errors()
    for error in errors:
        if _is_echo(error, errors):
            continue
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, CrossReferenceError):
            for inner in cause.problems:
                yield format_location((*error["loc"], *inner.loc)), inner.message
        else:
            yield format_location(error["loc"]), _describe(error)


def _yaml_failure(file: str, text: str, exc: yaml.YAMLError) -> NoReturn:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML forbids, such as NUL
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        problem = f"not valid YAML: the character U+{exc.character:04X} cannot be used"
        raise MeasureDefinitionError(file, f"line {line}, column {column}", problem) from exc
    mark = getattr(exc, "problem_mark", None)
    location = TOP_LEVEL if mark is None else f"line {mark.line + 1}, column {mark.column + 1}"
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    raise MeasureDefinitionError(file, location, f"not valid YAML: {detail}") from exc


def _utf8_text(file: str, data: bytes) -> str:
    """The file's text, or a problem naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = "not UTF-8 text: save the file with the UTF-8 encoding"
        raise MeasureDefinitionError(file, f"line {line}", problem) from None


def load_yaml_model(path: Path, model: type[M]) -> M:
    """Read a YAML file and validate it into ``model``, with errors an author can act on.

    Parameters
    ----------
    path : Path
        The YAML file.
    model : type
        A pydantic model class, such as :class:`~measures.model.Measure`.

    Returns
    -------
    model
        The validated, immutable object.

    Raises
    ------
    MeasureDefinitionError
        If the file is not UTF-8 text, not valid YAML or does not fit the model; it names
        the file, the location of each problem and what is wrong.
    OSError
        If the file cannot be read.
    """
    file = str(path)
    text = _utf8_text(file, path.read_bytes())
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        _yaml_failure(file, text, exc)
    except RecursionError:  # the YAML parser recurses once per level of nesting
        problem = "not valid YAML: lists or mappings are nested too deeply"
        raise MeasureDefinitionError(file, TOP_LEVEL, problem) from None
    if data is None:
        raise MeasureDefinitionError(file, TOP_LEVEL, "the file is empty")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        (location, problem), *more = _problems(exc)
        raise MeasureDefinitionError(file, location, problem, more) from None


def load_measure(path: Path) -> Measure:
    """Read and validate one measure definition.

    Parameters
    ----------
    path : Path
        A YAML file holding one measure definition.

    Returns
    -------
    Measure
        The validated, immutable definition.

    Raises
    ------
    MeasureDefinitionError
        If the file is not valid YAML or not a valid definition; it names the file, the
        location of each problem and what is wrong.
    OSError
        If the file cannot be read.
    """
    return load_yaml_model(path, Measure)


class MeasureRegistry:
    """A read-only collection of measures, looked up by id and version.

    Parameters
    ----------
    measures : iterable of Measure
        The measures; no two may share an ``(id, version)``.
    files : Mapping of (str, int) to str, optional
        The file each measure came from, by ``(id, version)``, for messages.

    Raises
    ------
    ValueError
        If two measures share an ``(id, version)``.
    """

    __slots__ = ("_by_key", "_files", "_latest")

    _by_key: dict[tuple[str, int], Measure]
    _files: dict[tuple[str, int], str]
    _latest: dict[str, Measure]

    def __init__(
        self, measures: Iterable[Measure], *, files: Mapping[tuple[str, int], str] | None = None
    ) -> None:
        by_key: dict[tuple[str, int], Measure] = {}
        for measure in sorted(measures, key=lambda m: m.key):
            if measure.key in by_key:
                raise ValueError(f"measure '{measure.id}' version {measure.version} given twice")
            by_key[measure.key] = measure
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_latest", {m.id: m for m in by_key.values()})
        object.__setattr__(self, "_files", dict(files or {}))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def get(self, measure_id: str, version: int) -> Measure:
        """Return one version of a measure.

        Raises
        ------
        KeyError
            If there is no such measure or version.
        """
        try:
            return self._by_key[(measure_id, version)]
        except KeyError:
            known = ", ".join(f"{i} v{v}" for i, v in self._by_key) or "none"
            msg = f"no measure '{measure_id}' version {version} (known: {known})"
            raise KeyError(msg) from None

    def file(self, measure_id: str, version: int) -> str:
        """The file a measure was loaded from, or ``<id vN>`` if it was not loaded from one.

        Raises
        ------
        KeyError
            If there is no such measure or version.
        """
        measure = self.get(measure_id, version)
        return self._files.get(measure.key, f"<{measure_id} v{version}>")

    def latest(self, measure_id: str) -> Measure:
        """Return the highest version of a measure.

        Raises
        ------
        KeyError
            If there is no measure with this id.
        """
        try:
            return self._latest[measure_id]
        except KeyError:
            known = ", ".join(self._latest) or "none"
            raise KeyError(f"no measure '{measure_id}' (known: {known})") from None

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __iter__(self) -> Iterator[Measure]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def __repr__(self) -> str:
        keys = ", ".join(f"{i} v{v}" for i, v in self._by_key)
        return f"{type(self).__name__}({keys})"


def load_registry(directory: Path | None = None) -> MeasureRegistry:
    """Load every ``*.yaml`` definition in a folder.

    Parameters
    ----------
    directory : Path, optional
        The folder to read; defaults to :data:`DEFINITIONS_DIR`.

    Returns
    -------
    MeasureRegistry
        All measures found, ordered by id and version.

    Raises
    ------
    MeasureDefinitionError
        If any file is invalid, or two files define the same id and version.
    """
    folder = DEFINITIONS_DIR if directory is None else directory
    files: dict[tuple[str, int], Path] = {}
    measures = []
    for path in sorted(folder.glob("*.yaml")):
        measure = load_measure(path)
        if measure.key in files:
            problem = (
                f"measure '{measure.id}' version {measure.version} is already defined in "
                f"{files[measure.key]}; give this one a new version number"
            )
            raise MeasureDefinitionError(str(path), TOP_LEVEL, problem)
        files[measure.key] = path
        measures.append(measure)
    return MeasureRegistry(measures, files={key: str(path) for key, path in files.items()})
