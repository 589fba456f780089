"""One network address cannot guess passwords or try set-password links without end."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from survey_app.auth.ip_limits import (
    SET_PASSWORD_IP,
    SIGN_IN_IP,
    count_refused_sign_in,
    sign_in_blocked,
)
from survey_app.db import get_db
from survey_app.models import RateLimitHit, User, utcnow
from tests.survey_app.admin_client import GOOD, audit, csrf_token, new_person
from tests.survey_app.conftest import PASSWORD, World
from tests.survey_app.pages import text_of

TOO_MANY = "Too many attempts. Wait 15 minutes, then try again."
ADDRESS = "198.51.100.7"


def _client(app: Flask, address: str = ADDRESS):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _sign_in(client, email: str, password: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_token(client), "email": email, "password": password}
    return client.post("/sign-in", data=data)


def test_many_refusals_from_one_address_block_it_without_checking_passwords(
    app: Flask, world: World
) -> None:
    with get_db(app).session() as session:
        for _ in range(SIGN_IN_IP.hits - 1):
            count_refused_sign_in(session, ADDRESS, utcnow())
    client = _client(app)
    for _ in range(3):  # people signing in successfully use up nothing
        assert _sign_in(client, "staff@test.example", PASSWORD).status_code == 302
    assert _sign_in(client, "someone@test.example", "guess").status_code == 200  # the last one
    refused = _sign_in(client, "board@test.example", PASSWORD)
    assert refused.status_code == 429
    assert TOO_MANY in text_of(refused.get_data(as_text=True))
    assert ("sign_in_ip_throttled", "board@test.example", "") in audit(app)
    with get_db(app).session() as session:  # the password was not checked
        board = session.scalar(select(User).where(User.email == "board@test.example"))
        assert board.last_sign_in_at is None
    assert _sign_in(_client(app, "203.0.113.9"), "board@test.example", PASSWORD).status_code == 302


def test_the_address_limit_lifts_after_its_window(app: Flask) -> None:
    now = utcnow()
    with get_db(app).session() as session:
        for _ in range(SIGN_IN_IP.hits):
            count_refused_sign_in(session, ADDRESS, now)
    with get_db(app).session() as session:
        assert sign_in_blocked(session, ADDRESS, now)
        assert not sign_in_blocked(session, "203.0.113.9", now)
        assert not sign_in_blocked(session, ADDRESS, now + SIGN_IN_IP.window + timedelta(seconds=1))
        stored = set(session.scalars(select(RateLimitHit.key_hash)))
        assert ADDRESS not in "".join(stored)  # addresses are kept only as hashes


def test_setting_passwords_is_limited_per_address(app: Flask) -> None:
    token = new_person(app)
    client = _client(app)
    url = f"/set-password/{token}"
    for _ in range(SET_PASSWORD_IP.hits):
        data = {"csrf_token": csrf_token(client), "password": GOOD, "confirm": "mistyped"}
        assert client.post(url, data=data).status_code == 200
    data = {"csrf_token": csrf_token(client), "password": GOOD, "confirm": GOOD}
    refused = client.post(url, data=data)
    assert refused.status_code == 429
    assert TOO_MANY in text_of(refused.get_data(as_text=True))
    unknown = client.post("/set-password/not-a-token", data=data)
    assert unknown.status_code == 429  # the same answer whether or not the link exists
    with get_db(app).session() as session:
        user = session.scalar(select(User).where(User.email == "new@test.example"))
        assert user.password_hash is None
    other = _client(app, "203.0.113.9")
    data["csrf_token"] = csrf_token(other)
    assert other.post(url, data=data).status_code == 302


def test_behind_a_proxy_the_limit_counts_the_visitors_address(settings, world: World) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from tests.survey_app.conftest import make_app

    behind = make_app(replace(settings, proxy_hops=1), settings.database_url)
    with get_db(behind).session() as session:
        for _ in range(SIGN_IN_IP.hits):
            count_refused_sign_in(session, ADDRESS, utcnow())
    proxy = "10.0.0.2"  # every request reaches the app from the proxy's address
    blocked = _client(behind, proxy)
    blocked.environ_base["HTTP_X_FORWARDED_FOR"] = ADDRESS
    assert _sign_in(blocked, "staff@test.example", PASSWORD).status_code == 429
    other = _client(behind, proxy)
    other.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    assert _sign_in(other, "staff@test.example", PASSWORD).status_code == 302
    # Without PREM_PROXY_HOPS the header is not trusted: anyone could claim any address.
    direct = _client(app=make_app(settings, settings.database_url), address=ADDRESS)
    direct.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    assert _sign_in(direct, "staff@test.example", PASSWORD).status_code == 429
