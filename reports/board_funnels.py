"""One funnel plot per domain: services' adjusted scores against their responses, with its table."""

from __future__ import annotations

from dataclasses import dataclass

from reports.board_input import BoardInput
from reports.formatting import count, score, score_range
from reports.funnel_chart import FunnelChart, funnel_chart


@dataclass(frozen=True)
class FunnelRow:
    """A service on a domain's funnel: what the chart plots, as words."""

    unit: str
    name: str
    responses: str
    adjusted: str
    limits: str
    band: str


@dataclass(frozen=True)
class FunnelSection:
    """A domain's funnel plot and the data behind it; ``note`` says why there is none."""

    domain_id: str
    title: str
    chart: FunnelChart | None
    rows: tuple[FunnelRow, ...]
    note: str | None


def funnel_sections(board: BoardInput, *, charts: bool = True) -> tuple[FunnelSection, ...]:
    """A funnel per domain of the measure, in its order.

    Parameters
    ----------
    board : BoardInput
        The report's input.
    charts : bool, default True
        Draw the SVG charts; pages that show only the table pass False.

    Returns
    -------
    tuple of FunnelSection
    """
    names = {unit: info.name for unit, info in board.units.items()}
    sections = []
    for domain_id, title in board.domains.items():
        found = board.results.domain_comparisons.get(domain_id)
        if found is None:
            continue
        if found.comparison is None or found.funnel is None:
            sections.append(FunnelSection(domain_id, title, None, (), found.note))
            continue
        units = found.comparison.units
        banded = units[units["banded"]]
        rows = tuple(
            FunnelRow(
                unit=str(row["unit"]),
                name=board.unit_name(row["unit"]),
                responses=count(int(row["n"])),
                adjusted=score(float(row["value"])),
                limits=score_range(row["lower_inner"], row["upper_inner"]),
                band=str(row["band"]),
            )
            for _, row in banded.iterrows()
        )
        chart = (
            funnel_chart(
                found.comparison,
                found.funnel,
                what=f"{title} (adjusted, 0 to 100)",
                names=names,
            )
            if charts
            else None
        )
        note = None
        if len(banded) < len(units):
            left = len(units) - len(banded)
            note = (
                f"{left} {'service has' if left == 1 else 'services have'} fewer than "
                f"{found.comparison.min_n} responses and {'is' if left == 1 else 'are'} "
                "not compared."
            )
        sections.append(
            FunnelSection(domain_id, title, chart, tuple(sorted(rows, key=lambda r: r.name)), note)
        )
    return tuple(sections)
