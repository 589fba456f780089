"""Showing a domain refusal (an exception) as a message next to the form field it is about."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from flask_wtf import FlaskForm

from survey_app.db import request_session

T = TypeVar("T")

#: exception type → (name of the field the message goes next to, the message)
Refusals = Mapping[type[Exception], tuple[str, object]]


def attempt(form: FlaskForm, refusals: Refusals, change: Callable[[], T]) -> T | None:
    """``change()``, or ``None`` with the refusal shown on ``form`` and nothing saved."""
    try:
        return change()
    except tuple(refusals) as error:
        request_session().rollback()
        field, message = refusals[type(error)]
        form[field].errors.append(str(message))
        return None
