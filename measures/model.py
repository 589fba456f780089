"""Typed, immutable objects for measure definitions.

A measure definition is data: a YAML file is validated into these objects once, at start-up,
and the rest of the code only ever reads them through their lookup methods.

Checks that involve one value (types, id spelling, score range) are declared on the fields.
Checks that relate values to each other (unique ids, references to scales, option codes,
earlier items, domains) live in :mod:`measures.checks` and raise
:class:`~measures.problems.CrossReferenceError`, which carries the path of each offending
value, so error messages point at the right place in the file.

The parts live in :mod:`measures.base`, :mod:`measures.scales` and :mod:`measures.items`;
they are re-exported here so ``from measures.model import Item`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Self, TypeVar

from pydantic import Field, PrivateAttr, model_validator

from measures import checks
from measures.analysis_plan import AnalysisPlan
from measures.base import ID_PATTERN, Frozen, Identifier, Text
from measures.items import (
    FREE_TEXT_DEFAULT_MAX_LENGTH,
    SHORT_TEXT_DEFAULT_MAX_LENGTH,
    Condition,
    Domain,
    Item,
    OptionsFrom,
    Section,
    Variant,
)
from measures.problems import Problem, raise_if_any
from measures.scales import Option, Scale

_T = TypeVar("_T")

__all__ = [
    "FREE_TEXT_DEFAULT_MAX_LENGTH",
    "ID_PATTERN",
    "SHORT_TEXT_DEFAULT_MAX_LENGTH",
    "Condition",
    "Domain",
    "FftScoring",
    "Identifier",
    "Item",
    "Measure",
    "Option",
    "OptionsFrom",
    "Scale",
    "Scoring",
    "Section",
    "Text",
    "Variant",
]


class FftScoring(Frozen):
    """How NHS England scores the Friends and Family Test.

    % positive = positive answers ÷ all responses, and % negative = negative answers ÷ all
    responses. "Don't know" counts in the denominator unless its code is listed in
    ``exclude_from_denominator``.

    Parameters
    ----------
    item : str
        Id of the single_choice FFT item.
    positive, negative : tuple of str
        Option codes counted as positive (e.g. very good, good) and negative.
    exclude_from_denominator : tuple of str
        Option codes left out of "all responses".
    """

    item: Identifier
    positive: tuple[Identifier, ...] = Field(min_length=1)
    negative: tuple[Identifier, ...] = Field(min_length=1)
    exclude_from_denominator: tuple[Identifier, ...] = ()

    def coded_fields(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(field name, position, code)`` for every option code named here."""
        for field in ("positive", "negative", "exclude_from_denominator"):
            for position, code in enumerate(getattr(self, field)):
                yield field, position, code

    @model_validator(mode="after")
    def _codes_in_one_group(self) -> Self:
        first_group: dict[str, str] = {}
        problems = []
        for field, position, code in self.coded_fields():
            if code in first_group:
                where = first_group[code]
                problems.append(Problem((field, position), f"code '{code}' is already in {where}"))
            else:
                first_group[code] = field
        raise_if_any(problems)
        return self


class Scoring(Frozen):
    """Scoring rules attached to a measure; each kind is optional."""

    fft: FftScoring | None = None
    analysis: AnalysisPlan | None = None


