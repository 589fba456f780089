"""Disclosure control: when a count is large enough to publish, and what else to withhold."""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral
from typing import Literal, get_args

__all__ = [
    "DEFAULT_MIN_N",
    "SUPPRESSION_REASONS",
    "Suppression",
    "check_min_n",
    "is_disclosable",
    "suppression_reasons",
]

#: Nothing is published from fewer than this many responses (DESIGN §6).
DEFAULT_MIN_N = 10

#: Why an estimate is withheld: ``"none"`` (it is published), ``"small_number"`` (its own
#: count is below the threshold) or ``"complementary"`` (its count is large enough, but
#: publishing it would let a small count be worked out by subtraction from a total).
Suppression = Literal["none", "small_number", "complementary"]
SUPPRESSION_REASONS: tuple[Suppression, ...] = get_args(Suppression)


def is_disclosable(n: int, min_n: int = DEFAULT_MIN_N) -> bool:
    """Whether an estimate built from `n` responses may be published.

    Parameters
    ----------
    n : int
        Number of responses behind the estimate, ``n >= 0``.
    min_n : int
        Smallest publishable count, ``min_n >= 1``. Default :data:`DEFAULT_MIN_N`.

    Returns
    -------
    bool
        ``True`` when ``n >= min_n``: with the default, 10 responses may be published and
        9 may not.

    Raises
    ------
    TypeError
        If either argument is not a whole number.
    ValueError
        If `n` is negative or `min_n` is less than 1.
    """
    min_n = check_min_n(min_n)
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"n must be a whole number, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"n cannot be negative (got {n})")
    return n >= min_n


def suppression_reasons(
    counts: Mapping[str, int],
    min_n: int = DEFAULT_MIN_N,
    *,
    protect_total: bool = False,
) -> dict[str, Suppression]:
    """Decide which units of one period to withhold, and why.

    Primary (small-number) suppression withholds every unit with ``n < min_n``. When the
    caller also publishes the total over these units, that is not enough: the total minus
    the published units gives the withheld units' combined count, which for one small unit
    is its own count. With ``protect_total=True`` a secondary (complementary) rule follows:

    1. Let ``S`` be the combined count of the units withheld so far.
    2. While ``0 < S < min_n`` and some unit is still published, also withhold the
       published unit with the fewest responses (ties go to the unit id that sorts first)
       and add its count to ``S``.

    Afterwards the withheld units hold either nothing or at least `min_n` responses
    between them, so subtracting the published units from the total reveals no count
    below the threshold. As a published unit has ``n >= min_n``, one secondary unit is
    always enough. Units with ``n = 0`` are withheld but add nothing to ``S``, so on
    their own they never cause secondary suppression.

    Parameters
    ----------
    counts : mapping of str to int
        Responses per unit in one period, ``n >= 0`` each. Units are named by id.
    min_n : int
        The threshold, ``min_n >= 1``. Default :data:`DEFAULT_MIN_N`.
    protect_total : bool
        Apply the secondary rule. Default ``False``: only units below `min_n` are withheld.

    Returns
    -------
    dict of str to Suppression
        Every unit of `counts`, mapped to ``"none"``, ``"small_number"`` or
        ``"complementary"``.

    Raises
    ------
    TypeError
        If a unit id is not a string, a count is not a whole number or `protect_total`
        is not a bool.
    ValueError
        If a count is negative or `min_n` is less than 1.

    Notes
    -----
    The secondary rule assumes there is **one** published total and that the units
    partition it: every response in the total belongs to exactly one unit in `counts`,
    and no other published figure (another total, an earlier period, a breakdown by a
    second characteristic) shares responses with them. Overlapping totals need a fuller
    method (e.g. linear programming over the whole table), which this does not attempt.
    The decision rests on ``n`` alone; the withheld units' positive and negative counts
    can then be recovered only as one combined figure over at least `min_n` responses.
    Someone who knows the rule also knows that a complementary unit had at least `min_n`
    responses and no more than the smallest published unit, which bounds, but does not
    reveal, the small units' combined count.
    """
    min_n = check_min_n(min_n)
    if not isinstance(protect_total, bool):
        raise TypeError(f"protect_total must be True or False, not {protect_total!r}")
    for unit, n in counts.items():
        if not isinstance(unit, str):
            raise TypeError(f"unit ids must be strings, not {type(unit).__name__}")
        is_disclosable(n, min_n)  # checks n is a whole number >= 0
    reasons: dict[str, Suppression] = {
        unit: "none" if n >= min_n else "small_number" for unit, n in counts.items()
    }
    if not protect_total:
        return reasons
    withheld = sum(n for unit, n in counts.items() if reasons[unit] != "none")
    published = sorted((n, unit) for unit, n in counts.items() if reasons[unit] == "none")
    for n, unit in published:
        if not 0 < withheld < min_n:
            break
        reasons[unit] = "complementary"
        withheld += n
    return reasons


def check_min_n(min_n: int) -> int:
    """Return `min_n` as an int after checking it is a whole number of at least 1."""
    if isinstance(min_n, bool) or not isinstance(min_n, Integral):
        raise TypeError(f"min_n must be a whole number, not {type(min_n).__name__}")
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1 (got {min_n})")
    return int(min_n)
