"""One headless Chromium per test session, for every package's browser tests.

Chromium comes from Debian (``/usr/bin/chromium``, or ``PREM_CHROMIUM``) because
``playwright install`` cannot download browsers here. Without it the tests skip, unless
``PREM_REQUIRE_BROWSER=1`` makes that a failure. The fixtures are registered by the root
``conftest.py``: Playwright's sync API runs one driver per process, so two packages
cannot each start their own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Error, Playwright, sync_playwright

from tests.skipping import skip_or_fail

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver process, for the whole session."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session, with its profile files in a scratch folder."""
    executable = Path(os.environ.get("PREM_CHROMIUM", "/usr/bin/chromium"))
    if not executable.exists():
        skip_or_fail("PREM_REQUIRE_BROWSER", f"Chromium is not installed at {executable}")
    # Chromium puts a Unix socket in TMPDIR, and socket paths are limited to 107 bytes, so
    # the scratch folder sits directly in /tmp rather than deep in pytest's temp tree.
    scratch = Path(tempfile.mkdtemp(prefix="prem-chromium-", dir="/tmp"))
    environment = {
        **os.environ,
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "TMPDIR": str(scratch),
    }
    try:
        chromium = playwright_driver.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, env=environment
        )
    except Error as error:
        skip_or_fail("PREM_REQUIRE_BROWSER", f"Chromium at {executable} did not start: {error}")
    yield chromium
    chromium.close()
    shutil.rmtree(scratch, ignore_errors=True)
