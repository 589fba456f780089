"""Staff pages for campaigns and the ways questionnaires reach people (DESIGN §1, distribute).

Each feature keeps its own views module; importing them here registers their routes.
"""

from survey_app.distribute import campaign_views, contact_views, print_views  # noqa: F401
from survey_app.distribute.blueprint import distribute

__all__ = ["distribute"]
