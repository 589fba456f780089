"""The front page and the privacy notice."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

home = Blueprint("home", __name__)


@home.get("/")
def index() -> ResponseReturnValue:
    """What the platform is, and where staff sign in."""
    return render_template("home/index.html")


@home.get("/privacy")
def privacy() -> ResponseReturnValue:
    """How answers are used and kept."""
    return render_template("home/privacy.html")
