"""What happens when someone answers through a link: domain logic, no Flask.

A response is created on the first saved answer; answers are saved page by page (so the same
link resumes where the person stopped); after each save, answers that no longer apply are
dropped. Sending is one idempotent transaction: only the request that moves the response from
``in_progress`` to ``submitted`` sends it, so a double click or a refresh stores one response.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from measures import Measure, MeasureRegistry
from measures.routing import (
    AnswerKey,
    Answers,
    AnswerValue,
    Page,
    Route,
    route,
    validate_answer,
)
from survey_app.models import Answer, Invitation, Response
from survey_app.models.answers_json import AnswerRow
from survey_app.models.vocab import RESPONDENT_TYPES
from survey_app.respond.kinds import ITEM_KINDS
from survey_app.respond.link import (
    LinkRecord,
    ResponseState,
    lock_link_response,
    lock_response,
    read_link,
)
from survey_app.respond.presets import link_preset


class LinkNotFound(LookupError):
    """No invitation has this token."""


class LinkClosed(LookupError):
    """The link's campaign is not open (not yet, or no longer) and nothing was sent."""


class AnswerMissing(ValueError):
    """A required question has no answer yet; ``slug`` says which page."""

    def __init__(self, slug: str) -> None:
        super().__init__(slug)
        self.slug = slug


@dataclass(frozen=True)
class Visit:
    """One visit through an invitation link: the campaign, its measure, and answers so far."""

    link: LinkRecord
    measure: Measure
    response: ResponseState | None
    answers: Mapping[AnswerKey, AnswerValue] = field(default_factory=dict)
    locked: bool = False
    """Whether the response and answers were read under a row lock held until commit."""

    @property
    def submitted(self) -> bool:
        """Whether this link's response has been sent."""
        return self.response is not None and self.response.status == "submitted"

    @cached_property
    def preset(self) -> Answers:
        """Answers the link itself implies (the service that sent it)."""
        return link_preset(self.measure, self.link.service_type)

    @cached_property
    def route(self) -> Route:
        """The pages that apply given the answers so far, worked out once per visit."""
        return route(self.measure, self.answers, preset=self.preset)

    def pages(self) -> tuple[Page, ...]:
        """The pages that apply to this person, given their answers so far."""
        return self.route.shown

    def page(self, slug: str) -> Page:
        """The page ``slug`` if it applies to this person (KeyError if not)."""
        return self.route.page(slug)

    def after(self, slug: str) -> Page | None:
        """The page after ``slug``, or ``None`` after the last."""
        return self.route.after(slug)

    def before(self, slug: str) -> Page | None:
        """The page before ``slug``, or ``None`` on the first."""
        return self.route.before(slug)

    def resume_at(self) -> Page | None:
        """The first page not answered yet, or ``None`` if every page has an answer."""
        return self.route.first_unanswered()

    def saved(self, page: Page) -> AnswerValue | None:
        """What to show on ``page``: the saved answer, else what the link implies."""
        return self.answers.get(page.key, self.preset.get(page.key))


def answers_from_rows(measure: Measure, rows: Iterable[AnswerRow]) -> dict[AnswerKey, AnswerValue]:
    """Stored answer rows back into answers, by page key.

    ``rows`` are ``(item_id, instance, option_code, text)`` in the order they were saved
    (a multi answer's codes are saved in scale order).
    """
    grouped: dict[AnswerKey, list[dict[str, str | None]]] = defaultdict(list)
    for item_id, instance, option_code, text in rows:
        grouped[AnswerKey(item_id, instance)].append({"option_code": option_code, "text": text})
    answers = {}
    for key, values in grouped.items():
        try:
            item = measure.item(key.item_id)
        except KeyError:
            continue  # an item a later measure version dropped
        answers[key] = ITEM_KINDS[item.type].from_rows(values)
    return answers


def stored_answers(
    session: Session, measure: Measure, response_id: int
) -> dict[AnswerKey, AnswerValue]:
    """A response's answers as stored now (plain rows, no ORM objects)."""
    rows = session.execute(
        select(Answer.item_id, Answer.instance, Answer.option_code, Answer.text)
        .where(Answer.response_id == response_id)
        .order_by(Answer.id)
    )
    return answers_from_rows(measure, rows)  # type: ignore[arg-type]


def open_link(
    session: Session, registry: MeasureRegistry, token: str, now: datetime, *, lock: bool = False
) -> Visit:
    """Find the invitation for ``token``, its measure and the answers saved so far.

    With ``lock`` (a request that will write), the response is locked before its answers
    are read, so :func:`save_page` and :func:`submit` work on answers nobody else changes.

    Raises
    ------
    LinkNotFound
        For an unknown token.
    LinkClosed
        When the campaign is not open today and nothing was sent. A link whose response
        was sent still opens, so the visitor can see the thank-you page again.
    """
    # Lock first, then read: the response and answers read next are as the last writer
    # left them, and stay so until this transaction ends.
    locked = lock and lock_link_response(session, token)
    link = read_link(session, token)
    if link is None:
        raise LinkNotFound(token)
    response = link.response
    locked = locked and response is not None
    submitted = response is not None and response.status == "submitted"
    if not submitted and not link.is_open_on(now.date()):
        raise LinkClosed(token)
    if not link.opened:
        session.execute(
            update(Invitation)
            .where(Invitation.id == link.invitation_id, Invitation.opened_at.is_(None))
            .values(opened_at=now)
        )
    measure = registry.get(link.measure_id, link.measure_version)
    answers = answers_from_rows(measure, link.answer_rows)
    return Visit(link, measure, response, answers, locked)


