"""Problems found in measure definitions, and where they are.

Model validators report problems that relate one value to another (an unknown scale, a
repeated id) as :class:`CrossReferenceError`, carrying the path of each offending value
relative to the object being validated. The loader joins that path onto the one pydantic
reports, so the final message points at the exact place in the file.
"""

from collections.abc import Iterable, Iterator
from typing import NamedTuple

Loc = tuple[str | int, ...]
"""A path inside a definition, such as ``("sections", 0, "items", 1, "scale")``."""


def format_location(loc: Iterable[str | int]) -> str:
    """Write a path inside a definition the way an author reads it.

    Parameters
    ----------
    loc : iterable of str or int
        Keys (str) and list positions (int), outermost first.

    Returns
    -------
    str
        For example ``sections[0].items[1].scale``, or ``(top level)`` for an empty path.

    Examples
    --------
    >>> format_location(("sections", 0, "items", 1, "scale"))
    'sections[0].items[1].scale'
    """
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            shown = str(part) if str(part).isprintable() else repr(part)  # "\n" stays on one line
            text += f".{shown}" if text else shown
    return text or "(top level)"


class Problem(NamedTuple):
    """One thing wrong with a definition: where (relative to the validated object) and what."""

    loc: Loc
    message: str


class CrossReferenceError(ValueError):
    """Raised by model validators when values in a definition do not fit together.

    Parameters
    ----------
    problems : iterable of Problem
        Every problem found, each with its path relative to the object being validated.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{format_location(p.loc)}: {p.message}" for p in self.problems))


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise :class:`CrossReferenceError` if there are any problems; otherwise do nothing."""
    found = tuple(problems)
    if found:
        raise CrossReferenceError(found)


def duplicates(what: str, ids_at: Iterable[tuple[str, Loc]]) -> Iterator[Problem]:
    """Yield a problem for every repeat of an id, pointing at the repeat and naming the first use.

    Parameters
    ----------
    what : str
        What the values are ("item id", "option code", ...), used in the message.
    ids_at : iterable of (str, Loc)
        Each id with the path where it appears, in file order.
    """
    first_seen: dict[str, Loc] = {}
    for ident, loc in ids_at:
        if ident in first_seen:
            where = format_location(first_seen[ident])
            yield Problem(loc, f"duplicate {what} '{ident}' (already used at {where})")
        else:
            first_seen[ident] = loc
