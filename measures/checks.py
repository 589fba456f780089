"""Cross-reference checks over a whole measure: do the parts name each other correctly?

Each check yields :class:`~measures.problems.Problem` objects whose paths start at the top of
the definition, so the loader can say exactly where each problem is
(``sections[2].items[0].show_when[0].item``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from measures.analysis_checks import analysis_fits
from measures.base import KNOWN_PLACEHOLDERS, PLACEHOLDERS, placeholders
from measures.items import CHOICE_TYPES, Condition, Item, Section
from measures.problems import Loc, Problem, duplicates

if TYPE_CHECKING:
    from measures.model import Measure

REPEAT_NOUN = {"services": "service used", "transitions": "move between services"}


@dataclass(frozen=True)
class Place:
    """Where an item sits: its section, and its position in the whole questionnaire."""

    item: Item
    section_index: int
    position: int
    loc: Loc

    def section(self, measure: Measure) -> Section:
        """The section holding the item."""
        return measure.sections[self.section_index]


def places(measure: Measure) -> dict[str, Place]:
    """Every item by id, with where it is asked (the first item wins if an id repeats)."""
    found: dict[str, Place] = {}
    for place in _all_places(measure):
        found.setdefault(place.item.id, place)
    return found


def pair_code(first: str, second: str) -> str:
    """The option code of a move from service ``first`` to service ``second``."""
    return f"{first}_to_{second}"


def scale_codes(measure: Measure, item: Item) -> tuple[str, ...]:
    """The codes of an item's scale, or none if it has no (known) scale."""
    if item.scale is None or item.scale not in measure.scale_ids:
        return ()
    return measure.scale(item.scale).codes


def choice_codes(measure: Measure, item: Item) -> tuple[str, ...]:
    """Every code an item can be answered with: any generated moves, then its scale's."""
    own = scale_codes(measure, item)
    if item.options_from is None:
        return own
    source = measure.item_or_none(item.options_from.pairs_of)
    if source is None:
        return own
    services = [code for code in scale_codes(measure, source) if code not in source.exclusive]
    return tuple(pair_code(a, b) for a in services for b in services if a != b) + own


def unique_ids(measure: Measure) -> Iterator[Problem]:
    """Scale, section, item and domain ids are each unique."""
    yield from duplicates(
        "scale id", ((s.id, ("scales", i, "id")) for i, s in enumerate(measure.scales))
    )
    yield from duplicates(
        "section id", ((s.id, ("sections", i, "id")) for i, s in enumerate(measure.sections))
    )
    yield from duplicates("item id", ((p.item.id, (*p.loc, "id")) for p in _all_places(measure)))
    yield from duplicates(
        "domain id", ((d.id, ("domains", i, "id")) for i, d in enumerate(measure.domains))
    )


def _all_places(measure: Measure) -> Iterator[Place]:
    position = 0
    for s, section in enumerate(measure.sections):
        for i, item in enumerate(section.items):
            yield Place(item, s, position, ("sections", s, "items", i))
            position += 1


def scales_exist(measure: Measure) -> Iterator[Problem]:
    """Every item's scale is defined, and its exclusive codes are on that scale."""
    for place in _all_places(measure):
        item = place.item
        if item.scale is None:
            continue
        if item.scale not in measure.scale_ids:
            known = ", ".join(sorted(measure.scale_ids)) or "none"
            yield Problem(
                (*place.loc, "scale"), f"unknown scale '{item.scale}' (scales defined: {known})"
            )
            continue
        codes = measure.scale(item.scale).codes
        for position, code in enumerate(item.exclusive):
            if code not in codes:
                message = f"unknown code '{code}' (scale '{item.scale}' has: {', '.join(codes)})"
                yield Problem((*place.loc, "exclusive", position), message)


