"""The distribute blueprint: staff create campaigns and send the questionnaire out."""

from __future__ import annotations

from flask import Blueprint

distribute = Blueprint("distribute", __name__)
