"""Tests that need something the machine may lack (PostgreSQL, Chromium, poppler)."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(variable: str, reason: str) -> None:
    """Skip, or fail when ``variable`` (e.g. PREM_REQUIRE_POSTGRES) is set to 1."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{reason} ({variable}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)
