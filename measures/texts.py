"""Every piece of text a respondent can see, for the translation catalogue.

The web app translates definition text through gettext with the English text as the msgid,
so the extractor needs all of it: titles, questions, hints, wording variants, answer labels,
service phrases (the values of ``{service}`` placeholders), the label template of generated
moves, pattern messages, and the fixed messages of :class:`~measures.routing.InvalidAnswer`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from measures.model import Measure
from measures.pages import MESSAGES
from measures.problems import Loc, format_location


@dataclass(frozen=True)
class TextEntry:
    """One respondent-facing text: where it is, the text, and a note for translators."""

    loc: Loc
    text: str
    note: str


def text_entries(measure: Measure) -> Iterator[TextEntry]:
    """Every respondent-facing text of ``measure`` in file order, with a translator's note.

    The note names the measure and the item, scale option or section the text belongs
    to (``whole_journey: item info_understood, hint``), so a translator sees what a
    string is for without the definition open.
    """
    for field in ("title", "description", "thank_you"):
        yield TextEntry((field,), getattr(measure, field), f"{measure.id}: {field}")
    for s, scale in enumerate(measure.scales):
        for o, option in enumerate(scale.options):
            at = ("scales", s, "options", o)
            note = f"{measure.id}: answer {option.code} (scale {scale.id})"
            yield TextEntry((*at, "label"), option.label, note)
            if option.phrase is not None:
                yield TextEntry((*at, "phrase"), option.phrase, f"{note}, inside questions")
    for s, section in enumerate(measure.sections):
        yield TextEntry(("sections", s, "title"), section.title, f"{measure.id}: part title")
        for i, item in enumerate(section.items):
            at = ("sections", s, "items", i)
            about = f"{measure.id}: item {item.id}"
            for loc, text in item.texts():
                yield TextEntry((*at, *loc), text, f"{about}, {_kind(loc)}")
            if item.options_from is not None:
                label = item.options_from.label
                yield TextEntry((*at, "options_from", "label"), label, f"{about}, answer label")
            if item.pattern_message is not None:
                message = item.pattern_message
                yield TextEntry((*at, "pattern_message"), message, f"{about}, error message")


def _kind(loc: Loc) -> str:
    """``("wording", 0, "hint")`` → ``"hint (variant 1)"``."""
    if loc[0] == "wording":
        return f"{loc[-1]} (variant {int(loc[1]) + 1})"
    return "question" if loc[-1] == "text" else str(loc[-1])


def respondent_texts(measure: Measure) -> Iterator[tuple[str, str]]:
    """Yield ``(location, text)`` for every respondent-facing text of a measure, in file order.

    Parameters
    ----------
    measure : Measure
        The measure.

    Yields
    ------
    tuple of (str, str)
        Where the text is in the definition (``sections[2].items[0].wording[0].text``) and
        the text itself. The same text may appear at several locations.
    """
    for entry in text_entries(measure):
        yield format_location(entry.loc), entry.text


def answer_messages() -> tuple[str, ...]:
    """The fixed messages shown for an answer the measure refuses (with ``{placeholders}``)."""
    return MESSAGES
