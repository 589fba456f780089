"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask

from .auth.views import auth
from .boards.views import boards
from .filters import init_filters
from .home.views import home
from .respond.views import respond

BLUEPRINTS = (home, respond, auth, boards)


def register_blueprints(app: Flask) -> None:
    """Register the blueprints and the template helpers they share."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_filters(app)
