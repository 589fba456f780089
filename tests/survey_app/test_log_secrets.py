"""Link tokens never reach a log: they would let a log reader answer as a patient."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from survey_app.log_secrets import hide_secrets


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ('"GET /r/Ab-c_9/q/fft HTTP/1.1" 200', '"GET /r/…/q/fft HTTP/1.1" 200'),
        ("POST /o/k7qf2mxp", "POST /o/…"),
        (
            "http://prem.example/set-password/xyz?next=1",
            "http://prem.example/set-password/…?next=1",
        ),
        (
            "GET /places/demo-borough/board?quarter=2026Q3",
            "GET /places/demo-borough/board?quarter=2026Q3",
        ),
        ("GET /resume", "GET /resume"),
    ],
)
def test_tokens_in_paths_are_hidden_and_nothing_else(line: str, shown: str) -> None:
    assert hide_secrets(line) == shown


def test_the_apps_own_log_hides_them(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        app.logger.error("Exception on %s [%s]", "/r/SECRETTOKEN/q/fft", "POST")
    assert caplog.messages == ["Exception on /r/…/q/fft [POST]"]
