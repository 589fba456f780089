"""Every URL the app serves is listed here, so none appears or vanishes unnoticed."""

from __future__ import annotations

import re

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
    ("/places/<slug>/board", "GET"),
    ("/places/<slug>/board.pdf", "GET"),
    ("/places/<slug>/services/<service_slug>", "GET"),
    ("/places/<slug>/open-data.csv", "GET"),
    ("/places/<slug>/open-data-dictionary.csv", "GET"),
    ("/places/<slug>/basket", "GET"),
    ("/places/<slug>/basket", "POST"),
    ("/services/<slug>/links", "POST"),
    ("/services/<slug>/campaigns", "GET"),
    ("/services/<slug>/campaigns/new", "GET"),
    ("/services/<slug>/campaigns/new", "POST"),
    ("/organisations/<slug>/place-campaigns", "GET"),
    ("/organisations/<slug>/place-campaigns/new", "GET"),
    ("/organisations/<slug>/place-campaigns/new", "POST"),
    ("/campaigns/<int:campaign_id>", "GET"),
    ("/campaigns/<int:campaign_id>/edit", "GET"),
    ("/campaigns/<int:campaign_id>/edit", "POST"),
    ("/campaigns/<int:campaign_id>/links.csv", "POST"),
    ("/campaigns/<int:campaign_id>/rates", "GET"),
    ("/campaigns/<int:campaign_id>/contacts", "GET"),
    ("/campaigns/<int:campaign_id>/contacts", "POST"),
    ("/set-password/<token>", "GET"),
    ("/set-password/<token>", "POST"),
    ("/admin", "GET"),
    ("/admin/audit", "GET"),
    ("/admin/places/new", "GET"),
    ("/admin/places/new", "POST"),
    ("/admin/organisations/new", "GET"),
    ("/admin/organisations/new", "POST"),
    ("/admin/services/new", "GET"),
    ("/admin/services/new", "POST"),
    ("/admin/users/new", "GET"),
    ("/admin/users/new", "POST"),
    ("/admin/users/<int:user_id>", "GET"),
    ("/admin/users/<int:user_id>/memberships", "POST"),
    ("/admin/users/<int:user_id>/memberships/<int:membership_id>/remove", "POST"),
    ("/admin/users/<int:user_id>/password-link", "POST"),
    ("/campaigns/<int:campaign_id>/letters", "GET"),
    ("/campaigns/<int:campaign_id>/letters", "POST"),
    ("/campaigns/<int:campaign_id>/poster", "GET"),
    ("/campaigns/<int:campaign_id>/poster", "POST"),
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


def test_stylesheets_and_scripts_are_versioned_and_cached_for_a_year(app: Flask) -> None:
    client = app.test_client()
    html = client.get("/").get_data(as_text=True)
    for address in (
        "/frontend/nhsuk-frontend.min.css?v=10.6.1",
        "/frontend/nhsuk-frontend.min.js?v=10.6.1",
        "/static/app.css?v=",
    ):
        assert address in html, address
    css = client.get("/frontend/nhsuk-frontend.min.css?v=10.6.1")
    assert "max-age=31536000" in css.headers["Cache-Control"]
    ours = client.get("/static/app.css")
    assert "max-age=31536000" in ours.headers["Cache-Control"]


def test_a_version_this_host_has_not_got_is_not_cached_under_its_address(app: Flask) -> None:
    """A page from an upgraded host, its stylesheet from one still on the old release."""
    client = app.test_client()
    [own] = re.findall(r'"(/static/app\.css\?v=[0-9a-f]+)"', client.get("/").get_data(as_text=True))
    assert "max-age=31536000" in client.get(own).headers["Cache-Control"]
    for address in ("/frontend/nhsuk-frontend.min.css?v=99.0.0", "/static/app.css?v=0123abcd"):
        stale = client.get(address)
        assert stale.status_code == 200, address
        assert "max-age=31536000" not in stale.headers["Cache-Control"], address
        assert "no-cache" in stale.headers["Cache-Control"], address


def test_pages_and_stylesheets_are_sent_compressed(app: Flask) -> None:
    import gzip

    client = app.test_client()
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert b"Whole Journey PREM" in gzip.decompress(page.data)
    css = client.get(
        "/frontend/nhsuk-frontend.min.css?v=10.6.1", headers={"Accept-Encoding": "gzip"}
    )
    assert css.headers["Content-Encoding"] == "gzip"
    assert len(css.data) * 4 < len(gzip.decompress(css.data))