class Measure(Frozen):
    """A complete, validated measure definition.

    Parameters
    ----------
    id : str
        Stable id of the measure.
    version : int
        Version, from 1; ``(id, version)`` identifies a definition for ever.
    title, description, thank_you : str
        Text for the start and end pages.
    scales : tuple of Scale
        Response scales used by items.
    domains : tuple of Domain
        Composites; items join one by naming it in ``domain``.
    sections : tuple of Section
        Sections in the order they are asked.
    scoring : Scoring
        Scoring rules.
    """

    id: Identifier
    version: int = Field(strict=True, ge=1)
    title: Text
    description: Text
    thank_you: Text
    scales: tuple[Scale, ...] = ()
    domains: tuple[Domain, ...] = ()
    sections: tuple[Section, ...] = Field(min_length=1)
    scoring: Scoring = Scoring()

    _items: tuple[Item, ...] = PrivateAttr(default=())
    _item_by_id: dict[str, Item] = PrivateAttr(default_factory=dict)
    _section_by_item: dict[str, Section] = PrivateAttr(default_factory=dict)
    _scale_by_id: dict[str, Scale] = PrivateAttr(default_factory=dict)
    _domain_by_id: dict[str, Domain] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        """Build the lookups once; the measure never changes afterwards."""
        self._items = tuple(item for section in self.sections for item in section.items)
        # First occurrence wins, so checks after a duplicate id still describe the first one.
        self._item_by_id = {item.id: item for item in reversed(self._items)}
        self._section_by_item = {
            item.id: section for section in reversed(self.sections) for item in section.items
        }
        self._scale_by_id = {scale.id: scale for scale in reversed(self.scales)}
        self._domain_by_id = {domain.id: domain for domain in reversed(self.domains)}

    @property
    def key(self) -> tuple[str, int]:
        """``(id, version)``, the identity of this definition."""
        return (self.id, self.version)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in the order asked, across all sections."""
        return self._items

    @property
    def services_item_id(self) -> str | None:
        """The question ("which services did you use") a section repeats over, if any.

        A measure with one can ask about a whole place; one without (the FFT) asks about
        the single service that sent it.
        """
        for section in self.sections:
            if section.repeat == "services" and section.repeat_source:
                return section.repeat_source
        return None

    @property
    def scale_ids(self) -> frozenset[str]:
        """Ids of the scales defined."""
        return frozenset(self._scale_by_id)

    def item(self, item_id: str) -> Item:
        """Return the item with this id.

        Raises
        ------
        KeyError
            If the measure has no such item.
        """
        return self._lookup(self._item_by_id, "item", item_id)

    def item_or_none(self, item_id: str) -> Item | None:
        """Return the item with this id, or None if there is none."""
        return self._item_by_id.get(item_id)

    def section_of(self, item_id: str) -> Section:
        """Return the section that asks an item.

        Raises
        ------
        KeyError
            If the measure has no such item.
        """
        self.item(item_id)
        return self._section_by_item[item_id]

    def scale(self, scale_id: str) -> Scale:
        """Return the scale with this id.

        Raises
        ------
        KeyError
            If the measure has no such scale.
        """
        return self._lookup(self._scale_by_id, "scale", scale_id)

    def scale_for(self, item: Item) -> Scale | None:
        """Return the response scale of an item, or None for items without one.

        For an item whose options are generated (``options_from``) this is the scale of
        its fixed options only; :func:`measures.routing.pages` gives the full list.
        """
        return None if item.scale is None else self.scale(item.scale)

    def domain(self, domain_id: str) -> Domain:
        """Return the domain with this id.

        Raises
        ------
        KeyError
            If the measure has no such domain.
        """
        return self._lookup(self._domain_by_id, "domain", domain_id)

    def _lookup(self, table: Mapping[str, _T], kind: str, key: str) -> _T:
        """``table[key]``, or a KeyError that names the measure, the kind of thing and the key."""
        try:
            return table[key]
        except KeyError:
            raise KeyError(f"measure '{self.id}' v{self.version} has no {kind} '{key}'") from None

    def domain_items(self, domain_id: str) -> tuple[Item, ...]:
        """Return the items that score towards a domain, in the order asked.

        Raises
        ------
        KeyError
            If the measure has no such domain.
        """
        self.domain(domain_id)
        return tuple(item for item in self._items if item.domain == domain_id)

    @model_validator(mode="after")
    def _references_fit(self) -> Self:
        raise_if_any(problem for check in checks.CHECKS for problem in check(self))
        return self
