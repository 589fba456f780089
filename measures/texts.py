"""Every piece of text a respondent can see, for the translation catalogue.

The web app translates definition text through gettext with the English text as the msgid,
so the extractor needs all of it: titles, questions, hints, wording variants, answer labels,
service phrases (the values of ``{service}`` placeholders), the label template of generated
moves, pattern messages, and the fixed messages of :class:`~measures.routing.InvalidAnswer`.
"""

from __future__ import annotations

from collections.abc import Iterator

from measures.model import Measure
from measures.pages import MESSAGES
from measures.problems import format_location


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
    for field in ("title", "description", "thank_you"):
        yield field, getattr(measure, field)
    for s, scale in enumerate(measure.scales):
        for o, option in enumerate(scale.options):
            yield format_location(("scales", s, "options", o, "label")), option.label
            if option.phrase is not None:
                yield format_location(("scales", s, "options", o, "phrase")), option.phrase
    for s, section in enumerate(measure.sections):
        yield format_location(("sections", s, "title")), section.title
        for i, item in enumerate(section.items):
            at = ("sections", s, "items", i)
            for loc, text in item.texts():
                yield format_location((*at, *loc)), text
            if item.options_from is not None:
                yield format_location((*at, "options_from", "label")), item.options_from.label
            if item.pattern_message is not None:
                yield format_location((*at, "pattern_message")), item.pattern_message


def answer_messages() -> tuple[str, ...]:
    """The fixed messages shown for an answer the measure refuses (with ``{placeholders}``)."""
    return MESSAGES
