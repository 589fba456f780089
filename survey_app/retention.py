"""Data retention: deleting what the platform no longer needs to keep (no Flask).

Two rules, applied together by ``prem retention apply`` and, once a day, by ``prem
housekeeping`` (:func:`next_due`):

- contact details nobody will send to again (:mod:`survey_app.distribute.contact_purge`);
- free-text comments of responses older than the retention period. The comment's text is
  cleared and its row stays as a skipped question, so the response keeps every score and
  short answer, still counts as answered and is analysed exactly as before, without comment.

A response's age runs from when it was submitted; one never submitted (abandoned) counts
from when it was started, so its comment is not kept for ever either.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, false, func, or_, select, update
from sqlalchemy.orm import Session

from measures import MeasureRegistry
from survey_app.audit import record
from survey_app.distribute.contact_purge import contacts_to_purge, purge_contacts
from survey_app.frames import free_text_items
from survey_app.models import Answer, AuditEvent, Campaign, Response

EVERY = timedelta(days=1)
"""How often housekeeping applies retention: comments are kept to the day, not the minute."""


@dataclass(frozen=True)
class RetentionCounts:
    """What one run deleted (or, in a dry run, would delete).

    ``free_text_before`` is the cut-off: comments of responses older than it are deleted.
    """

    contacts: int
    free_text: int
    free_text_before: datetime
    dry_run: bool


def _older_than(cutoff: datetime) -> ColumnElement[bool]:
    """Responses submitted before ``cutoff``, or started before it and never submitted."""
    return or_(
        Response.submitted_at < cutoff,
        (Response.status == "in_progress") & (Response.started_at < cutoff),
    )


def old_free_text(registry: MeasureRegistry, cutoff: datetime) -> ColumnElement[bool]:
    """Answer rows holding a comment (a free-text item's text) of a response before ``cutoff``."""
    items_by_measure: dict[tuple[str, int], set[str]] = defaultdict(set)
    for measure_id, version, item_id in free_text_items(registry):
        items_by_measure[(measure_id, version)].add(item_id)
    parts = [
        Answer.item_id.in_(sorted(items))
        & Answer.response_id.in_(
            select(Response.id)
            .join(Campaign, Campaign.id == Response.campaign_id)
            .where(
                Campaign.measure_id == measure_id,
                Campaign.measure_version == version,
                _older_than(cutoff),
            )
        )
        for (measure_id, version), items in sorted(items_by_measure.items())
    ]
    return Answer.text.is_not(None) & (or_(*parts) if parts else false())


def delete_old_free_text(session: Session, registry: MeasureRegistry, cutoff: datetime) -> int:
    """Clear the comments of responses before ``cutoff``; return how many. The caller commits."""
    result = session.execute(
        update(Answer).where(old_free_text(registry, cutoff)).values(text=None),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount  # type: ignore[attr-defined]


def next_due(session: Session) -> datetime | None:
    """When housekeeping should apply retention next: ``EVERY`` after it was last applied
    (by hand or by housekeeping, as the audit log says); ``None`` if it never was."""
    last = session.scalar(
        select(func.max(AuditEvent.at)).where(AuditEvent.action == "retention_applied")
    )
    return None if last is None else last + EVERY


def apply_retention(
    session: Session,
    registry: MeasureRegistry,
    now: datetime,
    free_text_days: int,
    *,
    actor: str,
    dry_run: bool = False,
) -> RetentionCounts:
    """Delete contact details no longer needed and comments older than ``free_text_days``.

    Each run is audited (``retention_applied``, with the counts and the cut-off); a dry run
    only counts, writes nothing and is not audited. Running it again deletes nothing more.
    The caller commits.
    """
    cutoff = now - timedelta(days=free_text_days)
    if dry_run:
        free_text = session.scalar(
            select(func.count()).select_from(Answer).where(old_free_text(registry, cutoff))
        )
        return RetentionCounts(contacts_to_purge(session, now.date()), free_text or 0, cutoff, True)
    counts = RetentionCounts(
        purge_contacts(session, now.date(), actor),
        delete_old_free_text(session, registry, cutoff),
        cutoff,
        False,
    )
    record(
        session,
        "retention_applied",
        None,
        actor=actor,
        target="free text and contact details",
        details={
            "contacts_deleted": counts.contacts,
            "free_text_deleted": counts.free_text,
            "free_text_retention_days": free_text_days,
            "free_text_before": cutoff.isoformat(timespec="seconds"),
        },
    )
    return counts