def domains_fit(measure: Measure) -> Iterator[Problem]:
    """Items name declared domains; domain items are scored single_choice; no domain is empty."""
    known = {domain.id for domain in measure.domains}
    used = set()
    for place in _all_places(measure):
        item = place.item
        if item.domain is None:
            continue
        used.add(item.domain)
        loc = (*place.loc, "domain")
        if item.domain not in known:
            names = ", ".join(sorted(known)) or "none"
            yield Problem(loc, f"unknown domain '{item.domain}' (domains declared: {names})")
        elif item.type != "single_choice":
            yield Problem(loc, f"only single_choice items can score towards a domain ({item.type})")
        elif item.scale in measure.scale_ids and not measure.scale(item.scale or "").scored:
            yield Problem(
                loc, f"scale '{item.scale}' has no scores, so it cannot count in a domain"
            )
    for position, domain in enumerate(measure.domains):
        if domain.id not in used:
            yield Problem(("domains", position, "id"), f"no item names domain '{domain.id}'")


def conditions_fit(measure: Measure) -> Iterator[Problem]:
    """Conditions name earlier choice items, in reach, and codes those items offer."""
    found = places(measure)
    for s, section in enumerate(measure.sections):
        first = sum(len(earlier.items) for earlier in measure.sections[:s])
        for k, condition in enumerate(section.show_when):
            loc = ("sections", s, "show_when", k)
            yield from _condition(measure, found, condition, loc, first, None)
    for place in _all_places(measure):
        for loc, condition in place.item.conditions():
            yield from _condition(
                measure, found, condition, (*place.loc, *loc), place.position, place
            )


def _condition(
    measure: Measure,
    found: dict[str, Place],
    condition: Condition,
    loc: Loc,
    before: int,
    asker: Place | None,
) -> Iterator[Problem]:
    target = found.get(condition.item)
    problem = _target_problem(measure, condition.item, target, before, asker)
    if problem is not None:
        yield Problem((*loc, "item"), problem)
        return
    assert target is not None
    codes = choice_codes(measure, target.item)
    for j, code in enumerate(condition.any_of):
        if code not in codes:
            shown = ", ".join(codes[:12]) + (", ..." if len(codes) > 12 else "")
            message = f"unknown code '{code}' for item '{condition.item}' (it has: {shown})"
            yield Problem((*loc, "any_of", j), message)


def _target_problem(
    measure: Measure, item_id: str, target: Place | None, before: int, asker: Place | None
) -> str | None:
    if target is None:
        return f"unknown item '{item_id}'"
    if asker is not None and target.item is asker.item:
        return f"item '{item_id}' cannot depend on its own answer"
    if target.position >= before:
        return f"item '{item_id}' is asked later, so its answer is not known yet"
    if target.item.type not in CHOICE_TYPES:
        return f"item '{item_id}' is {target.item.type}; conditions need a choice item"
    home = target.section(measure)
    same_section = asker is not None and asker.section_index == target.section_index
    if home.repeat != "none" and not same_section:
        return (
            f"item '{item_id}' is in section '{home.id}', which repeats; only items in "
            "that section can depend on it"
        )
    return None


def repeats_fit(measure: Measure) -> Iterator[Problem]:
    """A repeated section repeats over an earlier multi_choice item of the right kind."""
    found = places(measure)
    for s, section in enumerate(measure.sections):
        if section.repeat_source is None:
            continue
        first = sum(len(earlier.items) for earlier in measure.sections[:s])
        problem = _source_problem(measure, section.repeat_source, found, first)
        if problem is None:
            source = found[section.repeat_source].item
            if section.repeat == "services" and source.options_from is not None:
                problem = (
                    f"item '{source.id}' lists moves (it has options_from); a section that "
                    "repeats for each service needs the item listing services"
                )
            if section.repeat == "transitions" and source.options_from is None:
                problem = (
                    f"item '{source.id}' has no options_from, so its answers are not moves "
                    "between services"
                )
        if problem is not None:
            yield Problem(("sections", s, "repeat_source"), problem)


def _source_problem(
    measure: Measure, item_id: str, found: dict[str, Place], before: int
) -> str | None:
    source = found.get(item_id)
    if source is None:
        return f"unknown item '{item_id}'"
    if source.item.type != "multi_choice":
        return f"item '{item_id}' is {source.item.type}; it must be multi_choice"
    if source.position >= before:
        return f"item '{item_id}' must be asked before this section"
    if source.section(measure).repeat != "none":
        return f"item '{item_id}' must not be in a section that repeats"
    return None


