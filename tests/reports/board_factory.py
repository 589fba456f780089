"""A board report's input from simulated responses with a known truth (one place, 8 quarters)."""

from __future__ import annotations

import datetime
from functools import cache

import numpy as np
import pandas as pd

from analysis.api import (
    domain_composites,
    quarterly_analysis,
    simulate_comments,
)
from analysis.quarterly import headline_scores
from analysis.simulate_journey import TYPICAL_CASE_MIX, SimulatedJourney, simulate_journey
from measures import load_frameworks, load_registry
from measures.basket import basket_for
from measures.fhir import GENERIC_PLACEHOLDERS
from reports.board_input import BoardInput, UnitInfo
from survey_app.analysis_spec import spec_for

QUARTER = "2026Q3"
QUARTERS = ("2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3")
MEASURE = load_registry().latest("whole_journey")
SPEC = spec_for(MEASURE)
WORSE, BETTER = "service-003", "service-007"
#: A service name a hostile administrator could type.
TYPES = ("gp", "acute", "community", "social_care", "mental_health", "pharmacy")
HOSTILE = '<script>alert("x")</script> Clinic'


@cache
def simulated() -> SimulatedJourney:
    return simulate_journey(
        np.random.default_rng(20261206),
        n_responses=16_000,
        n_services=12,
        n_places=1,
        quarters=QUARTERS,
        unit_sd=2.0,
        tau=0.0,
        case_mix=TYPICAL_CASE_MIX,
        outliers={WORSE: -14.0, BETTER: 12.0},
        service_types=TYPES * 2,
    )


def comments(sim: SimulatedJourney) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Comments with planted identifiers, from 600 of the quarter's respondents."""
    assert SPEC is not None
    now = sim.responses[sim.responses["quarter"] == QUARTER]
    answers = sim.answers[sim.answers["response_id"].isin(now["response_id"])]
    composites = domain_composites(answers, SPEC.domains, min_fraction=SPEC.min_fraction).table
    headline = headline_scores(composites, now, SPEC).set_index("response_id")["score"]
    chosen = headline.index.to_series().sample(600, random_state=3).astype(str).to_numpy()
    planted = simulate_comments(
        np.random.default_rng(7), len(chosen), ratings=headline.reindex(chosen).to_numpy()
    )
    frame = pd.DataFrame({"response_id": chosen, "text": planted.frame["comment"]})
    return frame, planted.frame


@cache
def board_input() -> BoardInput:
    sim = simulated()
    assert SPEC is not None
    found = quarterly_analysis(
        sim.responses, sim.answers, spec=SPEC, quarter=QUARTER, comments=comments(sim)[0]
    )
    services = sim.truth.units.drop_duplicates("service_id")
    units = {
        str(row.service_id): UnitInfo(
            HOSTILE if row.service_id == "service-011" else f"Service {row.service_id[-3:]}",
            str(row.service_type),
            "Trust " + row.service_id[-1],
        )
        for row in services.itertuples()
    }
    plan = MEASURE.scoring.analysis
    assert plan is not None
    return BoardInput(
        place_name="Calderdale",
        measure_title=MEASURE.title,
        results=found,
        units=units,
        domains={d: MEASURE.domain(d).title for d in SPEC.domains},
        items={
            i: MEASURE.item(i).text.format_map(GENERIC_PLACEHOLDERS)
            for items in SPEC.domains.values()
            for i in items
        },
        characteristics={"age_band": "Age", "sex": "Sex"},
        basket=basket_for((), load_frameworks(), MEASURE),
        generated_on=datetime.date(2026, 10, 5),
    )
