"""Issuing many single-use links at once, for a CSV download (no Flask).

Up to 100,000 links in one transaction: rows go to the database in batches as plain
dictionaries through one ``INSERT`` each (SQLAlchemy's "insertmanyvalues"), not as ORM
objects, and only the tokens leave this module (the database keeps their hashes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.distribute.spreadsheet import csv_document
from survey_app.models import Campaign, Invitation, User
from survey_app.tokens import new_token, token_hash

BATCH = 5_000
HEADER = ("link", "reference")


@dataclass(frozen=True)
class IssuedLink:
    """One new link: its token (shown once) and a reference that names it without it."""

    token: str
    reference: str


def reference(hashed: str) -> str:
    """The reference printed beside a link: the start of its stored hash, e.g. ``3FA9C2D1E0``.

    It finds the invitation in the database (``token_hash`` starts with it, in lower case)
    without the link itself, and 40 bits of a hash tell nobody anything about the token.
    """
    return hashed[:10].upper()


def issue_many(
    session: Session, campaign: Campaign, count: int, mode: str, now: datetime
) -> list[IssuedLink]:
    """Create ``count`` invitations for ``campaign`` in the caller's transaction."""
    issued: list[IssuedLink] = []
    for start in range(0, count, BATCH):
        tokens = [new_token() for _ in range(min(BATCH, count - start))]
        hashes = [token_hash(token) for token in tokens]
        rows = [
            {"campaign_id": campaign.id, "token_hash": h, "mode": mode, "created_at": now}
            for h in hashes
        ]
        # The table, not the class: one INSERT per batch and no ORM bookkeeping per row.
        session.execute(insert(Invitation.__table__), rows)
        issued.extend(IssuedLink(t, reference(h)) for t, h in zip(tokens, hashes, strict=True))
    return issued


def issue_links_csv(
    session: Session,
    campaign: Campaign,
    count: int,
    mode: str,
    user: User,
    now: datetime,
    link_for: Callable[[str], str],
) -> str:
    """Issue ``count`` links, record it, and return the CSV text (``link``, ``reference``)."""
    links = issue_many(session, campaign, count, mode, now)
    record(
        session,
        "links_issued",
        user,
        organisation_id=campaign.service.organisation_id,
        target=campaign.service.slug,
        details={"campaign": campaign.id, "count": count, "mode": mode, "format": "csv"},
    )
    return csv_document(HEADER, _rows(links, link_for))


def _rows(links: Sequence[IssuedLink], link_for: Callable[[str], str]) -> Iterator[tuple]:
    for link in links:
        yield link_for(link.token), link.reference
