"""Template filters and globals shared by every page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from analysis.api import Proportion
from measures.routing import Page
from reports.formatting import interval, percent
from survey_app.language_choice import CHOSEN, current_language
from survey_app.languages import offered
from survey_app.respond.wording import option_text


def choice_items(
    page: Page, selected: str | list[str] | tuple[str, ...] | None, exclusive: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """NHS.UK radio or checkbox items for a page's options, with saved answers checked.

    Exclusive options ("none of these") come after an "or" divider and untick the others.
    """
    chosen = {selected} if isinstance(selected, str) else set(selected or ())
    items: list[dict[str, Any]] = []
    divided = False
    for option in page.options:
        if option.code in exclusive and not divided:
            items.append({"divider": _("or")})
            divided = True
        items.append(
            {
                "value": option.code,
                "text": option_text(page, option),
                "checked": option.code in chosen,
                "exclusive": option.code in exclusive,
            }
        )
    return items


def percent_interval(proportion: Proportion) -> str:
    """``86% (83% to 89%)``: the same wording as the PDF report."""
    return f"{percent(proportion.estimate)} ({interval(proportion.lower, proportion.upper)})"


def language_links() -> list[dict[str, Any]]:
    """The language picker: this page in each offered language (other query values kept)."""
    current = current_language()
    kept = [(key, value) for key, value in request.args.items(multi=True) if key != CHOSEN]
    links = [
        {
            "language": language,
            "href": "?" + urlencode([*kept, (CHOSEN, language.code)]),
            "current": language.code == current.code,
        }
        for language in offered()
    ]
    return links if len(links) > 1 else []


def header_account() -> dict[str, Any]:
    """The signed-in user's name and a sign-out link for the NHS.UK header."""
    return {
        "ariaLabel": _("Account"),
        "items": [
            {"text": current_user.name, "icon": True},
            {"text": _("Sign out"), "action": url_for("auth.sign_out"), "method": "post"},
        ],
    }


def init_filters(app: Flask) -> None:
    """Register the filters and globals."""
    app.add_template_filter(choice_items)
    app.add_template_filter(percent_interval)
    app.add_template_global(current_language)
    app.add_template_global(language_links)
    app.add_template_global(header_account)
