"""The one place that turns database rows into analysis frames (``analysis.frame`` contract).

Only submitted responses are read. Free text never enters these frames. Scores come from
the measure definition each response was given, so a new measure version can re-score.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.api import quarter_bounds, quarters_of, validate_answers, validate_responses
from measures import MeasureRegistry
from survey_app.models import Answer, Campaign, Organisation, Place, Response, Service

RESPONSE_QUERY = (
    select(
        Response.id.label("response_id"),
        Place.slug.label("place_id"),
        Service.slug.label("service_id"),
        Response.campaign_id.label("campaign_id"),
        Response.submitted_at,
        Response.mode,
        Response.language,
        Service.name.label("service_name"),
        Service.service_type,
        Organisation.name.label("organisation_name"),
        Campaign.measure_id,
        Campaign.measure_version,
    )
    .join(Campaign, Response.campaign_id == Campaign.id)
    .outerjoin(Service, Campaign.service_id == Service.id)
    .join(Organisation, Campaign.organisation_id == Organisation.id)
    .join(Place, Organisation.place_id == Place.id)
    .where(Response.status == "submitted")
)


def _score_table(registry: MeasureRegistry) -> pd.DataFrame:
    rows = [
        (m.id, m.version, item.id, option.code, option.score)
        for m in registry
        for item in m.items
        if (scale := m.scale_for(item)) is not None
        for option in scale.options
    ]
    return pd.DataFrame(
        rows, columns=["measure_id", "measure_version", "item_id", "option_code", "score"]
    )


def place_frames(
    session: Session, registry: MeasureRegistry, place_slug: str, quarter: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses and answers submitted in one place during one calendar quarter.

    Returns
    -------
    responses, answers : pandas.DataFrame
        Validated against :mod:`analysis.frame`.
    """
    start, end = quarter_bounds(quarter)
    statement = RESPONSE_QUERY.where(
        Place.slug == place_slug,
        Response.submitted_at >= start.to_pydatetime(),
        Response.submitted_at < end.to_pydatetime(),
    )
    responses = pd.DataFrame(
        session.execute(statement).mappings().all(),
        columns=[c.name for c in RESPONSE_QUERY.selected_columns],
    )
    answer_rows = session.execute(
        select(Answer.response_id, Answer.item_id, Answer.option_code).where(
            Answer.option_code.is_not(None),
            Answer.response_id.in_(statement.with_only_columns(Response.id)),
        )
    ).all()
    answers = pd.DataFrame(answer_rows, columns=["response_id", "item_id", "option_code"])
    return _shape(responses, answers, registry)


def _shape(
    responses: pd.DataFrame, answers: pd.DataFrame, registry: MeasureRegistry
) -> tuple[pd.DataFrame, pd.DataFrame]:
    responses["submitted_at"] = pd.to_datetime(responses["submitted_at"], utc=True)
    responses["quarter"] = quarters_of(responses["submitted_at"])
    answers = answers.merge(
        responses[["response_id", "measure_id", "measure_version"]], on="response_id"
    ).merge(
        _score_table(registry),
        how="left",
        on=["measure_id", "measure_version", "item_id", "option_code"],
    )
    for frame in (responses, answers):
        frame["response_id"] = frame["response_id"].astype(str)
    responses["campaign_id"] = responses["campaign_id"].astype(str)
    answers = answers[["response_id", "item_id", "option_code", "score"]]
    return validate_responses(responses), validate_answers(answers)
