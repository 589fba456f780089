"""Cross-reference checks of a measure's analysis plan (``scoring.analysis``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from measures.problems import Loc, Problem

if TYPE_CHECKING:
    from measures.model import Measure


def analysis_fits(measure: Measure) -> Iterator[Problem]:
    """The analysis plan names real domains, single_choice items, their codes, and columns."""
    plan = measure.scoring.analysis
    if plan is None:
        return
    loc: Loc = ("scoring", "analysis")
    domains = {domain.id for domain in measure.domains}
    for field in ("headline", "handover"):
        domain = getattr(plan, field)
        if domain is not None and domain not in domains:
            yield Problem((*loc, field), f"unknown domain '{domain}'")
    yield from _covariates_fit(measure, loc)
    for position, item_id in enumerate(plan.scale):
        item = measure.item_or_none(item_id)
        if item is None or item.scale not in measure.scale_ids:
            yield Problem((*loc, "scale", position), f"'{item_id}' is not a scored item")
    for field in ("case_mix", "equality"):
        for position, column in enumerate(getattr(plan, field)):
            if column not in plan.columns:
                known = ", ".join(sorted(plan.columns))
                message = f"unknown column '{column}' (known: {known})"
                yield Problem((*loc, field, position), message)


def _covariates_fit(measure: Measure, loc: Loc) -> Iterator[Problem]:
    plan = measure.scoring.analysis
    assert plan is not None
    for position, covariate in enumerate(plan.covariates):
        yield from _coded(
            measure,
            covariate.item,
            {"missing": covariate.missing},
            (*loc, "covariates", position),
        )
    rule = plan.disability
    if rule is not None:
        where = (*loc, "disability")
        yield from _coded(
            measure,
            rule.condition_item,
            {
                "condition_codes": rule.condition_codes,
                "no_condition_codes": rule.no_condition_codes,
            },
            where,
        )
        yield from _coded(
            measure,
            rule.limits_item,
            {"limited_codes": rule.limited_codes, "not_limited_codes": rule.not_limited_codes},
            where,
        )


def _coded(
    measure: Measure, item_id: str, codes: dict[str, tuple[str, ...]], loc: Loc
) -> Iterator[Problem]:
    item = measure.item_or_none(item_id)
    if item is None or item.type != "single_choice":
        yield Problem(loc, f"'{item_id}' is not a single_choice item")
        return
    known = measure.scale(item.scale).codes if item.scale in measure.scale_ids else ()
    for field, values in codes.items():
        for position, code in enumerate(values):
            if code not in known:
                yield Problem((*loc, field, position), f"unknown code '{code}' for '{item_id}'")
