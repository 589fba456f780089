"""A place's quarterly report for the board pages and their downloads, made once and kept.

The board page, the service page and the PDFs they offer all call :func:`place_board`, so
they print the very same formatted rows. Analysis takes a second or more, so each process
keeps the last few reports in a small cache (:class:`BoardCache`). The key holds a
fingerprint of the place's submitted responses (how many, the newest id and time) and of
everything else the report reads (names, services, basket, response counts), so a new
response or a renamed service makes a new report: nothing is ever hidden, and no other
process needs what the cache holds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from threading import Lock
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import func
from sqlalchemy.orm import Session

from reports.board_input import BoardInput, ReportKind
from reports.board_report import BoardReport, board_report, with_kind
from reports.open_data import OpenData, open_data_csv
from survey_app.frames import submitted_between
from survey_app.measures_registry import frameworks, registry
from survey_app.models import Place, Response, utcnow
from survey_app.open_data_names import open_data_names
from survey_app.quarterly_run import QuarterInput, analyse_input, database_input, series_start
from survey_app.report_input import PlaceContext, board_input, place_context

#: Reports, inputs and frames a process keeps (a board report with its charts is ~1 MB).
BOARD_CACHE_SIZE = 16

T = TypeVar("T")


class UnknownService(LookupError):
    """The service asked for is not one of the place's."""


class BoardCache:
    """The ``size`` most recently used values, each made once by its caller (thread-safe)."""

    def __init__(self, size: int = BOARD_CACHE_SIZE) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``make()``'s, which is then kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
        value = make()  # outside the lock: two requests may both make it, which is harmless
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


def board_cache() -> BoardCache:
    """The running app's cache (one per app, so tests with their own app never share one)."""
    return current_app.extensions.setdefault("prem_board_cache", BoardCache())  # type: ignore[no-any-return]


def responses_fingerprint(session: Session, place_slug: str, quarter: str) -> tuple[object, ...]:
    """How many responses the place's report of ``quarter`` reads, the newest id and time."""
    statement = submitted_between(series_start(quarter), quarter, place_slug).with_only_columns(
        func.count(Response.id), func.max(Response.id), func.max(Response.submitted_at)
    )
    return tuple(session.execute(statement).one())


def place_board(
    session: Session,
    place: Place,
    quarter: str,
    *,
    kind: ReportKind = "board",
    service: str | None = None,
    charts: bool = True,
) -> BoardReport:
    """A place's board, commissioner or service report for a quarter.

    Parameters
    ----------
    session : Session
        Reads the place, its responses and counts.
    place : Place
        The place (the caller checked the user may see it).
    quarter : str
        E.g. ``"2026Q3"``.
    kind : {"board", "commissioner", "service"}, default "board"
        Which report; a commissioner report shares the board report's figures and charts.
    service : str, optional
        For a service report, the service's id.
    charts : bool, default True
        Draw the SVG charts.

    Returns
    -------
    BoardReport

    Raises
    ------
    UnknownService
        If ``service`` is not one of the place's services.
    survey_app.quarterly_run.NothingToAnalyse
        If nobody in the place answered a measure with an analysis plan in the quarter.
    """
    min_n = current_app.config["PREM"].min_n
    context = place_context(session, place.slug, quarter, min_n)
    if service is not None and service not in context.units:
        raise UnknownService(service)
    data = _data_key(session, place.slug, quarter, min_n)
    key = (data, utcnow().date(), _context_key(context))
    cache = board_cache()
    board = cache.get(("input", *key), lambda: _board_input(session, data, context))

    def make() -> BoardReport:
        if kind == "commissioner":
            return with_kind(place_board(session, place, quarter, charts=charts), kind)
        if kind == "service":
            return board_report(replace(board, service=service), kind, charts=charts)
        return board_report(board, kind, charts=charts)

    return cache.get(("report", *key, kind, service, charts), make)


def place_open_data(session: Session, place: Place, quarter: str) -> OpenData:
    """The place's open-data file and data dictionary for a quarter, as CSV text.

    Raises
    ------
    survey_app.quarterly_run.NothingToAnalyse
        If nobody in the place answered a measure with an analysis plan in the quarter.
    """
    min_n = current_app.config["PREM"].min_n
    data = _data_key(session, place.slug, quarter, min_n)
    results = board_cache().get(
        ("analysed", data),
        lambda: analyse_input(_frames(session, data), registry(), quarter, min_n),
    )
    return open_data_csv(results, open_data_names(session, registry(), results, place.slug))


@dataclass(frozen=True)
class _Data:
    """What a place's analysis reads: its responses in the quarters (by fingerprint)."""

    slug: str
    quarter: str
    min_n: int
    responses: tuple[object, ...]


def _data_key(session: Session, slug: str, quarter: str, min_n: int) -> _Data:
    return _Data(slug, quarter, min_n, responses_fingerprint(session, slug, quarter))


def _frames(session: Session, data: _Data) -> QuarterInput:
    return board_cache().get(
        ("frames", data), lambda: database_input(session, registry(), data.quarter, data.slug)
    )


def _board_input(session: Session, data: _Data, context: PlaceContext) -> BoardInput:
    return board_input(
        registry(),
        frameworks(),
        _frames(session, data),
        context,
        quarter=data.quarter,
        min_n=data.min_n,
        today=utcnow().date(),
    )


def _context_key(context: PlaceContext) -> Hashable:
    return (context.name, tuple(context.units.items()), context.basket_ids, context.counts)
