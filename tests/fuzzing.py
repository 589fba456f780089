"""Shared settings for the property-based (hypothesis) fuzz tests."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def fuzz_settings(default: int) -> settings:
    """Hypothesis settings: ``PREM_FUZZ_EXAMPLES`` examples (else ``default``), reproducible.

    Derandomized so CI runs the same examples every time, with no example database left
    behind; no deadline, because the first example of a test pays for a cold database.
    """
    examples = int(os.environ.get("PREM_FUZZ_EXAMPLES", default))
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
