"""Template context for respond pages, built by small functions rather than inline dicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, session, url_for
from flask_babel import gettext as _

from measures.routing import AnswerValue, Page
from survey_app.forms import AppForm
from survey_app.respond.journey import Visit
from survey_app.respond.wording import option_text, page_text
from survey_app.tokens import token_hash


def question_page(token: str, visit: Visit, page: Page, form: AppForm) -> dict[str, Any]:
    """Everything ``respond/question.html`` shows for ``page``."""
    slugs = [p.slug for p in visit.pages()]
    before = visit.before(page.slug)
    # Relative links (a question page is /r/<token>/q/<slug>): the same for everyone, so the
    # back link renders once per page and never holds a person's token.
    if request.args.get("return") == "check":
        back = "../check"
    elif before is not None:
        back = before.slug
    else:
        back = None
    return {
        "page": page,
        "item": page.item,
        "text": page_text(page.template, dict(page.placeholders)),
        "hint": page_text(page.hint_template, dict(page.placeholders)),
        "form": form,
        "service_name": visit.link.service_name,
        "position": slugs.index(page.slug) + 1,
        "total": visit.route.estimated_total(),
        "back_url": back,
        "resume_code": session.get("codes", {}).get(token_hash(token)),
    }


@dataclass(frozen=True)
class CheckRow:
    """One question and its answer on the check page."""

    question: str
    answer: tuple[str, ...]
    change_url: str


def _shown(page: Page, value: AnswerValue | None) -> tuple[str, ...]:
    if value in (None, "", ()):
        return (_("Not answered"),)
    labels = {option.code: option_text(page, option) for option in page.options}
    codes = (value,) if isinstance(value, str) else value
    if page.options:
        return tuple(labels.get(code, code) for code in codes)
    return (str(value),)


def check_page(token: str, visit: Visit, form: AppForm) -> dict[str, Any]:
    """Every question that applies, with its answer and a link to change it, by section."""
    sections: dict[str, list[CheckRow]] = {}
    for page in visit.pages():
        rows = sections.setdefault(_(page.section.title), [])
        rows.append(
            CheckRow(
                question=page_text(page.template, dict(page.placeholders)) or "",
                answer=_shown(page, visit.saved(page)),
                change_url=url_for(
                    "respond.question", token=token, slug=page.slug, **{"return": "check"}
                ),
            )
        )
    last = visit.pages()[-1]
    return {
        "sections": sections,
        "form": form,
        "service_name": visit.link.service_name,
        "back_url": url_for("respond.question", token=token, slug=last.slug),
    }


def thank_you_page(visit: Visit) -> dict[str, Any]:
    """Everything ``respond/thank_you.html`` shows."""
    return {"measure": visit.measure, "service_name": visit.link.service_name}
