"""A measure's analysis plan, as the specification the quarterly analysis takes."""

from __future__ import annotations

from analysis.api import QuarterlySpec
from measures import Measure


def spec_for(measure: Measure) -> QuarterlySpec | None:
    """The quarterly specification of ``measure``, or ``None`` if it declares no plan."""
    plan = measure.scoring.analysis
    if plan is None:
        return None
    domains = {
        domain.id: tuple(item.id for item in measure.items if item.domain == domain.id)
        for domain in measure.domains
    }
    return QuarterlySpec(
        measure_id=measure.id,
        domains={domain: items for domain, items in domains.items() if items},
        min_fraction={d.id: d.min_items_fraction for d in measure.domains if domains[d.id]},
        headline=plan.headline,
        handover=plan.handover,
        case_mix=plan.case_mix,
        equality=plan.equality,
        scale=plan.scale,
    )
