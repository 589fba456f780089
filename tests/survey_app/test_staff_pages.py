"""Sign-in, the staff and board start pages, a place's results and its PDF."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.survey_app.conftest import PASSWORD, World
from tests.survey_app.pages import get, post_form, text_of


def _sign_in(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return post_form(client, "/sign-in", {"email": email, "password": password})


def test_wrong_email_or_password_get_one_message_and_keep_the_email(
    client: FlaskClient, world: World
) -> None:
    for email, password in (("board@test.example", "wrong"), ("nobody@test.example", PASSWORD)):
        response = _sign_in(client, email, password)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Enter a correct email address and password" in text_of(html)
        assert f'value="{email}"' in html
    assert client.get("/dashboard").status_code == 302  # still signed out


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient, world: World) -> None:
    for url in ("/dashboard", f"/places/{world.place_slug}"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.location


def test_a_board_viewer_reads_the_place_results(client: FlaskClient, world: World) -> None:
    assert _sign_in(client, "BOARD@test.example").location.endswith("/dashboard")
    html = get(client, "/dashboard")
    assert f'href="/places/{world.place_slug}"' in html
    assert "Create a patient link" not in html
    page = text_of(get(client, f"/places/{world.place_slug}?quarter=2026Q3"))
    assert "Hill Surgery" in page and "Home care" in page
    assert "Fewer than 10 responses: not shown" in page


def _csrf(client: FlaskClient) -> str:
    """This session's CSRF token (the sign-in form always carries one)."""
    html = client.get("/sign-in").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_board_viewer_cannot_issue_links(client: FlaskClient, world: World) -> None:
    _sign_in(client, "board@test.example")
    response = client.post(
        f"/services/{world.service_slug}/links", data={"csrf_token": _csrf(client)}
    )
    assert response.status_code == 404


def test_staff_create_a_link_that_works_but_cannot_read_results(
    client: FlaskClient, app: Flask, world: World
) -> None:
    _sign_in(client, "staff@test.example")
    assert client.get(f"/places/{world.place_slug}").status_code == 404
    assert "Create a patient link" in get(client, "/dashboard")
    response = client.post(
        f"/services/{world.service_slug}/links", data={"csrf_token": _csrf(client)}
    )
    html = response.get_data(as_text=True)
    link = re.search(r'id="patient-link">([^<]+)<', html).group(1)
    path = link.removeprefix("http://localhost")
    assert client.get(path).status_code == 302
    assert "Who are these answers about?" in client.get(path + "/q/respondent").get_data(
        as_text=True
    )


def test_the_place_pdf_downloads(client: FlaskClient, world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _sign_in(client, "board@test.example")
    response = client.get(f"/places/{world.place_slug}/report.pdf?quarter=2026Q3")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.data)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "Testshire" in text and "Hill Surgery" in text


def test_a_bad_quarter_is_explained(client: FlaskClient, world: World) -> None:
    _sign_in(client, "board@test.example")
    html = get(client, f"/places/{world.place_slug}?quarter=last-year")
    assert "Enter a quarter like 2026Q3" in html


def test_sign_out_ends_the_session(client: FlaskClient, world: World) -> None:
    _sign_in(client, "board@test.example")
    assert client.post("/sign-out").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_public_pages_render(client: FlaskClient) -> None:
    assert "Sign in" in get(client, "/")
    assert "groups of 10 people or more" in get(client, "/privacy")
    assert get(client, "/sign-in")
    assert get(client, "/no/such/page", status=404)
