"""The report sections beyond the headline: handovers, equality, comment themes, 8 quarters.

Like :mod:`reports.board_rows`, each builder formats figures once for both the PDF and the
board pages, and puts a note where the threshold hides a figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.api import Gap
from reports.board_input import BoardInput
from reports.board_rows import Estimate, estimate, suppressed_note
from reports.formatting import count, percent, score, score_range, service_type_label

#: What a handover flag means, in words a board reads.
_HANDOVER_WORDS = {
    "below the rest": "Worse than other moves",
    "above the rest": "Better than other moves",
    "no significant difference": "About the same as other moves",
    "not tested": "",
}


@dataclass(frozen=True)
class HandoverRow:
    """One move between types of service and its handover score."""

    from_type: str
    to_type: str
    now: Estimate | None
    flag: str
    failing: bool
    note: str | None


@dataclass(frozen=True)
class GroupRow:
    """One group of an equality characteristic."""

    label: str
    now: Estimate | None
    note: str | None


@dataclass(frozen=True)
class EqualitySection:
    """Scores by the groups of one characteristic, and the largest gap between them."""

    characteristic: str
    name: str
    groups: tuple[GroupRow, ...]
    gap: str


@dataclass(frozen=True)
class ThemeRow:
    """A theme found in the comments, with redacted examples."""

    number: int
    words: str
    comments: str
    share: str
    examples: tuple[str, ...]


@dataclass(frozen=True)
class QuarterRow:
    """The place-wide score of a domain in one of the last 8 quarters."""

    quarter: str
    domain_id: str
    now: Estimate | None
    version: str
    note: str | None


def handover_rows(board: BoardInput) -> tuple[HandoverRow, ...]:
    """Every move with answers, the ones worse than the rest first."""
    journeys = board.results.journeys
    if journeys is None:
        return ()
    rows = []
    for cell in journeys.cells:
        shown = cell.mean is not None and cell.n is not None
        assert not shown or (cell.lower is not None and cell.upper is not None)
        rows.append(
            HandoverRow(
                from_type=service_type_label(cell.from_type),
                to_type=service_type_label(cell.to_type),
                now=estimate(cell.n, cell.mean, cell.lower, cell.upper) if shown else None,  # type: ignore[arg-type]
                flag=_HANDOVER_WORDS.get(cell.flag, cell.flag) if shown else "",
                failing=cell.flag == "below the rest",
                note=None if shown else suppressed_note(journeys.min_n),
            )
        )
    return tuple(sorted(rows, key=lambda r: (not r.failing, r.now is None)))


def equality_sections(board: BoardInput) -> tuple[EqualitySection, ...]:
    """The headline by each equality characteristic."""
    equality = board.results.equality
    if equality is None:
        return ()
    sections = []
    for item in equality.characteristics:
        groups = tuple(
            GroupRow(
                label=board.group_label(item.characteristic, g.group),
                now=estimate(g.n, g.mean, g.lower, g.upper)  # type: ignore[arg-type]
                if g.mean is not None
                else None,
                note=None if g.mean is not None else suppressed_note(equality.min_n),
            )
            for g in item.groups
        )
        sections.append(
            EqualitySection(
                characteristic=item.characteristic,
                name=board.characteristics.get(item.characteristic, item.characteristic),
                groups=groups,
                gap=_gap_words(board, item.gap, item.note),
            )
        )
    return tuple(sections)


def _gap_words(board: BoardInput, gap: Gap | None, note: str) -> str:
    if gap is None:
        return f"No gap is given: {note}." if note else "No gap is given."
    higher = board.group_label(gap.characteristic, gap.higher_group)
    lower = board.group_label(gap.characteristic, gap.lower_group)
    between = f"{higher} scored {score(gap.difference)} points higher than {lower}"
    interval = f"({score_range(gap.lower, gap.upper)})"
    if gap.significant:
        return f"{between} {interval}: a real gap, after allowing for testing many groups."
    return f"{between} {interval}, a gap that chance could explain."


def theme_rows(board: BoardInput) -> tuple[ThemeRow, ...]:
    """Themes from at least the threshold of comments, largest first."""
    text = board.results.free_text
    if text is None:
        return ()
    return tuple(
        ThemeRow(
            number=theme.number,
            words=", ".join(theme.top_terms[:6]),
            comments=count(theme.n),
            share=percent(theme.share),
            examples=theme.examples,
        )
        for theme in sorted(text.themes, key=lambda t: -t.n)
        if theme.n >= board.min_n
    )


def quarter_rows(board: BoardInput, domain_id: str) -> tuple[QuarterRow, ...]:
    """A domain's place-wide score in each quarter of the series, oldest first."""
    series = board.results.place_series
    series = series[series["domain_id"] == domain_id].sort_values("quarter")
    return tuple(
        QuarterRow(
            quarter=str(row["quarter"]),
            domain_id=domain_id,
            now=None
            if row["suppressed"]
            else estimate(row["n"], row["mean"], row["lower"], row["upper"]),
            version=str(int(row["measure_version"])),
            note=suppressed_note(board.min_n) if row["suppressed"] else None,
        )
        for _, row in series.iterrows()
    )
