"""Everything one quarterly report prints, formatted once: the board, commissioner and
service reports and the board pages all read a :class:`BoardReport`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from reports.board_detail import DomainMatrixRow, ItemRow, domain_matrix, item_rows
from reports.board_funnels import FunnelSection, funnel_sections
from reports.board_input import BoardInput, ReportKind
from reports.board_methods import Method, methods
from reports.board_rows import (
    BasketRow,
    DomainRow,
    ServiceRow,
    basket_rows,
    domain_rows,
    service_rows,
)
from reports.board_sections import (
    EqualitySection,
    HandoverRow,
    QuarterRow,
    ThemeRow,
    equality_sections,
    handover_rows,
    quarter_rows,
    theme_rows,
)
from reports.board_summary import Summary, summary
from reports.formatting import SERVICE_TYPE_LABELS
from reports.journey_chart import JourneyChart, journey_chart
from reports.trend_chart import TrendChart, trend_chart

#: The title of each kind of report, before the place and quarter.
KIND_TITLES: Mapping[str, str] = MappingProxyType(
    {"board": "Board report", "commissioner": "Commissioner report", "service": "Service report"}
)


@dataclass(frozen=True)
class BoardReport:
    """The figures, charts and words of one report, for one place, measure and quarter."""

    board: BoardInput
    kind: ReportKind
    title: str
    summary: Summary
    services: tuple[ServiceRow, ...]
    domains: tuple[DomainRow, ...]
    basket: tuple[BasketRow, ...]
    handovers: tuple[HandoverRow, ...]
    journey_chart: JourneyChart | None
    funnels: tuple[FunnelSection, ...]
    series: Mapping[str, tuple[QuarterRow, ...]]
    trend_chart: TrendChart | None
    equality: tuple[EqualitySection, ...]
    themes: tuple[ThemeRow, ...]
    matrix: tuple[DomainMatrixRow, ...]
    items: tuple[ItemRow, ...]
    methods: tuple[Method, ...]
    quotes_withheld: bool = False

    @property
    def headline_title(self) -> str:
        """The title of the headline domain, e.g. ``"Overall rating of care"``."""
        return self.board.domains[self.board.results.spec.headline]

    @property
    def series_quarters(self) -> tuple[str, ...]:
        """The quarters of :attr:`series`, oldest first."""
        return tuple(sorted({row.quarter for rows in self.series.values() for row in rows}))

    def series_cell(self, domain_id: str, quarter: str) -> QuarterRow | None:
        """A domain's place-wide row for one quarter; None when nobody answered then."""
        return next((r for r in self.series.get(domain_id, ()) if r.quarter == quarter), None)

    @property
    def shown_handovers(self) -> tuple[HandoverRow, ...]:
        """The moves with enough responses to show."""
        return tuple(row for row in self.handovers if row.now is not None)

    @property
    def service(self) -> ServiceRow | None:
        """For a service report, the service's headline row."""
        return next((s for s in self.services if s.unit == self.board.service), None)


def board_report(board: BoardInput, kind: ReportKind, *, charts: bool = True) -> BoardReport:
    """Format every figure of a report from its input.

    Parameters
    ----------
    board : BoardInput
        The results and names; a service report needs ``board.service``.
    kind : {"board", "commissioner", "service"}
        Which report.
    charts : bool, default True
        Draw the SVG charts (a page that shows only tables can skip them).

    Returns
    -------
    BoardReport

    Raises
    ------
    ValueError
        If a service report is asked for without a service.
    """
    if kind not in KIND_TITLES:
        raise ValueError(f"no report of kind {kind!r}: choose from {', '.join(KIND_TITLES)}")
    if kind == "service" and board.service is None:
        raise ValueError("a service report needs the service it is about")
    services, domains = service_rows(board), domain_rows(board)
    handovers, equality = handover_rows(board), equality_sections(board)
    headline = board.results.spec.headline
    series = {d: quarter_rows(board, d) for d in board.domains}
    journeys = board.results.journeys
    return BoardReport(
        board=board,
        kind=kind,
        title=_title(board, kind),
        summary=summary(board, domains, services, handovers, equality),
        services=services,
        domains=domains,
        basket=basket_rows(board, domains),
        handovers=handovers,
        journey_chart=journey_chart(journeys, names=dict(SERVICE_TYPE_LABELS))
        if charts and journeys is not None and any(c.mean is not None for c in journeys.cells)
        else None,
        funnels=funnel_sections(board, charts=charts),
        series=MappingProxyType(series),
        trend_chart=trend_chart(series[headline], what=f"{board.domains[headline]} (0 to 100)")
        if charts
        else None,
        equality=equality,
        themes=theme_rows(board),
        matrix=domain_matrix(board),
        items=item_rows(board, board.service) if board.service is not None else (),
        methods=methods(board),
    )


def with_kind(report: BoardReport, kind: ReportKind) -> BoardReport:
    """The same figures and charts as another kind of place report (no redrawing).

    Parameters
    ----------
    report : BoardReport
        A board or commissioner report.
    kind : {"board", "commissioner"}
        The kind wanted.

    Returns
    -------
    BoardReport
    """
    if kind == "service" or report.kind == "service":
        raise ValueError("a service report is made with board_report, for its service")
    return replace(report, kind=kind, title=_title(report.board, kind))


def _title(board: BoardInput, kind: ReportKind) -> str:
    subject = board.unit_name(board.service) if kind == "service" else board.place_name
    return f"{KIND_TITLES[kind]}: {subject}, {board.quarter}"


def without_quotes(report: BoardReport) -> BoardReport:
    """The same report with the comment themes' words and counts but no quotes.

    For readers who may see aggregates but not comments (board viewers): even redacted,
    a quote is a person's own words.
    """
    themes = tuple(replace(theme, examples=()) for theme in report.themes)
    return replace(report, themes=themes, quotes_withheld=True)
