"""A place's basket: the national indicators its board chose to see in its quarterly report.

A measure's domains say which indicators they inform (``domains: ... indicators: [...]``);
a board picks, from every framework's indicators, the ones it reports on, in its own order.
A place that chose nothing gets the default: every indicator the measure's domains inform.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from measures.frameworks import Framework, FrameworkRegistry, Indicator
from measures.model import Measure

__all__ = ["BasketEntry", "basket_for", "code_order", "default_basket", "indicators_in_order"]


@dataclass(frozen=True)
class BasketEntry:
    """One indicator of a place's basket and the measure's domains that inform it.

    Attributes
    ----------
    indicator_id : str
        The indicator's stable id (``nhsof_4_9``).
    framework_id, framework_title : str
        The outcome framework it belongs to.
    code, title : str
        The framework's own code ("4.9") and the indicator's short name.
    status : {"confirmed", "unconfirmed"}
        Whether the code was checked against its source; an unconfirmed code must be
        shown as such.
    note : str or None
        The framework file's caveat (what is unconfirmed).
    domains : tuple of str
        Ids of the measure's domains that inform it, in the measure's order; empty when
        none does (the report says it is not informed by this measure).
    """

    indicator_id: str
    framework_id: str
    framework_title: str
    code: str
    title: str
    status: Literal["confirmed", "unconfirmed"]
    note: str | None
    domains: tuple[str, ...]


_PARTS = re.compile(r"(\d+)")


def code_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key putting codes in the frameworks' reading order.

    Numbers compare as numbers ("4.2" before "4.10"), and a letter before a dot, so the
    overarching indicators lead as the NHS Outcomes Framework lists them: 4a, 4a.i, 4b,
    then 4.1, 4.2.
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1 if part[0].isalpha() else 2, part.lower())
        for part in _PARTS.split(code)
        if part
    )


def indicators_in_order(frameworks: FrameworkRegistry) -> tuple[tuple[Framework, Indicator], ...]:
    """Every indicator of every framework: frameworks in registry order, codes in order."""
    return tuple(
        (framework, indicator)
        for framework in frameworks
        for indicator in sorted(framework.indicators, key=lambda ind: code_order(ind.code))
    )


def _informing(measure: Measure) -> dict[str, tuple[str, ...]]:
    domains: dict[str, list[str]] = {}
    for domain in measure.domains:
        for indicator_id in domain.indicators:
            domains.setdefault(indicator_id, []).append(domain.id)
    return {indicator_id: tuple(ids) for indicator_id, ids in domains.items()}


def default_basket(frameworks: FrameworkRegistry, measure: Measure) -> tuple[str, ...]:
    """The ids of every indicator the measure's domains inform, in framework then code order."""
    linked = _informing(measure)
    return tuple(ind.id for _, ind in indicators_in_order(frameworks) if ind.id in linked)


def basket_for(
    place_indicator_ids: Sequence[str] | Iterable[str],
    frameworks: FrameworkRegistry,
    measure: Measure,
) -> tuple[BasketEntry, ...]:
    """The basket a report shows: the board's indicators with the domains informing each.

    Parameters
    ----------
    place_indicator_ids : sequence of str
        The indicator ids the place's board chose, in its order. Empty: the default
        basket (:func:`default_basket`).
    frameworks : FrameworkRegistry
        The outcome frameworks (:func:`measures.frameworks.load_frameworks`).
    measure : Measure
        The measure whose domains inform the indicators.

    Returns
    -------
    tuple of BasketEntry
        In the board's order. An id no framework has any more (a framework file dropped
        it since the board chose) is left out; an id given twice appears once.
    """
    chosen = list(dict.fromkeys(place_indicator_ids)) or list(default_basket(frameworks, measure))
    informing = _informing(measure)
    entries = []
    for indicator_id in chosen:
        if not frameworks.has_indicator(indicator_id):
            continue
        framework = frameworks.framework_of(indicator_id)
        indicator = frameworks.indicator(indicator_id)
        entries.append(
            BasketEntry(
                indicator_id=indicator.id,
                framework_id=framework.id,
                framework_title=framework.title,
                code=indicator.code,
                title=indicator.title,
                status=indicator.status,
                note=indicator.note,
                domains=informing.get(indicator_id, ()),
            )
        )
    return tuple(entries)
