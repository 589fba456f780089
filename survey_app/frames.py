"""The one place that turns database rows into analysis frames (``analysis.frame`` contract).

Only submitted responses are read. Free text never enters these frames. Scores come from
the measure definition each response was given, so a new measure version can re-score.
Case-mix and equality columns come from the answers each measure's analysis plan names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from analysis.api import quarter_bounds, quarters_of, validate_answers, validate_responses
from measures import Measure, MeasureRegistry
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
        Response.respondent_type,
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

_KEY = ["measure_id", "measure_version"]


def _score_table(registry: MeasureRegistry) -> pd.DataFrame:
    rows = [
        (m.id, m.version, item.id, option.code, option.score)
        for m in registry
        for item in m.items
        if (scale := m.scale_for(item)) is not None
        for option in scale.options
    ]
    return pd.DataFrame(rows, columns=[*_KEY, "item_id", "option_code", "score"])


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
    return _read(session, registry, statement)


def quarter_frames(
    session: Session,
    registry: MeasureRegistry,
    first_quarter: str,
    last_quarter: str,
    place: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses and answers submitted from ``first_quarter`` to ``last_quarter``, in every
    place or only in ``place`` (its id)."""
    return _read(session, registry, submitted_between(first_quarter, last_quarter, place))


def submitted_between(first_quarter: str, last_quarter: str, place: str | None = None) -> Select:
    """:data:`RESPONSE_QUERY` for the responses submitted in the quarters (and the place)."""
    start, end = quarter_bounds(first_quarter)[0], quarter_bounds(last_quarter)[1]
    statement = RESPONSE_QUERY.where(
        Response.submitted_at >= start.to_pydatetime(),
        Response.submitted_at < end.to_pydatetime(),
    )
    return statement if place is None else statement.where(Place.slug == place)


def _read(
    session: Session, registry: MeasureRegistry, statement
) -> tuple[pd.DataFrame, pd.DataFrame]:  # type: ignore[no-untyped-def]
    responses = pd.DataFrame(
        session.execute(statement).mappings().all(),
        columns=[c.name for c in RESPONSE_QUERY.selected_columns],
    )
    answer_rows = session.execute(
        select(Answer.response_id, Answer.item_id, Answer.instance, Answer.option_code).where(
            Answer.option_code.is_not(None),
            Answer.response_id.in_(statement.with_only_columns(Response.id)),
        )
    ).all()
    answers = pd.DataFrame(
        answer_rows, columns=["response_id", "item_id", "instance", "option_code"]
    )
    return _shape(responses, answers, registry)


def _shape(
    responses: pd.DataFrame, answers: pd.DataFrame, registry: MeasureRegistry
) -> tuple[pd.DataFrame, pd.DataFrame]:
    responses["submitted_at"] = pd.to_datetime(responses["submitted_at"], utc=True)
    responses["quarter"] = quarters_of(responses["submitted_at"])
    responses["measure_version"] = responses["measure_version"].astype("int64")
    answers = answers.merge(responses[["response_id", *_KEY]], on="response_id").merge(
        _score_table(registry), how="left", on=[*_KEY, "item_id", "option_code"]
    )
    responses = responses.merge(
        covariates(responses, answers, registry), how="left", on="response_id"
    )
    for frame in (responses, answers):
        frame["response_id"] = frame["response_id"].astype(str)
    responses["campaign_id"] = responses["campaign_id"].astype(str)
    answers = answers[["response_id", "item_id", "instance", "option_code", "score"]]
    return validate_responses(responses), validate_answers(answers)


def covariates(
    responses: pd.DataFrame, answers: pd.DataFrame, registry: MeasureRegistry
) -> pd.DataFrame:
    """One row per response with the covariate columns its measure's analysis plan names.

    ``answers`` needs ``response_id``, ``item_id``, ``option_code``, ``measure_id`` and
    ``measure_version``. Codes a plan counts as not stated are left blank.
    """
    parts = [pd.DataFrame({"response_id": responses["response_id"]})]
    for (measure_id, version), rows in answers.groupby(_KEY, observed=True, sort=False):
        measure = registry.get(str(measure_id), int(version))
        if measure.scoring.analysis is not None:
            parts.append(_plan_columns(measure, rows))
    found = pd.concat(parts[1:], ignore_index=True) if len(parts) > 1 else parts[0]
    return parts[0].merge(found, how="left", on="response_id") if len(parts) > 1 else found


def _plan_columns(measure: Measure, answers: pd.DataFrame) -> pd.DataFrame:
    plan = measure.scoring.analysis
    assert plan is not None
    once = answers[answers["instance"] == ""]
    codes = once.pivot_table(
        index="response_id", columns="item_id", values="option_code", aggfunc="first"
    )
    table = pd.DataFrame(index=pd.Index(answers["response_id"].unique(), name="response_id"))

    def answer(item: str) -> pd.Series:
        column = codes[item] if item in codes.columns else pd.Series(dtype=object)
        return column.reindex(table.index)

    for covariate in plan.covariates:
        values = answer(covariate.item)
        table[covariate.column] = values.where(~values.isin(covariate.missing)).astype(object)
    if plan.disability is not None:
        rule = plan.disability
        condition, limits = answer(rule.condition_item), answer(rule.limits_item)
        disabled = condition.isin(rule.condition_codes) & limits.isin(rule.limited_codes)
        not_disabled = condition.isin(rule.no_condition_codes) | (
            condition.isin(rule.condition_codes) & limits.isin(rule.not_limited_codes)
        )
        table["disability"] = np.select(
            [disabled.to_numpy(), not_disabled.to_numpy()],
            ["disabled", "not_disabled"],
            default=None,
        )
    return table.reset_index()


def free_text_items(registry: MeasureRegistry) -> frozenset[tuple[str, int, str]]:
    """``(measure id, version, item id)`` of every free-text item: the comments people write.

    Short answers (a postcode district, a language name) are ``short_text`` and not included.
    """
    return frozenset(
        (m.id, m.version, item.id) for m in registry for item in m.items if item.type == "free_text"
    )


def quarter_comments(
    session: Session,
    registry: MeasureRegistry,
    first_quarter: str,
    last_quarter: str,
    place: str | None = None,
) -> pd.DataFrame:
    """Free-text answers (``response_id``, ``text``) submitted in the quarters, unredacted.

    Only items of type ``free_text`` count: short answers such as a postcode district or a
    language name never do. The caller redacts before anyone but an administrator sees them.
    """
    responses = submitted_between(first_quarter, last_quarter, place).with_only_columns(Response.id)
    free_text = free_text_items(registry)
    rows = session.execute(
        select(Answer.response_id, Campaign.measure_id, Campaign.measure_version, Answer.item_id,
               Answer.text)
        .join(Response, Response.id == Answer.response_id)
        .join(Campaign, Campaign.id == Response.campaign_id)
        .where(Answer.text.is_not(None), Answer.response_id.in_(responses))
    ).all()  # fmt: skip
    kept = [(str(r[0]), r[4]) for r in rows if (r[1], r[2], r[3]) in free_text]
    return pd.DataFrame(kept, columns=["response_id", "text"])
