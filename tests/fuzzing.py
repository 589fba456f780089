"""Hypothesis settings shared by every fuzzer: reproducible, sized by PREM_FUZZ_EXAMPLES."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


def fuzz_settings(default: int) -> settings:
    """``default`` examples per fuzzed target, or ``PREM_FUZZ_EXAMPLES`` when it is set.

    Derandomised (the same examples on every run, so CI is reproducible; raise
    ``PREM_FUZZ_EXAMPLES`` to search further), no deadline (a request may be slow on a busy
    machine), and no example database written into the checkout.
    """
    examples = int(os.environ.get("PREM_FUZZ_EXAMPLES", default))
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
