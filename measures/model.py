"""Typed, immutable objects for measure definitions.

A measure definition is data: a YAML file is validated into these objects once, at start-up,
and the rest of the code only ever reads them through their lookup methods.

Checks that involve one value (types, id spelling, score range) are declared on the fields.
Checks that relate values to each other (unique ids, references to scales and option codes)
live in model validators and raise :class:`~measures.problems.CrossReferenceError`, which
carries the path of each offending value, so error messages point at the right place in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from measures.problems import Loc, Problem, duplicates, raise_if_any

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
FREE_TEXT_DEFAULT_MAX_LENGTH = 1000

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A stable id: lowercase snake_case, starting with a letter."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Text shown to people: must not be empty."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer option on a response scale.

    Parameters
    ----------
    code : str
        Stable id stored with each answer.
    label : str
        Text shown to the respondent.
    score : float or None
        Score from 0 (worst) to 100 (best), or None for "don't know / does not apply",
        which is left out of scores.
    """

    code: Identifier
    label: Text
    score: Annotated[float, Field(strict=True, ge=0, le=100)] | None


class Scale(_Frozen):
    """A named response scale: answer options in the order they are shown.

    Parameters
    ----------
    id : str
        Stable id that items use to refer to the scale.
    options : tuple of Option
        At least one option; codes are unique within the scale.
    """

    id: Identifier
    options: tuple[Option, ...] = Field(min_length=1)

    _by_code: dict[str, Option] = PrivateAttr(default_factory=dict)
    _codes: tuple[str, ...] = PrivateAttr(default=())

    def model_post_init(self, context: Any, /) -> None:
        """Build the code lookup once; the scale never changes afterwards."""
        self._by_code = {option.code: option for option in self.options}
        self._codes = tuple(option.code for option in self.options)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Self:
        codes = ((o.code, ("options", i, "code")) for i, o in enumerate(self.options))
        raise_if_any(duplicates("option code", codes))
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """Option codes in display order."""
        return self._codes

    def option(self, code: str) -> Option:
        """Return the option with this code.

        Raises
        ------
        KeyError
            If the scale has no such option.
        """
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"scale '{self.id}' has no option '{code}'") from None


class Item(_Frozen):
    """One question.

    Parameters
    ----------
    id : str
        Stable id, unique across the whole measure; answers are stored under it.
    type : {"single_choice", "free_text"}
        How the question is answered.
    text : str
        The question as shown.
    hint : str or None
        Extra guidance shown under the question.
    scale : str or None
        Id of the response scale; required for single_choice, not allowed for free_text.
    required : bool
        Whether an answer is needed before moving on.
    max_length : int or None
        Longest answer in characters, free_text only; defaults to 1000.
    """

    id: Identifier
    type: Literal["single_choice", "free_text"]
    text: Text
    hint: Text | None = None
    scale: Identifier | None = None
    required: bool = Field(default=False, strict=True)
    max_length: int | None = Field(default=None, strict=True, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _default_max_length(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") == "free_text" and "max_length" not in data:
            return {**data, "max_length": FREE_TEXT_DEFAULT_MAX_LENGTH}
        return data

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Self:
        problems = []
        if self.type == "single_choice" and self.scale is None:
            problems.append(Problem(("scale",), "single_choice items need a scale"))
        if self.type == "single_choice" and self.max_length is not None:
            problems.append(Problem(("max_length",), "only free_text items have a max_length"))
        if self.type == "free_text" and self.scale is not None:
            problems.append(Problem(("scale",), "free_text items must not have a scale"))
        raise_if_any(problems)
        return self


class Section(_Frozen):
    """A titled group of items, in the order they are asked."""

    id: Identifier
    title: Text
    items: tuple[Item, ...] = Field(min_length=1)


class FftScoring(_Frozen):
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


class Scoring(_Frozen):
    """Scoring rules attached to a measure; each kind is optional."""

    fft: FftScoring | None = None


class Measure(_Frozen):
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
    sections: tuple[Section, ...] = Field(min_length=1)
    scoring: Scoring = Scoring()

    _items: tuple[Item, ...] = PrivateAttr(default=())
    _item_by_id: dict[str, Item] = PrivateAttr(default_factory=dict)
    _scale_by_id: dict[str, Scale] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        """Build the item and scale lookups once; the measure never changes afterwards."""
        self._items = tuple(item for section in self.sections for item in section.items)
        # First occurrence wins, so checks after a duplicate id still describe the first one.
        self._item_by_id = {item.id: item for item in reversed(self._items)}
        self._scale_by_id = {scale.id: scale for scale in reversed(self.scales)}

    @property
    def key(self) -> tuple[str, int]:
        """``(id, version)``, the identity of this definition."""
        return (self.id, self.version)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item in the order asked, across all sections."""
        return self._items

    def item(self, item_id: str) -> Item:
        """Return the item with this id.

        Raises
        ------
        KeyError
            If the measure has no such item.
        """
        try:
            return self._item_by_id[item_id]
        except KeyError:
            raise KeyError(f"measure '{self.id}' v{self.version} has no item '{item_id}'") from None

    def scale(self, scale_id: str) -> Scale:
        """Return the scale with this id.

        Raises
        ------
        KeyError
            If the measure has no such scale.
        """
        try:
            return self._scale_by_id[scale_id]
        except KeyError:
            msg = f"measure '{self.id}' v{self.version} has no scale '{scale_id}'"
            raise KeyError(msg) from None

    def scale_for(self, item: Item) -> Scale | None:
        """Return the response scale of an item, or None for items without one."""
        return None if item.scale is None else self.scale(item.scale)

    def _item_locs(self) -> Iterator[tuple[Item, Loc]]:
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                yield item, ("sections", s, "items", i)

    def _unique_ids(self) -> Iterator[Problem]:
        scales = ((scale.id, ("scales", i, "id")) for i, scale in enumerate(self.scales))
        sections = ((section.id, ("sections", i, "id")) for i, section in enumerate(self.sections))
        items = ((item.id, (*loc, "id")) for item, loc in self._item_locs())
        yield from duplicates("scale id", scales)
        yield from duplicates("section id", sections)
        yield from duplicates("item id", items)

    def _scales_exist(self) -> Iterator[Problem]:
        for item, loc in self._item_locs():
            if item.scale is not None and item.scale not in self._scale_by_id:
                known = ", ".join(sorted(self._scale_by_id)) or "none"
                message = f"unknown scale '{item.scale}' (scales defined: {known})"
                yield Problem((*loc, "scale"), message)

    def _fft_fits(self) -> Iterator[Problem]:
        fft = self.scoring.fft
        if fft is None:
            return
        loc: Loc = ("scoring", "fft")
        item = self._item_by_id.get(fft.item)
        if item is None:
            yield Problem((*loc, "item"), f"unknown item '{fft.item}'")
            return
        if item.type != "single_choice":
            yield Problem((*loc, "item"), f"item '{fft.item}' must be single_choice")
            return
        scale = self._scale_by_id.get(item.scale or "")
        if scale is None:
            return  # reported by _scales_exist
        for field, position, code in fft.coded_fields():
            if code not in scale.codes:
                codes = ", ".join(scale.codes)
                message = f"unknown code '{code}' (scale '{scale.id}' has: {codes})"
                yield Problem((*loc, field, position), message)

    @model_validator(mode="after")
    def _references_fit(self) -> Self:
        raise_if_any([*self._unique_ids(), *self._scales_exist(), *self._fft_fits()])
        return self
