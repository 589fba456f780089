"""Building blocks shared by every definition object: frozen models, ids, text, placeholders."""

from __future__ import annotations

from string import Formatter
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A stable id: lowercase snake_case, starting with a letter."""

Text = Annotated[str, StringConstraints(min_length=1)]
"""Text shown to people: must not be empty."""

PLACEHOLDERS: dict[str, frozenset[str]] = {
    "none": frozenset(),
    "services": frozenset({"service"}),
    "transitions": frozenset({"from_service", "to_service"}),
}
"""The placeholders text may use, by how its section repeats."""

KNOWN_PLACEHOLDERS = frozenset().union(*PLACEHOLDERS.values())


class Frozen(BaseModel):
    """Base of every definition object: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def placeholders(text: str) -> frozenset[str]:
    """Return the names of the ``{placeholders}`` in a text.

    Parameters
    ----------
    text : str
        Text that will be filled in with ``str.format``.

    Returns
    -------
    frozenset of str
        The placeholder names; a bare ``{}`` gives the empty name ``""``.

    Raises
    ------
    ValueError
        If the braces do not pair up (a lone ``{`` or ``}``), or a placeholder has a
        conversion or format spec (``{service!r}``, ``{service:>5}``), which we never use.

    Examples
    --------
    >>> sorted(placeholders("From {from_service} to {to_service}"))
    ['from_service', 'to_service']
    """
    names = set()
    try:
        parsed = list(Formatter().parse(text))
    except ValueError:
        raise ValueError("has a '{' or '}' that is not part of a {placeholder}") from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"placeholder '{{{name}}}' must be a plain name, like {{service}}")
        names.add(name)
    return frozenset(names)
