"""The clipped-normal mean that simulations plant as the truth."""

from __future__ import annotations

import pytest
from scipy import integrate, stats

from analysis.clipped_normal import expected_clipped_score


def test_expected_clipped_score_matches_numerical_integration():
    """Closed form against quad of clip(x, 0, 100) times the normal density."""
    for m, sd in [(60.0, 14.4), (95.0, 20.0), (3.0, 10.0), (50.0, 80.0)]:
        reference, _ = integrate.quad(
            lambda x, m=m, sd=sd: min(max(x, 0.0), 100.0) * stats.norm.pdf(x, m, sd),
            m - 12 * sd,
            m + 12 * sd,
            points=[0.0, 100.0],
        )
        assert expected_clipped_score(m, sd) == pytest.approx(reference, abs=1e-7)
    assert expected_clipped_score(120.0, 0.0) == 100.0
