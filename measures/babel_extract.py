"""A Babel extractor for measure definitions, so questionnaire text joins ``messages.pot``.

Registered as the ``prem_measures`` extractor (``pyproject.toml``, entry point group
``babel.extractors``) and used from ``babel.cfg``::

    [prem_measures: measures/definitions/*.yaml]

Each text a respondent can see becomes a message whose id is the English text (the web
app translates it with ``gettext(text)``), with the line it is on and a translator's note
naming the measure and item. The fixed messages for a refused answer come once per file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import yaml

from measures.load import load_measure
from measures.problems import Loc
from measures.texts import answer_messages, text_entries

Message = tuple[int, str | None, str, list[str]]


def _lines(node: yaml.Node, at: Loc = ()) -> Iterator[tuple[Loc, int]]:
    """``(location, line)`` for every node of a composed YAML document (lines from 1)."""
    yield at, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _lines(value, (*at, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for position, value in enumerate(node.value):
            yield from _lines(value, (*at, position))


def extract_measure(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Message]:
    """Yield ``(line, None, text, [note])`` for every respondent-facing text in a definition.

    Raises :class:`~measures.load.MeasureDefinitionError` for an invalid definition, so a
    broken file stops extraction with the file, place and problem named.
    """
    path = Path(fileobj.name)
    measure = load_measure(path)
    document = yaml.compose(fileobj.read().decode("utf-8"))
    lines = dict(_lines(document)) if document is not None else {}
    for entry in text_entries(measure):
        yield lines.get(entry.loc, 1), None, entry.text, [entry.note]
    for message in answer_messages():
        yield 1, None, message, ["Shown when an answer is refused; keep {placeholders} as they are"]
