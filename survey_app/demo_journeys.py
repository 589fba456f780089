"""Made-up whole-journey responses for the demo place, so its analysis has something to show.

Responses come from :func:`analysis.simulate_journey.simulate_journey` with the demo's own
services and their types, over the eight calendar quarters before today's, and are stored
through the same tables real answers use. About a third leave a comment, written by
:func:`analysis.simulate_comments.simulate_comments` (identifiers included, as real
comments have them, so redaction has work to do).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import exists, insert, select
from sqlalchemy.orm import Session

from analysis.api import SERIES_QUARTERS, previous_quarters, quarter_of, simulate_comments
from analysis.simulate_journey import TYPICAL_CASE_MIX, simulate_journey
from survey_app.models import Answer, Campaign, Organisation, Place, Response, Service

RESPONSES = 3000
COMMENT_SHARE = 0.3
_BATCH = 5000


def ensure_journey_responses(session: Session, place_slug: str, today: date, seed: int) -> int:
    """Add simulated whole-journey responses to the place's campaigns once; return how many."""
    campaigns = list(
        session.scalars(
            select(Campaign)
            .join(Organisation, Organisation.id == Campaign.organisation_id)
            .join(Place, Place.id == Organisation.place_id)
            .where(Place.slug == place_slug, Campaign.measure_id == "whole_journey")
            .order_by(Campaign.id)
        )
    )
    ids = [c.id for c in campaigns]
    if not ids or session.scalar(select(exists().where(Response.campaign_id.in_(ids)))):
        return 0
    by_service = {c.service_id: c for c in campaigns if c.service_id is not None}
    place_wide = next((c for c in campaigns if c.service_id is None), None)
    services = list(
        session.scalars(select(Service).where(Service.id.in_(by_service)).order_by(Service.id))
    )
    rng = np.random.default_rng(seed)
    last = previous_quarters(quarter_of(pd.Timestamp(today, tz="UTC")), 1)[0]
    simulated = simulate_journey(
        rng,
        n_responses=RESPONSES,
        n_services=len(services),
        quarters=previous_quarters(last, SERIES_QUARTERS - 1),
        n_places=1,
        unit_sd=6.0,
        tau=1.0,
        case_mix=TYPICAL_CASE_MIX,
        service_types=[s.service_type for s in services],
        place_share=0.1 if place_wide is not None else 0.0,
    )
    campaign_of = {f"service-{i + 1:03d}": by_service[s.id].id for i, s in enumerate(services)}
    responses = simulated.responses
    campaign_ids = responses["service_id"].astype(object).map(campaign_of)
    if place_wide is not None:
        campaign_ids = campaign_ids.fillna(place_wide.id)
    new_ids = _insert_responses(session, responses, campaign_ids, rng)
    _insert_answers(session, simulated.answers, new_ids)
    _insert_comments(session, simulated.answers, new_ids, rng)
    return len(new_ids)


def _insert_responses(
    session: Session, responses: pd.DataFrame, campaign_ids: pd.Series, rng: np.random.Generator
) -> dict[str, int]:
    minutes = rng.integers(4, 25, size=len(responses))
    rows = [
        {
            "campaign_id": int(campaign),
            "status": "submitted",
            "language": str(language),
            "mode": str(mode),
            "respondent_type": str(respondent),
            "started_at": submitted.to_pydatetime() - timedelta(minutes=int(minute)),
            "submitted_at": submitted.to_pydatetime(),
        }
        for campaign, language, mode, respondent, submitted, minute in zip(
            campaign_ids,
            responses["language"],
            responses["mode"],
            responses["respondent_type"],
            responses["submitted_at"],
            minutes,
            strict=True,
        )
    ]
    new = session.execute(
        insert(Response).returning(Response.id, sort_by_parameter_order=True), rows
    ).scalars()
    return dict(zip(responses["response_id"].astype(str), new, strict=True))


def _insert_answers(session: Session, answers: pd.DataFrame, new_ids: dict[str, int]) -> None:
    rows = [
        {
            "response_id": new_ids[str(r)],
            "item_id": str(i),
            "instance": str(n),
            "option_code": str(o),
        }
        for r, i, n, o in zip(
            answers["response_id"],
            answers["item_id"],
            answers["instance"],
            answers["option_code"],
            strict=True,
        )
    ]
    for start in range(0, len(rows), _BATCH):
        session.execute(insert(Answer), rows[start : start + _BATCH])


def _insert_comments(
    session: Session, answers: pd.DataFrame, new_ids: dict[str, int], rng: np.random.Generator
) -> None:
    overall = answers[answers["item_id"] == "overall"].set_index(
        answers.loc[answers["item_id"] == "overall", "response_id"].astype(str)
    )["score"]
    chosen = [r for r in new_ids if rng.random() < COMMENT_SHARE]
    ratings = overall.reindex(chosen).to_numpy(dtype=float)
    comments = simulate_comments(rng, len(chosen), ratings=ratings).frame["comment"]
    session.execute(
        insert(Answer),
        [
            {"response_id": new_ids[r], "item_id": "own_words", "instance": "", "text": text}
            for r, text in zip(chosen, comments, strict=True)
        ],
    )
