"""Every URL the app serves is listed here, so none appears or vanishes unnoticed."""

from __future__ import annotations

from flask import Flask

EXPECTED = {
    ("/", "GET"),
    ("/privacy", "GET"),
    ("/r/<token>", "GET"),
    ("/r/<token>/q/<slug>", "GET"),
    ("/r/<token>/q/<slug>", "POST"),
    ("/r/<token>/check", "GET"),
    ("/r/<token>/check", "POST"),
    ("/r/<token>/thank-you", "GET"),
    ("/r/<token>/code", "GET"),
    ("/o/<open_token>", "GET"),
    ("/o/<open_token>", "POST"),
    ("/resume", "GET"),
    ("/resume", "POST"),
    ("/sign-in", "GET"),
    ("/sign-in", "POST"),
    ("/sign-out", "POST"),
    ("/dashboard", "GET"),
    ("/places/<slug>", "GET"),
    ("/places/<slug>/report.pdf", "GET"),
    ("/services/<slug>/links", "POST"),
    ("/assets/<path:filename>", "GET"),
    ("/frontend/<filename>", "GET"),
    ("/static/<path:filename>", "GET"),
}


def test_the_route_list_is_complete(app: Flask) -> None:
    served = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served == EXPECTED


def test_frontend_assets_are_served(app: Flask) -> None:
    client = app.test_client()
    css = client.get("/frontend/nhsuk-frontend.min.css")
    assert css.status_code == 200 and b".nhsuk-button" in css.data
    assert client.get("/frontend/nhsuk-frontend.min.js").status_code == 200
    assert client.get("/assets/images/favicon.svg").status_code == 200
    assert client.get("/frontend/package.json").status_code == 404
    assert client.get("/assets/../../package.json").status_code == 404
