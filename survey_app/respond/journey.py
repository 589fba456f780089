"""What happens when someone answers through a link: domain logic, no Flask.

A response is created on the first saved answer, answers are saved page by page, and the
submission is one idempotent transaction: only the request that moves the response from
``in_progress`` to ``submitted`` does it, so a double click or a refresh stores one response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from measures import Item, Measure
from survey_app.models import Answer, Campaign, Invitation, Response, utcnow
from survey_app.tokens import token_hash

UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class LinkNotFound(LookupError):
    """The token is unknown, or its campaign is not open. Both look the same to the visitor."""


class AnswerMissing(ValueError):
    """A required item has no answer yet; ``item_id`` says which."""

    def __init__(self, item_id: str) -> None:
        super().__init__(item_id)
        self.item_id = item_id


@dataclass(frozen=True)
class Visit:
    """One visit through an invitation link."""

    invitation: Invitation
    campaign: Campaign
    response: Response | None

    @property
    def submitted(self) -> bool:
        """Whether this link's response has been sent."""
        return self.response is not None and self.response.status == "submitted"

    def answers(self) -> dict[str, Answer]:
        """Saved answers by item id."""
        return {} if self.response is None else {a.item_id: a for a in self.response.answers}


def open_link(session: Session, token: str, now: datetime) -> Visit:
    """Find the invitation for ``token`` and its response so far.

    Raises
    ------
    LinkNotFound
        For an unknown token or a campaign that is not open today. A link whose response
        was submitted still opens, so the visitor can see the thank-you page again.
    """
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    )
    if invitation is None:
        raise LinkNotFound(token)
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    submitted = response is not None and response.status == "submitted"
    if not submitted and not invitation.campaign.is_open_on(now.date()):
        raise LinkNotFound(token)
    if invitation.opened_at is None:
        invitation.opened_at = now
    return Visit(invitation, invitation.campaign, response)


def _ensure_response(session: Session, visit: Visit, language: str) -> Response:
    if visit.response is not None:
        return visit.response
    response = Response(
        campaign_id=visit.campaign.id,
        invitation_id=visit.invitation.id,
        mode=visit.invitation.mode,
        language=language,
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:  # another request for the same link created it first
        response = session.scalars(
            select(Response).where(Response.invitation_id == visit.invitation.id)
        ).one()
    return response


def save_answer(
    session: Session,
    visit: Visit,
    item: Item,
    *,
    option_code: str | None = None,
    text: str | None = None,
    language: str = "en",
) -> Response:
    """Store (or replace) the answer to ``item``; an empty answer removes it."""
    response = _ensure_response(session, visit, language)
    if option_code is None and not text:
        session.execute(
            delete(Answer).where(Answer.response_id == response.id, Answer.item_id == item.id)
        )
        return response
    values = {
        "response_id": response.id,
        "item_id": item.id,
        "option_code": option_code,
        "text": text or None,
    }
    insert = UPSERTS[session.get_bind().dialect.name]
    statement = insert(Answer).values(**values, updated_at=utcnow())
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["response_id", "item_id"],
            set_={
                "option_code": option_code,
                "text": text or None,
                "updated_at": statement.excluded.updated_at,
            },
        )
    )
    return response


def submit(session: Session, visit: Visit, measure: Measure, now: datetime) -> bool:
    """Send the response. Returns ``True`` if this call sent it, ``False`` if it already was.

    Raises
    ------
    AnswerMissing
        If a required item is unanswered; nothing is changed.
    """
    answered = set(visit.answers())
    for item in measure.items:
        if item.required and item.id not in answered:
            raise AnswerMissing(item.id)
    if visit.response is None:
        raise AnswerMissing(measure.items[0].id)
    sent = session.execute(
        update(Response)
        .where(Response.id == visit.response.id, Response.status == "in_progress")
        .values(status="submitted", submitted_at=now)
    ).rowcount
    if sent:
        session.execute(
            update(Invitation)
            .where(Invitation.id == visit.invitation.id, Invitation.used_at.is_(None))
            .values(used_at=now)
        )
    return bool(sent)


@dataclass(frozen=True)
class Step:
    """Where the respondent goes after a page: the next item, or ``None`` once sent."""

    next_item_id: str | None


def record(
    session: Session,
    visit: Visit,
    measure: Measure,
    item: Item,
    values: dict[str, str | None],
    now: datetime,
    language: str = "en",
) -> Step:
    """Save the answer to ``item``, then move on, sending the response after the last page."""
    response = save_answer(session, visit, item, language=language, **values)
    session.flush()
    session.refresh(response)
    visit = Visit(visit.invitation, visit.campaign, response)
    items = measure.items
    following = items[items.index(item) + 1 :]
    if following:
        return Step(following[0].id)
    try:
        submit(session, visit, measure, now)
    except AnswerMissing as missing:
        return Step(missing.item_id)
    return Step(None)