def _locked_response(session: Session, visit: Visit, language: str) -> ResponseState:
    """This link's response, created if need be, locked until the transaction ends."""
    if visit.response is None:
        try:
            with session.begin_nested():
                session.add(
                    Response(
                        campaign_id=visit.link.campaign_id,
                        invitation_id=visit.link.invitation_id,
                        mode=visit.link.mode,
                        language=language,
                    )
                )
        except IntegrityError:  # another request for the same link created it first
            pass
    return lock_response(session, visit.link.invitation_id)


def _write(
    session: Session,
    response: ResponseState,
    measure: Measure,
    stored: Mapping[AnswerKey, AnswerValue],
    answers: Mapping[AnswerKey, AnswerValue],
    keys: set[AnswerKey],
) -> None:
    """Replace the rows of ``keys`` (``stored`` holds what is there) with what ``answers`` holds."""
    replaced = [(k.item_id, k.instance) for k in keys if k in stored]
    if replaced:  # a first answer to a page has nothing to delete
        session.execute(
            delete(Answer).where(
                Answer.response_id == response.id,
                tuple_(Answer.item_id, Answer.instance).in_(replaced),
            )
        )
    rows = [
        {"response_id": response.id, "item_id": key.item_id, "instance": key.instance, **row}
        for key in keys
        if key in answers
        for row in ITEM_KINDS[measure.item(key.item_id).type].to_rows(answers[key])
    ]
    if rows:  # plain rows in one INSERT: no ORM objects to track for answers
        session.execute(insert(Answer), rows)


def save_page(
    session: Session, visit: Visit, page: Page, value: AnswerValue, language: str = "en"
) -> Visit:
    """Store the answer to one page (a skipped question is stored blank), then drop every answer
    that no longer applies, all in the caller's transaction. Returns the updated visit.

    ``language`` is the language the page was answered in: it is stored on the response,
    so a change of language part-way through is remembered too.

    Raises
    ------
    measures.routing.InvalidAnswer
        If the measure does not accept ``value`` on this page; nothing is stored.
    """
    value = validate_answer(page, value)
    if visit.locked and visit.response is not None:
        response, current = visit.response, dict(visit.answers)
    else:
        response = _locked_response(session, visit, language)
        current = stored_answers(session, visit.measure, response.id)
    if response.language != language:
        session.execute(
            update(Response).where(Response.id == response.id).values(language=language)
        )
        response = replace(response, language=language)
    wanted = {**current, page.key: value}
    now = route(visit.measure, wanted, preset=visit.preset)
    kept = dict(now.kept)
    changed = {k for k in current.keys() | kept.keys() if current.get(k) != kept.get(k)}
    _write(session, response, visit.measure, current, kept, changed)
    session.flush()
    saved = Visit(visit.link, visit.measure, response, kept, locked=True)
    # The walk with the new answer is the walk with the answers kept: reuse it.
    saved.__dict__.update(preset=visit.preset, route=replace(now, answers=kept))
    return saved


def missing_answer(visit: Visit) -> Page | None:
    """The first page with a required question not yet answered, if any.

    What the link implies (the pre-ticked service) is not an answer until the person sees it.
    """
    return next((p for p in visit.pages() if p.item.required and p.key not in visit.answers), None)


def submit(session: Session, visit: Visit, now: datetime) -> bool:
    """Send the response. Returns ``True`` if this call sent it, ``False`` if it already was.

    Raises
    ------
    AnswerMissing
        If a required question is unanswered; nothing is changed.
    """
    missing = missing_answer(visit)
    if missing is not None:
        raise AnswerMissing(missing.slug)
    if visit.response is None:
        raise AnswerMissing(visit.pages()[0].slug)
    sent = session.execute(
        update(Response)
        .where(Response.id == visit.response.id, Response.status == "in_progress")
        .values(status="submitted", submitted_at=now, respondent_type=respondent_type(visit))
    ).rowcount
    if sent:
        session.execute(
            update(Invitation)
            .where(Invitation.id == visit.link.invitation_id, Invitation.used_at.is_(None))
            .values(used_at=now)
        )
    return bool(sent)


def respondent_type(visit: Visit) -> str:
    """Who answered, from the measure's ``respondent`` question (a patient if it has none)."""
    answer = visit.answers.get(AnswerKey("respondent"))
    return answer if isinstance(answer, str) and answer in RESPONDENT_TYPES else "patient"
