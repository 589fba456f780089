"""Disclosure control: when a count is large enough to publish."""

from __future__ import annotations

from numbers import Integral

__all__ = ["DEFAULT_MIN_N", "check_min_n", "is_disclosable"]

#: Nothing is published from fewer than this many responses (DESIGN §6).
DEFAULT_MIN_N = 10


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


def check_min_n(min_n: int) -> int:
    """Return `min_n` as an int after checking it is a whole number of at least 1."""
    if isinstance(min_n, bool) or not isinstance(min_n, Integral):
        raise TypeError(f"min_n must be a whole number, not {type(min_n).__name__}")
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1 (got {min_n})")
    return int(min_n)
