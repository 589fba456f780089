"""Outcome frameworks: the national indicators a measure's items and domains can inform.

Each ``frameworks/*.yaml`` file holds one framework and its indicators, with where each fact
comes from and whether it was checked against that source. Indicators whose code, wording or
data source were not checked carry ``status: unconfirmed`` and a note saying what is
unconfirmed, so reports never present them as fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Literal, NamedTuple, NoReturn, Self

from pydantic import Field, model_validator

from measures.base import Frozen, Identifier, Text
from measures.load import MeasureDefinitionError, MeasureRegistry, load_yaml_model
from measures.model import Measure
from measures.problems import Loc, Problem, duplicates, format_location, raise_if_any

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
"""The folder of outcome frameworks shipped with the package."""


class Indicator(Frozen):
    """One indicator of an outcome framework.

    Parameters
    ----------
    id : str
        Stable id that measures link to, unique across all frameworks (``nhsof_4_9``).
    code : str
        The framework's own code ("4.9", "3D(2)").
    title : str
        Short name.
    status : {"confirmed", "unconfirmed"}
        Whether the indicator and its code were checked against ``source``.
    source : str
        Where it comes from (a URL or publication).
    note : str or None
        Caveats; required when the status is unconfirmed, to say what is unconfirmed.
    """

    id: Identifier
    code: Text
    title: Text
    status: Literal["confirmed", "unconfirmed"]
    source: Text
    note: Text | None = None

    @model_validator(mode="after")
    def _unconfirmed_says_why(self) -> Self:
        if self.status == "unconfirmed" and self.note is None:
            message = "an unconfirmed indicator needs a note saying what is unconfirmed"
            raise_if_any([Problem(("note",), message)])
        return self


class Framework(Frozen):
    """An outcome framework and the indicators we link to.

    Parameters
    ----------
    id, title : str
        Stable id and name.
    source : str
        The publication the framework is described in.
    note : str or None
        Caveats that apply to the whole framework (a refresh, a renumbering).
    indicators : tuple of Indicator
        At least one; ids and codes unique within the framework.
    """

    id: Identifier
    title: Text
    source: Text
    note: Text | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = ((ind.id, ("indicators", i, "id")) for i, ind in enumerate(self.indicators))
        codes = ((ind.code, ("indicators", i, "code")) for i, ind in enumerate(self.indicators))
        raise_if_any([*duplicates("indicator id", ids), *duplicates("indicator code", codes)])
        return self


class FrameworkRegistry:
    """A read-only collection of frameworks, with indicators looked up by id.

    Parameters
    ----------
    frameworks : iterable of Framework
        No two may share a framework id, and no two indicators an indicator id.

    Raises
    ------
    ValueError
        If a framework id or an indicator id is given twice.
    """

    __slots__ = ("_frameworks", "_indicators")

    _frameworks: dict[str, Framework]
    _indicators: dict[str, tuple[Framework, Indicator]]

    def __init__(self, frameworks: Iterable[Framework]) -> None:
        by_id: dict[str, Framework] = {}
        indicators: dict[str, tuple[Framework, Indicator]] = {}
        for framework in frameworks:
            if framework.id in by_id:
                raise ValueError(f"framework '{framework.id}' given twice")
            by_id[framework.id] = framework
            for indicator in framework.indicators:
                if indicator.id in indicators:
                    other = indicators[indicator.id][0].id
                    raise ValueError(
                        f"indicator '{indicator.id}' is in '{other}' and '{framework.id}'"
                    )
                indicators[indicator.id] = (framework, indicator)
        object.__setattr__(self, "_frameworks", by_id)
        object.__setattr__(self, "_indicators", indicators)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def get(self, framework_id: str) -> Framework:
        """Return a framework.

        Raises
        ------
        KeyError
            If there is no such framework.
        """
        try:
            return self._frameworks[framework_id]
        except KeyError:
            known = ", ".join(self._frameworks) or "none"
            raise KeyError(f"no framework '{framework_id}' (known: {known})") from None

    def indicator(self, indicator_id: str) -> Indicator:
        """Return an indicator of any framework.

        Raises
        ------
        KeyError
            If no framework has such an indicator.
        """
        return self._entry(indicator_id)[1]

    def framework_of(self, indicator_id: str) -> Framework:
        """Return the framework an indicator belongs to.

        Raises
        ------
        KeyError
            If no framework has such an indicator.
        """
        return self._entry(indicator_id)[0]

    def _entry(self, indicator_id: str) -> tuple[Framework, Indicator]:
        try:
            return self._indicators[indicator_id]
        except KeyError:
            raise KeyError(f"no indicator '{indicator_id}' in any framework") from None

    def has_indicator(self, indicator_id: str) -> bool:
        """Whether any framework has this indicator."""
        return indicator_id in self._indicators

    def __contains__(self, framework_id: object) -> bool:
        return framework_id in self._frameworks

    def __iter__(self) -> Iterator[Framework]:
        return iter(self._frameworks.values())

    def __len__(self) -> int:
        return len(self._frameworks)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(self._frameworks)})"


def load_framework(path: Path) -> Framework:
    """Read and validate one framework file.

    Raises
    ------
    MeasureDefinitionError
        If the file is not valid YAML or not a valid framework (file, location, problem).
    """
    return load_yaml_model(path, Framework)


def load_frameworks(directory: Path | None = None) -> FrameworkRegistry:
    """Load every ``*.yaml`` framework in a folder.

    Parameters
    ----------
    directory : Path, optional
        The folder to read; defaults to :data:`FRAMEWORKS_DIR`.

    Raises
    ------
    MeasureDefinitionError
        If any file is invalid, or repeats a framework id or an indicator id of another file.
    """
    folder = FRAMEWORKS_DIR if directory is None else directory
    seen_frameworks: dict[str, Path] = {}
    seen_indicators: dict[str, Path] = {}
    frameworks = []
    for path in sorted(folder.glob("*.yaml")):
        framework = load_framework(path)
        if framework.id in seen_frameworks:
            problem = (
                f"framework '{framework.id}' is already defined in {seen_frameworks[framework.id]}"
            )
            raise MeasureDefinitionError(str(path), format_location(("id",)), problem)
        seen_frameworks[framework.id] = path
        for position, indicator in enumerate(framework.indicators):
            if indicator.id in seen_indicators:
                where = format_location(("indicators", position, "id"))
                problem = (
                    f"indicator id '{indicator.id}' is already used in "
                    f"{seen_indicators[indicator.id]}; indicator ids are unique across frameworks"
                )
                raise MeasureDefinitionError(str(path), where, problem)
            seen_indicators[indicator.id] = path
        frameworks.append(framework)
    return FrameworkRegistry(frameworks)


class LinkProblem(NamedTuple):
    """An indicator link that does not resolve: which file, where in it, and what is wrong."""

    file: str
    location: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.problem}"


def indicator_links(measure: Measure) -> Iterator[tuple[Loc, str]]:
    """Yield ``(location, indicator id)`` for every indicator a measure links to."""
    for d, domain in enumerate(measure.domains):
        for position, indicator_id in enumerate(domain.indicators):
            yield ("domains", d, "indicators", position), indicator_id
    for s, section in enumerate(measure.sections):
        for i, item in enumerate(section.items):
            for position, indicator_id in enumerate(item.indicators):
                yield ("sections", s, "items", i, "indicators", position), indicator_id


def check_indicator_links(
    registry: MeasureRegistry | Iterable[Measure],
    frameworks: FrameworkRegistry,
    files: Mapping[tuple[str, int], str] | None = None,
) -> tuple[LinkProblem, ...]:
    """Find indicator links, in every measure, that name no indicator of any framework.

    Parameters
    ----------
    registry : MeasureRegistry or iterable of Measure
        The measures to check. A registry knows the file each measure came from.
    frameworks : FrameworkRegistry
        The frameworks loaded with :func:`load_frameworks`.
    files : Mapping of (str, int) to str, optional
        Files by ``(id, version)``, for measures not given as a registry.

    Returns
    -------
    tuple of LinkProblem
        One per unknown link, in file order; empty when every link resolves.
    """
    problems = []
    for measure in registry:
        if isinstance(registry, MeasureRegistry):
            file = registry.file(measure.id, measure.version)
        else:
            file = (files or {}).get(measure.key, f"<{measure.id} v{measure.version}>")
        for loc, indicator_id in indicator_links(measure):
            if not frameworks.has_indicator(indicator_id):
                message = f"unknown indicator '{indicator_id}' (no framework has it)"
                problems.append(LinkProblem(file, format_location(loc), message))
    return tuple(problems)


__all__ = [
    "FRAMEWORKS_DIR",
    "Framework",
    "FrameworkRegistry",
    "Indicator",
    "LinkProblem",
    "check_indicator_links",
    "indicator_links",
    "load_framework",
    "load_frameworks",
]
