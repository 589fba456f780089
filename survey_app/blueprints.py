"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask

from survey_app.admin.views import admin
from survey_app.auth.views import auth
from survey_app.boards.basket_views import basket
from survey_app.boards.board_views import board_pages
from survey_app.boards.views import boards
from survey_app.components import init_components
from survey_app.distribute import distribute
from survey_app.filters import init_filters
from survey_app.home.views import home
from survey_app.respond.open_views import open_links
from survey_app.respond.views import respond

BLUEPRINTS = (home, respond, open_links, auth, boards, basket, board_pages, distribute, admin)


def register_blueprints(app: Flask) -> None:
    """Register the blueprints and the template helpers they share."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_filters(app)
    init_components(app)
