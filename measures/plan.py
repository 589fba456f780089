"""A measure compiled for routing, once: conditions, options and placeholders ready to use.

:func:`plan_for` builds the plan the first time a measure is routed and keeps it, so the
per-request work in :mod:`measures.routing` is a walk over small tuples: no YAML, no regular
expressions and no lookups by name. Pages are built once per (item, copy, wording, options)
and shared; they are immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from measures.checks import pair_code
from measures.items import Condition, Item, Section, Variant
from measures.model import Measure
from measures.pages import EMPTY, AnswerKey, AnswerValue, Page
from measures.scales import Option

Values = dict[AnswerKey, AnswerValue]
PageCacheKey = tuple[str, str, int, tuple[str, ...]]

_PLANS: dict[int, tuple[Measure, Plan]] = {}
_MAX_PLANS: Final = 256


@dataclass(frozen=True, slots=True)
class Cond:
    """A condition ready to test: ``scoped`` ones read the answer in the same section copy."""

    item_id: str
    codes: frozenset[str]
    scoped: bool
    key: AnswerKey

    def holds(self, values: Values, instance: str) -> bool:
        """Whether the condition holds for these answers, in this copy of the section."""
        value = values.get(AnswerKey(self.item_id, instance) if self.scoped else self.key)
        if value is None:
            return False
        if isinstance(value, str):
            return value in self.codes
        return any(code in self.codes for code in value)


@dataclass(frozen=True, slots=True)
class Slot:
    """One item with what routing needs to ask it."""

    item: Item
    section: Section
    show_when: tuple[Cond, ...]
    variants: tuple[tuple[Cond, Variant], ...]
    fixed: tuple[Option, ...]
    steers: bool
    """Whether other pages depend on the answer (conditions, repeats, generated moves)."""


@dataclass(frozen=True, slots=True)
class SectionPlan:
    """A section with its conditions and slots, and what it repeats over."""

    section: Section
    show_when: tuple[Cond, ...]
    slots: tuple[Slot, ...]
    source: AnswerKey | None
    copies: Mapping[str, Mapping[str, str]]
    """Each possible copy (service or move code) with its placeholder values, in order."""


class Plan:
    """Everything routing needs about one measure, prepared once."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self._steering = _steering_items(measure)
        self._service_lists = frozenset(
            {s.repeat_source for s in measure.sections if s.repeat == "services"}
            | {i.options_from.pairs_of for i in measure.items if i.options_from is not None}
        )
        self.moves: dict[str, dict[tuple[str, str], Option]] = {}
        self.services: dict[str, tuple[str, ...]] = {}
        self.move_places: dict[str, Mapping[str, Mapping[str, str]]] = {}
        for item in measure.items:
            if item.options_from is not None:
                self._prepare_moves(item)
        self.sections = tuple(self._section(section) for section in measure.sections)
        self._pages: dict[PageCacheKey, Page] = {}

    def _prepare_moves(self, item: Item) -> None:
        assert item.options_from is not None
        source = self.measure.item(item.options_from.pairs_of)
        services = _choosable(self.measure, source)
        options: dict[tuple[str, str], Option] = {}
        places: dict[str, Mapping[str, str]] = {}
        for a in services:
            for b in services:
                if a.code == b.code:
                    continue
                values = {"from_service": a.in_sentence, "to_service": b.in_sentence}
                code = pair_code(a.code, b.code)
                label = item.options_from.label.format(**values)
                options[(a.code, b.code)] = Option(code=code, label=label, score=None)
                places[code] = MappingProxyType(values)
        self.moves[item.id] = options
        self.services[item.id] = tuple(option.code for option in services)
        self.move_places[item.id] = MappingProxyType(places)

    def _section(self, section: Section) -> SectionPlan:
        slots = tuple(self._slot(section, item) for item in section.items)
        conditions = tuple(self._cond(c, None) for c in section.show_when)
        source = section.repeat_source
        copies: Mapping[str, Mapping[str, str]] = MappingProxyType({"": EMPTY})
        if source is not None and section.repeat == "services":
            services = _choosable(self.measure, self.measure.item(source))
            copies = MappingProxyType(
                {o.code: MappingProxyType({"service": o.in_sentence}) for o in services}
            )
        elif source is not None:
            copies = self.move_places[source]
        key = None if source is None else AnswerKey(source)
        return SectionPlan(section, conditions, slots, key, copies)

    def _slot(self, section: Section, item: Item) -> Slot:
        scale = self.measure.scale_for(item)
        return Slot(
            item=item,
            section=section,
            show_when=tuple(self._cond(c, section) for c in item.show_when),
            variants=tuple((self._cond(v.when, section), v) for v in item.wording),
            fixed=() if scale is None else scale.options,
            steers=item.id in self._steering,
        )

    def _cond(self, condition: Condition, asker: Section | None) -> Cond:
        home = self.measure.section_of(condition.item)
        scoped = asker is home and home.repeat != "none"
        codes = frozenset(condition.any_of)
        return Cond(condition.item, codes, scoped, AnswerKey(condition.item))

    def copies(self, plan: SectionPlan, values: Values) -> tuple[str, ...]:
        """The copies of a section to ask, in order: ``("",)`` when it does not repeat."""
        if plan.source is None:
            return ("",)
        chosen = values.get(plan.source, ())
        return tuple(code for code in plan.copies if code in chosen)

    def page(self, slot: Slot, instance: str, values: Values) -> Page | None:
        """The page for an item in one copy of its section (None: a move list with < 2)."""
        variant = next(
            (i for i, (cond, _) in enumerate(slot.variants) if cond.holds(values, instance)), -1
        )
        chosen: tuple[str, ...] = ()
        rule = slot.item.options_from
        if rule is not None:
            picked = values.get(AnswerKey(rule.pairs_of), ())
            chosen = tuple(code for code in self.services[slot.item.id] if code in picked)
            if len(chosen) < 2:
                return None
        cache_key = (slot.item.id, instance, variant, chosen)
        page = self._pages.get(cache_key)
        if page is None:
            page = self._build(slot, instance, variant, chosen)
            self._pages[cache_key] = page
        return page

    def _build(self, slot: Slot, instance: str, variant: int, chosen: tuple[str, ...]) -> Page:
        item = slot.item
        template, hint = item.text, item.hint
        if variant >= 0:
            wording = slot.variants[variant][1]
            template, hint = wording.text, wording.hint or item.hint
        values = self.placeholders(slot.section, instance)
        options, parts = slot.fixed, {}
        if item.options_from is not None:
            moves = self.moves[item.id]
            generated = tuple(moves[(a, b)] for a in chosen for b in chosen if a != b)
            label = item.options_from.label
            parts = {o.code: (label, self.move_places[item.id][o.code]) for o in generated}
            options = generated + slot.fixed
        return Page(
            item=item,
            section=slot.section,
            instance=instance,
            text=template.format(**values),
            hint=None if hint is None else hint.format(**values),
            options=options,
            key=AnswerKey(item.id, instance),
            slug=f"{item.id}.{instance}" if instance else item.id,
            template=template,
            hint_template=hint,
            placeholders=values,
            option_parts=MappingProxyType(parts),
        )

    def placeholders(self, section: Section, instance: str) -> Mapping[str, str]:
        """Placeholder values for one copy of a section."""
        if not instance:
            return EMPTY
        plan = next(p for p in self.sections if p.section is section)
        return plan.copies[instance]

    def steers(self, item_id: str) -> bool:
        """Whether other pages depend on this item's answer."""
        return item_id in self._steering

    def lists_services(self, item_id: str) -> bool:
        """Whether the item is a list of services (repeated over, or paired into moves)."""
        return item_id in self._service_lists


def _choosable(measure: Measure, item: Item) -> tuple[Option, ...]:
    """The options of a list of services, leaving out exclusive ones ("none of these")."""
    scale = measure.scale_for(item)
    options = () if scale is None else scale.options
    return tuple(o for o in options if o.code not in item.exclusive)


def _steering_items(measure: Measure) -> frozenset[str]:
    named = set()
    for section in measure.sections:
        named.update(c.item for c in section.show_when)
        if section.repeat_source is not None:
            named.add(section.repeat_source)
        for item in section.items:
            named.update(c.item for _, c in item.conditions())
            if item.options_from is not None:
                named.add(item.options_from.pairs_of)
    return frozenset(named)


def plan_for(measure: Measure) -> Plan:
    """Return the routing plan of a measure, building it on first use.

    Plans are kept by the identity of the (immutable) measure object; the registry's
    measures live as long as the app, so each is compiled once per process.
    """
    found = _PLANS.get(id(measure))
    if found is not None and found[0] is measure:
        return found[1]
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    plan = Plan(measure)
    _PLANS[id(measure)] = (measure, plan)
    return plan
