"""Reading and saving a place's basket of outcome indicators (no Flask)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from measures import FrameworkRegistry, MeasureRegistry
from measures.basket import default_basket, indicators_in_order
from measures.frameworks import Framework, Indicator
from survey_app.models import Place, PlaceIndicator

BASKET_MEASURE = "whole_journey"
"""The measure whose domains inform the board report's indicators."""


@dataclass(frozen=True)
class FrameworkChoices:
    """One framework and its indicators, as the page lists them (codes in order)."""

    framework: Framework
    indicators: tuple[Indicator, ...]


def choices(frameworks: FrameworkRegistry) -> tuple[FrameworkChoices, ...]:
    """Every indicator of every framework, grouped by framework, in the order shown."""
    groups: dict[str, list[Indicator]] = {}
    for framework, indicator in indicators_in_order(frameworks):
        groups.setdefault(framework.id, []).append(indicator)
    return tuple(FrameworkChoices(frameworks.get(fid), tuple(inds)) for fid, inds in groups.items())


def chosen_ids(place: Place) -> tuple[str, ...]:
    """The indicator ids the place's board chose, in its order (empty: none chosen)."""
    return tuple(row.indicator_id for row in place.basket)


def shown_ids(
    place: Place, frameworks: FrameworkRegistry, measures: MeasureRegistry
) -> tuple[str, ...]:
    """What the report shows: the board's choice, or the default basket if it made none."""
    chosen = chosen_ids(place)
    if chosen or BASKET_MEASURE not in {m.id for m in measures}:
        return chosen
    return default_basket(frameworks, measures.latest(BASKET_MEASURE))


def save_basket(
    session: Session, place: Place, indicator_ids: Sequence[str], frameworks: FrameworkRegistry
) -> tuple[str, ...]:
    """Replace the place's basket with ``indicator_ids``, in the order the page shows them.

    Raises
    ------
    KeyError
        If an id names no indicator of any framework.
    """
    wanted = set(indicator_ids)
    for indicator_id in wanted:
        frameworks.indicator(indicator_id)  # raises KeyError for an unknown id
    ordered = tuple(ind.id for _, ind in indicators_in_order(frameworks) if ind.id in wanted)
    place.basket.clear()
    session.flush()  # the old rows go before new ones take their (place, indicator) keys
    place.basket.extend(
        PlaceIndicator(indicator_id=indicator_id, position=position)
        for position, indicator_id in enumerate(ordered)
    )
    return ordered
