"""A respondent's form that could not be saved because the database was out of reach.

Every page where a respondent saves something is listed in :data:`SAVING_PAGES`, with the
fields in which they type their own words. The 503 page (``errors/not_saved.html``) shows
those words again in a text box, keeps the rest (the options they chose) in hidden fields,
and posts it all back to the same address with a fresh CSRF token: "Try again" saves it once
the database is back. Nothing here needs the database, so the question itself is not
known (its wording comes from the link's campaign), only what kind of answer it takes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Request

from survey_app.measures_registry import registry
from survey_app.respond.kinds import ITEM_KINDS

TypedFields = Callable[[Mapping[str, Any]], frozenset[str]]
"""The names of a page's typed fields, given the page's URL values (``view_args``)."""


@dataclass(frozen=True)
class KeptValue:
    """One value the form sent: shown in a text box when the person typed it."""

    name: str
    value: str
    typed: bool


def _nothing_typed(_view_args: Mapping[str, Any]) -> frozenset[str]:
    return frozenset()


def _resume_code(_view_args: Mapping[str, Any]) -> frozenset[str]:
    return frozenset({"code"})


def _typed_answer(view_args: Mapping[str, Any]) -> frozenset[str]:
    """``answer`` when the page's item (its slug before any ``.instance``) is typed."""
    item_id = str(view_args.get("slug", "")).split(".")[0]
    typed = any(
        ITEM_KINDS[item.type].typed
        for definition in registry()
        if (item := definition.item_or_none(item_id)) is not None
    )
    return frozenset({"answer"}) if typed else frozenset()


SAVING_PAGES: dict[str, TypedFields] = {
    "respond.question": _typed_answer,
    "respond.check": _nothing_typed,
    "open_links.start": _nothing_typed,
    "open_links.resume": _resume_code,
}
"""Each respondent page that saves on POST (by endpoint), with its typed fields."""


def kept_form(request: Request) -> tuple[KeptValue, ...] | None:
    """What ``request`` sent to a page of :data:`SAVING_PAGES`, else ``None``.

    The CSRF token is left out: the page that keeps the values makes a fresh one.
    """
    typed_fields = SAVING_PAGES.get(request.endpoint or "")
    if typed_fields is None:
        return None
    typed = typed_fields(request.view_args or {})
    return tuple(
        KeptValue(name, value, name in typed)
        for name, value in request.form.items(multi=True)
        if name != "csrf_token"
    )
