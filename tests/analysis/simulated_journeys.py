"""Shared settings and views of simulated whole-journey frames for the simulator's tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

QUARTERS = ("2026Q1", "2026Q2")
SMALL = {"n_services": 12, "n_places": 3, "quarters": QUARTERS}
AGE_EFFECTS = {"age_band": {"age_75_84": -10.0, "age_85_plus": -15.0}}
TEXT = ["response_id", "item_id", "instance", "option_code"]


def plain(answers: pd.DataFrame) -> pd.DataFrame:
    """Answers with text columns as plain strings, for lookups by eye."""
    return answers.astype({column: object for column in TEXT})


def headline(sim) -> pd.DataFrame:
    """One row per headline answer with the response's service and quarter."""
    rows = plain(sim.answers)
    rows = rows[rows["item_id"] == "overall"]
    responses = sim.responses[["response_id", "service_id", "quarter"]].astype(object)
    return rows.merge(responses, on="response_id", validate="one_to_one")


def cell_means(sim) -> pd.DataFrame:
    """Raw mean headline, its SE and n per service and quarter, with the truth."""
    stats_ = (
        headline(sim)
        .dropna(subset=["service_id"])
        .groupby(["service_id", "quarter"])["score"]
        .agg(mean="mean", sd="std", n="count")
        .reset_index()
    )
    stats_["se"] = stats_["sd"] / np.sqrt(stats_["n"])
    return stats_.merge(sim.truth.units, on=["service_id", "quarter"], validate="one_to_one")
