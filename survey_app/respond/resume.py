"""Where a returning visitor picks up: the first unanswered question, or the check page."""

from __future__ import annotations

from flask import url_for

from survey_app.respond.journey import Visit


def resume_url(token: str, visit: Visit) -> str:
    """The page a link should open on now."""
    if visit.submitted:
        return url_for("respond.thank_you", token=token)
    page = visit.resume_at()
    if page is None:
        return url_for("respond.check", token=token)
    return url_for("respond.question", token=token, slug=page.slug)
