"""Printed letters: one single-use link per letter, typed out and as a QR code (no Flask).

Letter links are typed in by hand, so their tokens come from ``new_typed_token`` (no
look-alike characters). Only each token's hash is stored, as for every invitation: the
letters themselves are the only copy of the links.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from survey_app.invitations import issue_links
from survey_app.languages import DEFAULT, Language
from survey_app.models import Campaign
from survey_app.tokens import new_typed_token

MODE = "letter-qr"
MOST_PER_REQUEST = 400
"""Letters one web request may print: 400 take about 14 s on our 2-core machines, 500 about
18 s (``benchmarks/letters.py``, 28 pages a second). More go through ``prem links letters``."""
MOST_PER_RUN = 5_000
"""Letters one ``prem links letters`` run may print: about 3 minutes and 3 to 4 GB of
memory, since WeasyPrint keeps every laid-out page until the PDF is written."""


@dataclass(frozen=True)
class PrintedLink:
    """One link as printed: the address people type and the QR code that holds it."""

    url: str
    qr_svg: str


def issue_letter_links(session: Session, campaign: Campaign, count: int) -> list[str]:
    """Create ``count`` single-use letter links (typeable tokens) and return their tokens.

    Raises
    ------
    CampaignClosed
        If ``campaign`` has closed.
    """
    return issue_links(session, campaign, count, MODE, new=new_typed_token)


def language_query(campaign: Campaign, language: Language) -> dict[str, str]:
    """The ``?lang=`` a printed link needs so it opens in the printed page's language.

    None is needed when the link would open in that language anyway (the campaign's
    default), which keeps the typed link short.
    """
    if language.code == (campaign.default_language or DEFAULT):
        return {}
    return {"lang": language.code}
