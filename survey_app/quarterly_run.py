"""Running the quarterly analysis of every measure that declares a plan (no Flask)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.api import QuarterlyResults, quarterly_analysis, to_jsonable
from measures import MeasureRegistry
from survey_app.analysis_spec import spec_for


class NothingToAnalyse(ValueError):
    """No response in the quarter answered a measure with an analysis plan."""


def analyse_measures(
    responses: pd.DataFrame,
    answers: pd.DataFrame,
    registry: MeasureRegistry,
    quarter: str,
    min_n: int,
    comments: pd.DataFrame | None = None,
) -> dict[str, QuarterlyResults]:
    """Quarterly results per measure id, for the measures answered in ``quarter``.

    The measure's version most answered in the quarter decides its domains and plan.
    """
    if "measure_id" not in responses or "measure_version" not in responses:
        raise NothingToAnalyse(
            "responses need the columns 'measure_id' and 'measure_version' to know which "
            "questionnaire they answered"
        )
    now = responses[responses["quarter"] == quarter]
    results = {}
    for measure_id, versions in now.groupby("measure_id", observed=True)["measure_version"]:
        version = int(versions.mode().iloc[0])
        try:
            measure = registry.get(str(measure_id), version)
        except KeyError:
            raise NothingToAnalyse(
                f"the responses answered measure {measure_id!r} version {version}, "
                "which this installation does not have"
            ) from None
        spec = spec_for(measure)
        if spec is not None:
            results[str(measure_id)] = quarterly_analysis(
                responses, answers, spec=spec, quarter=quarter, min_n=min_n, comments=comments
            )
    if not results:
        raise NothingToAnalyse(f"no response in {quarter} answered a measure with an analysis plan")
    return results


def results_payload(results: dict[str, QuarterlyResults]) -> dict[str, Any]:
    """The results as JSON values."""
    return {measure_id: to_jsonable(result) for measure_id, result in results.items()}
