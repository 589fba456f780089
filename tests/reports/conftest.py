"""Fixtures for the report tests."""

import pytest

from reports.model import PlaceReport
from tests.reports.factories import make_report


@pytest.fixture
def report() -> PlaceReport:
    """The standard three-service report."""
    return make_report()
