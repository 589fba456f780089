"""NHS.UK components rendered once per set of parameters: the same HTML as the macros."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import Markup

from tests.survey_app.conftest import World, new_link
from tests.survey_app.pages import get, post_form

RADIOS = {
    "idPrefix": "answer",
    "name": "answer",
    "fieldset": {"legend": {"text": "How was it?", "isPageHeading": True, "size": "l"}},
    "items": [
        {"value": "good", "text": "Good", "checked": False},
        {"value": "poor", "text": "Poor", "checked": True},
    ],
}


def _both(app: Flask, component: str, folder: str, macro: str, params: object) -> tuple[str, str]:
    """The page's cached ``component(...)`` call and the NHS.UK macro itself, same params."""
    with app.test_request_context():
        env = app.jinja_env
        cached = env.from_string("{{ component(name, params) }}").render(
            name=component, params=params
        )
        direct = env.from_string(
            f'{{% from "nhsuk/components/{folder}/macro.jinja" import {macro} %}}'
            f"{{{{ {macro}(params) }}}}"
        ).render(params=params)
    return cached, direct


@pytest.mark.parametrize(
    ("component", "folder", "params"),
    [
        ("radios", "radios", RADIOS),
        ("radios", "radios", {**RADIOS, "errorMessage": {"text": "Select an answer"}}),
        ("button", "button", {"text": "Continue"}),
        ("header", "header", {"service": {"text": "Whole Journey PREM", "href": "/"}}),
    ],
)
def test_a_cached_component_is_what_the_macro_renders(
    app: Flask, component: str, folder: str, params: dict[str, object]
) -> None:
    first, direct = _both(app, component, folder, component, params)
    again, _ = _both(app, component, folder, component, params)  # now from the cache
    assert first == again == direct
    assert "Poor" in first or "Continue" in first or "Whole Journey PREM" in first


def test_text_is_escaped_and_safe_markup_is_not_mixed_up_with_it(app: Flask) -> None:
    as_text, _ = _both(app, "button", "button", "button", {"text": "<b>Send</b>"})
    as_markup, _ = _both(app, "button", "button", "button", {"html": Markup("<b>Send</b>")})
    as_text_html, direct = _both(app, "button", "button", "button", {"html": "<b>Send</b>"})
    assert "&lt;b&gt;Send&lt;/b&gt;" in as_text and "<b>" not in as_text
    assert "<b>Send</b>" in as_markup
    assert as_text_html == direct  # a plain str in "html" renders as the macro would


def test_changing_the_selection_changes_the_html(app: Flask) -> None:
    chosen_poor, _ = _both(app, "radios", "radios", "radios", RADIOS)
    good = {**RADIOS, "items": [{**RADIOS["items"][0], "checked": True}, RADIOS["items"][1]]}
    chosen_good, _ = _both(app, "radios", "radios", "radios", good)
    assert 'value="poor" checked' in chosen_poor and 'value="good" checked' in chosen_good
    assert chosen_poor != chosen_good


def test_what_a_person_types_is_not_kept_in_the_cache(app: Flask, world: World) -> None:
    client: FlaskClient = app.test_client()
    token = new_link(app, world.journey_campaign_id)[0]
    components = app.extensions["prem_components"]
    page = f"/r/{token}/q/own_words"

    post_form(client, page, {"answer": "The nurse, Ann Smith, was kind."})
    assert "Ann Smith" in get(client, page)
    misses = components.cache_info().misses
    post_form(client, page, {"answer": "Dr Jones at 12 High Street was rude."})
    assert "12 High Street" in get(client, page)
    assert components.cache_info().misses == misses  # nothing new rendered into the cache
