"""The one-page summary in plain English: what got better, what got worse, where people
fall through the gaps between services."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.api import previous_quarters
from reports.board_input import BoardInput
from reports.board_rows import DomainRow, ServiceRow
from reports.board_sections import EqualitySection, HandoverRow
from reports.formatting import count, mid_sentence


@dataclass(frozen=True)
class Summary:
    """Sentences for the summary page, each list never empty."""

    opening: str
    better: tuple[str, ...]
    worse: tuple[str, ...]
    gaps: tuple[str, ...]


def summary(
    board: BoardInput,
    domains: tuple[DomainRow, ...],
    services: tuple[ServiceRow, ...],
    handovers: tuple[HandoverRow, ...],
    equality: tuple[EqualitySection, ...],
) -> Summary:
    """Write the summary from the rows the report prints (so it can only repeat them)."""
    results, previous = board.results, _previous(board)
    headline = next((d for d in domains if d.domain_id == results.spec.headline), None)
    opening = (
        f"In {board.place_name}, {count(results.n_responses)} people told us about their care "
        f"in {board.quarter}."
    )
    if headline is not None and headline.now is not None:
        opening += (
            f" They rated it {headline.now.value} out of 100 overall "
            f"(95% interval {headline.now.interval})."
        )
    better = [_moved(d) for d in domains if _is(d, "up")]
    better += [
        f"{s.name} did {s.band} for the people it serves." for s in services if "better" in s.band
    ]
    worse = [_moved(d) for d in domains if _is(d, "down")]
    worse += [
        f"{s.name} did {s.band} for the people it serves." for s in services if "worse" in s.band
    ]
    gaps = [
        f"Moving from {mid_sentence(h.from_type)} to {mid_sentence(h.to_type)} scored "
        f"{h.now.value} for the handover, worse than other moves."
        for h in handovers
        if h.failing and h.now is not None
    ]
    gaps += [e.gap for e in equality if "a real gap" in e.gap]
    return Summary(
        opening=opening,
        better=tuple(better) or (f"No score rose by more than chance since {previous}.",),
        worse=tuple(worse) or (f"No score fell by more than chance since {previous}.",),
        gaps=tuple(gaps)
        or ("No move between services, and no group of people, scored worse than the rest.",),
    )


def _moved(domain: DomainRow) -> str:
    change = domain.quarter_on_quarter
    return f"{domain.title}: {change.words.lower()} points since {change.since}."


def _is(domain: DomainRow, arrow: str) -> bool:
    return domain.now is not None and domain.quarter_on_quarter.arrow == arrow


def _previous(board: BoardInput) -> str:
    return previous_quarters(board.quarter, 1)[0]
