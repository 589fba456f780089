"""How many links were issued and opened, and questionnaires started and completed (no Flask).

Counted in the database (``GROUP BY`` day or mode), never by loading rows:

- issued: ``Invitation.created_at`` (an open poster link counts when someone starts it),
- opened: ``Invitation.opened_at`` (the first visit),
- started: ``Response.started_at`` (the first saved page),
- completed: ``Response.submitted_at`` of responses with status ``submitted``.

Days are UTC calendar days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Date, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from survey_app.models import Campaign, Invitation, Response
from survey_app.models.vocab import MODES

STAGES: tuple[str, ...] = ("issued", "opened", "started", "completed")
WINDOW_DAYS = 56  # eight weeks


@dataclass(frozen=True)
class Funnel:
    """Counts for each stage, from issued to completed."""

    issued: int = 0
    opened: int = 0
    started: int = 0
    completed: int = 0

    def __add__(self, other: Funnel) -> Funnel:
        return Funnel(*(getattr(self, s) + getattr(other, s) for s in STAGES))


@dataclass(frozen=True)
class DayRates:
    """One day: what happened that day (``new``) and the running totals at its end."""

    day: date
    new: Funnel
    running: Funnel


@dataclass(frozen=True)
class ModeRates:
    """One way of reaching people (a code from ``MODES``) and its counts."""

    mode: str
    counts: Funnel


@dataclass(frozen=True)
class ResponseRates:
    """A campaign's counts in total, by day (within ``first_day``..``last_day``) and by mode."""

    total: Funnel
    first_day: date
    last_day: date
    days: tuple[DayRates, ...]
    modes: tuple[ModeRates, ...]


class utc_date(FunctionElement[date]):
    """The UTC calendar day of a timestamp, as SQL."""

    type = Date()
    inherit_cache = True


@compiles(utc_date, "sqlite")
def _utc_date_sqlite(element: utc_date, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    return f"date({compiler.process(element.clauses, **kw)})"  # stored as UTC text


@compiles(utc_date, "postgresql")
def _utc_date_postgresql(element: utc_date, compiler, **kw) -> str:  # type: ignore[no-untyped-def]
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


def _by_day(session: Session, column: ColumnElement, *where: ColumnElement) -> dict[date, int]:
    day = utc_date(column)
    rows = session.execute(
        select(day, func.count()).where(column.is_not(None), *where).group_by(day)
    )
    return {on: n for on, n in rows}


def _daily(session: Session, campaign_id: int) -> dict[str, dict[date, int]]:
    invitation = Invitation.campaign_id == campaign_id
    response = Response.campaign_id == campaign_id
    return {
        "issued": _by_day(session, Invitation.created_at, invitation),
        "opened": _by_day(session, Invitation.opened_at, invitation),
        "started": _by_day(session, Response.started_at, response),
        "completed": _by_day(
            session, Response.submitted_at, response, Response.status == "submitted"
        ),
    }


def _by_mode(session: Session, campaign_id: int) -> tuple[ModeRates, ...]:
    counts: dict[str, dict[str, int]] = {}
    links = session.execute(
        select(Invitation.mode, func.count(), func.count(Invitation.opened_at))
        .where(Invitation.campaign_id == campaign_id)
        .group_by(Invitation.mode)
    )
    for mode, issued, opened in links:
        counts.setdefault(mode, {}).update(issued=issued, opened=opened)
    answers = session.execute(
        select(Response.mode, func.count(), func.count().filter(Response.status == "submitted"))
        .where(Response.campaign_id == campaign_id)
        .group_by(Response.mode)
    )
    for mode, started, completed in answers:
        counts.setdefault(mode, {}).update(started=started, completed=completed)
    return tuple(ModeRates(mode, Funnel(**counts[mode])) for mode in MODES if mode in counts)


def window(campaign: Campaign, today: date) -> tuple[date, date]:
    """The days shown one by one: the campaign's span up to today, at most the last 8 weeks.

    It starts when the campaign opened or was created (links may go out before it opens),
    whichever came first, and ends today or on the day it closed.
    """
    last = today if campaign.closes_on is None else min(today, campaign.closes_on)
    began = min(campaign.opens_on, campaign.created_at.date())
    first = max(began, last - timedelta(days=WINDOW_DAYS - 1))
    return min(first, last), last


def _funnel(daily: Mapping[str, Mapping[date, int]], keep) -> Funnel:  # type: ignore[no-untyped-def]
    return Funnel(*(sum(n for on, n in daily[s].items() if keep(on)) for s in STAGES))


def response_rates(session: Session, campaign: Campaign, today: date) -> ResponseRates:
    """Count ``campaign``'s links and responses in total, by day and by mode."""
    daily = _daily(session, campaign.id)
    first, last = window(campaign, today)
    running = _funnel(daily, lambda on: on < first)  # carried in from before the window
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        new = Funnel(*(daily[s].get(day, 0) for s in STAGES))
        running = running + new
        days.append(DayRates(day, new, running))
    return ResponseRates(
        total=_funnel(daily, lambda _on: True),
        first_day=first,
        last_day=last,
        days=tuple(days),
        modes=_by_mode(session, campaign.id),
    )
