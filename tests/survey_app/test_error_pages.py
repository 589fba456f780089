"""Every error page is plain English in the house style: never a stack trace."""

from __future__ import annotations

from flask import Flask

from tests.survey_app.pages import check_page


def test_an_unexpected_failure_shows_a_plain_page(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False  # behave as in production

    @app.get("/__boom")
    def boom() -> str:
        raise RuntimeError("secret internals: password=hunter2")

    response = app.test_client().get("/__boom")
    assert response.status_code == 500
    html = check_page(response)
    assert "Sorry, there is a problem with the service" in html
    assert "hunter2" not in html and "RuntimeError" not in html


def test_a_wrong_method_and_a_huge_upload_get_plain_pages(app: Flask) -> None:
    client = app.test_client()
    wrong = client.put("/sign-in")
    assert wrong.status_code == 405 and "Sorry, we could not use that" in check_page(wrong)
    huge = client.post("/sign-in", data={"email": "x" * (2 * 1024 * 1024)})
    assert huge.status_code == 413 and "Sorry, we could not use that" in check_page(huge)
