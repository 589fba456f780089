"""Running the quarterly analysis of every measure that declares a plan (no Flask)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from analysis.api import (
    SERIES_QUARTERS,
    QuarterlyResults,
    previous_quarters,
    quarterly_analysis,
    to_jsonable,
)
from measures import MeasureRegistry
from survey_app.analysis_spec import spec_for
from survey_app.frames import quarter_comments, quarter_frames


@dataclass(frozen=True, slots=True, eq=False)
class QuarterInput:
    """The frames one quarter's analysis reads: responses and answers (the last
    ``SERIES_QUARTERS`` quarters, for trends and series), and the quarter's free-text
    answers, unredacted (or ``None``)."""

    responses: pd.DataFrame
    answers: pd.DataFrame
    comments: pd.DataFrame | None

    def for_place(self, place: str | None) -> QuarterInput:
        """Only the responses of one place (its id); all of them for ``None``."""
        if place is None:
            return self
        responses = self.responses[self.responses["place_id"] == place]
        return QuarterInput(responses, self.answers, self.comments)


def database_input(
    session: Session, registry: MeasureRegistry, quarter: str, place: str | None = None
) -> QuarterInput:
    """Everything the analysis of ``quarter`` reads from the database, for every place or
    only for ``place`` (its id)."""
    first = series_start(quarter)
    responses, answers = quarter_frames(session, registry, first, quarter, place)
    comments = quarter_comments(session, registry, quarter, quarter, place)
    return QuarterInput(responses, answers, comments)


def series_start(quarter: str) -> str:
    """The first of the ``SERIES_QUARTERS`` quarters the analysis of ``quarter`` reads."""
    return previous_quarters(quarter, SERIES_QUARTERS - 1)[0]


class NothingToAnalyse(ValueError):
    """No response in the quarter answered a measure with an analysis plan."""


def analyse_input(
    frames: QuarterInput, registry: MeasureRegistry, quarter: str, min_n: int
) -> dict[str, QuarterlyResults]:
    """:func:`analyse_measures` of the frames read for a quarter."""
    return analyse_measures(
        frames.responses, frames.answers, registry, quarter, min_n, frames.comments
    )


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