def options_from_fit(measure: Measure) -> Iterator[Problem]:
    """Generated moves come from an earlier list of services, with a fitting label."""
    found = places(measure)
    for place in _all_places(measure):
        rule = place.item.options_from
        if rule is None:
            continue
        loc = (*place.loc, "options_from")
        problem = _source_problem(measure, rule.pairs_of, found, place.position)
        if problem is None and found[rule.pairs_of].item.options_from is not None:
            problem = f"item '{rule.pairs_of}' has options_from itself; pair a list of services"
        if problem is not None:
            yield Problem((*loc, "pairs_of"), problem)
        yield from _label_problems(rule.label, (*loc, "label"))
        seen: set[str] = set()
        for code in choice_codes(measure, place.item):
            if code in seen:
                message = f"option code '{code}' would be made twice; rename the option"
                yield Problem((*loc, "pairs_of"), message)
            seen.add(code)


def _label_problems(label: str, loc: Loc) -> Iterator[Problem]:
    want = PLACEHOLDERS["transitions"]
    try:
        names = placeholders(label)
    except ValueError as exc:
        yield Problem(loc, str(exc))
        return
    if names != want:
        yield Problem(
            loc, "must use both {from_service} and {to_service}, and no other placeholder"
        )


def placeholders_fit(measure: Measure) -> Iterator[Problem]:
    """Placeholders are known and fit how their section repeats."""
    for s, section in enumerate(measure.sections):
        yield from _title_problems(section.title, ("sections", s, "title"))
        allowed = PLACEHOLDERS[section.repeat]
        for i, item in enumerate(section.items):
            for loc, text in item.texts():
                yield from _text_problems(text, ("sections", s, "items", i, *loc), allowed)


def _title_problems(title: str, loc: Loc) -> Iterator[Problem]:
    try:
        names = placeholders(title)
    except ValueError as exc:
        yield Problem(loc, str(exc))
        return
    if names:
        yield Problem(loc, "section titles cannot use placeholders")


def _text_problems(text: str, loc: Loc, allowed: frozenset[str]) -> Iterator[Problem]:
    try:
        names = placeholders(text)
    except ValueError:
        return  # reported by the item's own check
    for name in sorted(names - allowed):
        if name not in KNOWN_PLACEHOLDERS:
            known = ", ".join(f"{{{n}}}" for n in sorted(KNOWN_PLACEHOLDERS))
            yield Problem(loc, f"unknown placeholder '{{{name}}}' (known: {known})")
        else:
            kind = next(k for k, names in PLACEHOLDERS.items() if name in names)
            message = (
                f"placeholder '{{{name}}}' only works in a section that repeats for each "
                f"{REPEAT_NOUN[kind]} (repeat: {kind})"
            )
            yield Problem(loc, message)


def fft_fits(measure: Measure) -> Iterator[Problem]:
    """FFT scoring names a single_choice item and codes on its scale."""
    fft = measure.scoring.fft
    if fft is None:
        return
    loc: Loc = ("scoring", "fft")
    item = measure.item_or_none(fft.item)
    if item is None:
        yield Problem((*loc, "item"), f"unknown item '{fft.item}'")
        return
    if item.type != "single_choice":
        yield Problem((*loc, "item"), f"item '{fft.item}' must be single_choice")
        return
    if item.scale not in measure.scale_ids:
        return  # reported by scales_exist
    scale = measure.scale(item.scale or "")
    for field, position, code in fft.coded_fields():
        if code not in scale.codes:
            message = f"unknown code '{code}' (scale '{scale.id}' has: {', '.join(scale.codes)})"
            yield Problem((*loc, field, position), message)


CHECKS = (
    unique_ids,
    scales_exist,
    fft_fits,
    analysis_fits,
    domains_fit,
    conditions_fit,
    repeats_fit,
    options_from_fit,
    placeholders_fit,
)
"""Every cross-reference check, in the order their problems are reported."""
