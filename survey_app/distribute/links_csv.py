"""Many single-use links at once, as a CSV download (no Flask).

Up to 100,000 links in one transaction, issued by :func:`survey_app.invitations.issue_links`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.distribute.spreadsheet import csv_document
from survey_app.invitations import issue_links
from survey_app.models import Campaign, User
from survey_app.tokens import token_hash

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
    tokens = issue_links(session, campaign, count, mode, now=now)
    links = [IssuedLink(token, reference(token_hash(token))) for token in tokens]
    record(
        session,
        "links_issued",
        user,
        organisation_id=campaign.organisation_id,
        target=campaign.service.slug if campaign.service else campaign.organisation.slug,
        details={"campaign": campaign.id, "count": count, "mode": mode, "format": "csv"},
    )
    return csv_document(HEADER, _rows(links, link_for))


def _rows(links: Sequence[IssuedLink], link_for: Callable[[str], str]) -> Iterator[tuple]:
    for link in links:
        yield link_for(link.token), link.reference
