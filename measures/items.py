"""Questions, the sections that group them, and the domains that score them.

Routing is data: an item or section has ``show_when`` conditions, an item may have wording
variants chosen by an earlier answer, and a section may repeat for each service used or for
each move between services. Checks that need the whole measure (does a condition name an
earlier item?) live in :mod:`measures.checks`; the checks here need only the object itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from measures.base import Frozen, Identifier, Text, placeholders
from measures.problems import Loc, Problem, duplicates, raise_if_any

ItemType = Literal["single_choice", "multi_choice", "free_text", "short_text"]
RepeatKind = Literal["none", "services", "transitions"]

CHOICE_TYPES = frozenset({"single_choice", "multi_choice"})
TEXT_TYPES = frozenset({"free_text", "short_text"})
FREE_TEXT_DEFAULT_MAX_LENGTH = 1000
SHORT_TEXT_DEFAULT_MAX_LENGTH = 100
DEFAULT_MAX_LENGTH = {
    "free_text": FREE_TEXT_DEFAULT_MAX_LENGTH,
    "short_text": SHORT_TEXT_DEFAULT_MAX_LENGTH,
}

# Fields only some item types may have: field -> (types allowed, how to name it in a message)
_ONLY_FOR: dict[str, tuple[frozenset[str], str]] = {
    "scale": (CHOICE_TYPES, "a scale"),
    "max_length": (TEXT_TYPES, "a max_length"),
    "exclusive": (frozenset({"multi_choice"}), "exclusive codes"),
    "options_from": (frozenset({"multi_choice"}), "options_from"),
    "pattern": (frozenset({"short_text"}), "a pattern"),
    "pattern_message": (frozenset({"short_text"}), "a pattern_message"),
}


class Condition(Frozen):
    """Holds when the answer to ``item`` is one of ``any_of``.

    For a multi_choice item it holds when any ticked code is in ``any_of``. It never holds
    while the item has no answer.

    Parameters
    ----------
    item : str
        Id of an earlier single_choice or multi_choice item.
    any_of : tuple of str
        Option codes of that item.
    """

    item: Identifier
    any_of: tuple[Identifier, ...] = Field(min_length=1)

    def holds(self, value: str | tuple[str, ...] | None) -> bool:
        """Whether the condition holds for this answer (None: not answered)."""
        if value is None:
            return False
        if isinstance(value, str):
            return value in self.any_of
        return any(code in self.any_of for code in value)


class Variant(Frozen):
    """Other wording for an item, used when ``when`` holds (the first such variant wins).

    Parameters
    ----------
    when : Condition
        When to use this wording, e.g. a carer answering for the person they care for.
    text : str
        Replaces the item's text; must use the same placeholders.
    hint : str or None
        Replaces the item's hint; when None the item's own hint is kept.
    """

    when: Condition
    text: Text
    hint: Text | None = None


class OptionsFrom(Frozen):
    """Options generated from pairs of answers to another item: the moves between services.

    For every two different codes ``a`` and ``b`` ticked in ``pairs_of`` (in scale order,
    both directions) there is an option ``f"{a}_to_{b}"``, labelled by filling ``label``
    with the two services' phrases. The item's own scale adds fixed options after these
    (such as an exclusive "none of these"). The item is asked only when two or more
    services are ticked.
    """

    pairs_of: Identifier
    label: Annotated[str, StringConstraints(min_length=1)] = "From {from_service} to {to_service}"


class Item(Frozen):
    """One question.

    Parameters
    ----------
    id : str
        Stable id, unique across the whole measure; answers are stored under it.
    type : {"single_choice", "multi_choice", "free_text", "short_text"}
        How the question is answered: radios, checkboxes, a text box, or one line.
    text, hint : str
        The question and optional guidance shown under it; may use the placeholders of a
        repeated section (``{service}``, ``{from_service}``, ``{to_service}``).
    scale : str or None
        Id of the response scale; required for choice items, not allowed for text items.
    required : bool
        Whether an answer is needed before moving on.
    max_length : int or None
        Longest answer in characters, text items only; defaults to 1000 (free_text) or
        100 (short_text).
    exclusive : tuple of str
        multi_choice codes that cannot be ticked with any other ("none of these").
    pattern, pattern_message : str or None
        short_text only: a regular expression the whole (stripped) answer must match, and
        the plain-English message shown when it does not.
    options_from : OptionsFrom or None
        multi_choice only: generate options from pairs of another item's answers.
    domain : str or None
        Id of the measure's domain this item scores towards.
    indicators : tuple of str
        Ids of outcome-framework indicators this item informs.
    wording : tuple of Variant
        Other wordings, chosen by earlier answers.
    show_when : tuple of Condition
        The item is asked only when all of these hold.
    """

    id: Identifier
    type: ItemType
    text: Text
    hint: Text | None = None
    scale: Identifier | None = None
    required: bool = Field(default=False, strict=True)
    max_length: int | None = Field(default=None, strict=True, ge=1)
    exclusive: tuple[Identifier, ...] = ()
    pattern: Text | None = None
    pattern_message: Text | None = None
    options_from: OptionsFrom | None = None
    domain: Identifier | None = None
    indicators: tuple[Identifier, ...] = ()
    wording: tuple[Variant, ...] = ()
    show_when: tuple[Condition, ...] = ()

    _regex: re.Pattern[str] | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _default_max_length(cls, data: Any) -> Any:
        if isinstance(data, dict) and "max_length" not in data:
            default = DEFAULT_MAX_LENGTH.get(data.get("type", ""))
            if default is not None:
                return {**data, "max_length": default}
        return data

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Self:
        problems = list(self._misplaced_fields())
        if self.type in CHOICE_TYPES and self.scale is None:
            problems.append(Problem(("scale",), f"{self.type} items need a scale"))
        problems.extend(self._pattern_problems())
        problems.extend(duplicates("exclusive code", self._exclusive_locs()))
        problems.extend(self._variant_problems())
        raise_if_any(problems)
        return self

    def _misplaced_fields(self) -> Iterator[Problem]:
        for field, (types, what) in _ONLY_FOR.items():
            if getattr(self, field) not in (None, ()) and self.type not in types:
                allowed = " and ".join(sorted(types))
                message = f"{self.type} items must not have {what} (only {allowed} items do)"
                yield Problem((field,), message)

    def _exclusive_locs(self) -> Iterator[tuple[str, Loc]]:
        for position, code in enumerate(self.exclusive):
            yield code, ("exclusive", position)

    def _pattern_problems(self) -> Iterator[Problem]:
        if (self.pattern is None) != (self.pattern_message is None):
            missing = "pattern_message" if self.pattern_message is None else "pattern"
            yield Problem((missing,), "pattern and pattern_message go together: give both")
        if self.pattern is not None:
            try:
                self._regex = re.compile(self.pattern)
            except re.error as exc:
                yield Problem(("pattern",), f"not a valid regular expression: {exc}")

    def _variant_problems(self) -> Iterator[Problem]:
        base: dict[str, frozenset[str]] = {}
        for loc, text in self.texts():
            try:
                names = placeholders(text)
            except ValueError as exc:
                yield Problem(loc, str(exc))
                continue
            field = str(loc[-1])
            if len(loc) == 1:
                base[field] = names
            elif field in base and names != base[field]:
                want = ", ".join(f"{{{n}}}" for n in sorted(base[field])) or "none"
                yield Problem(loc, f"must use the same placeholders as the item's {field} ({want})")

    @property
    def regex(self) -> re.Pattern[str] | None:
        """The compiled ``pattern``, compiled once when the definition is loaded."""
        return self._regex

    def texts(self) -> Iterator[tuple[Loc, str]]:
        """Yield ``(location, text)`` for the item's text, hint and every variant's."""
        yield ("text",), self.text
        if self.hint is not None:
            yield ("hint",), self.hint
        for position, variant in enumerate(self.wording):
            yield ("wording", position, "text"), variant.text
            if variant.hint is not None:
                yield ("wording", position, "hint"), variant.hint

    def conditions(self) -> Iterator[tuple[Loc, Condition]]:
        """Yield ``(location, condition)`` for every condition: show_when, then variants."""
        for position, condition in enumerate(self.show_when):
            yield ("show_when", position), condition
        for position, variant in enumerate(self.wording):
            yield ("wording", position, "when"), variant.when


class Section(Frozen):
    """A titled group of items, in the order they are asked.

    Parameters
    ----------
    id, title : str
        Stable id and heading. Titles cannot use placeholders.
    items : tuple of Item
        At least one item.
    show_when : tuple of Condition
        The whole section is asked only when all of these hold.
    repeat : {"none", "services", "transitions"}
        Ask the section once, once for each service ticked in ``repeat_source`` (in the
        order of its scale), or once for each move ticked in ``repeat_source``.
    repeat_source : str or None
        The multi_choice item the section repeats over; required when it repeats.
    """

    id: Identifier
    title: Text
    items: tuple[Item, ...] = Field(min_length=1)
    show_when: tuple[Condition, ...] = ()
    repeat: RepeatKind = "none"
    repeat_source: Identifier | None = None

    @model_validator(mode="after")
    def _repeat_has_source(self) -> Self:
        if self.repeat != "none" and self.repeat_source is None:
            problem = Problem(
                ("repeat_source",),
                f"a section that repeats for each of the {self.repeat} needs a repeat_source item",
            )
            raise_if_any([problem])
        if self.repeat == "none" and self.repeat_source is not None:
            problem = Problem(
                ("repeat_source",),
                "only sections that repeat have a "
                "repeat_source (set repeat to services or transitions)",
            )
            raise_if_any([problem])
        return self


class Domain(Frozen):
    """A composite: the items that name this domain, scored together.

    Parameters
    ----------
    id, title : str
        Stable id that items name, and a title for reports.
    indicators : tuple of str
        Ids of outcome-framework indicators the composite informs.
    min_items_fraction : float
        A person's composite is scored only when they answered at least this fraction of
        the domain's items that applied to them (scored answers; "don't know" does not count).
    """

    id: Identifier
    title: Text
    indicators: tuple[Identifier, ...] = ()
    min_items_fraction: float = Field(default=0.5, gt=0, le=1)
