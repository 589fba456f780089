"""The production WSGI entry: ``survey_app.wsgi:app``, built from ``PREM_*`` variables.

gunicorn loads it once in its master process (``preload_app``) and forks the workers from
it; :mod:`survey_app.gunicorn_conf` makes each worker open its own database connections.
"""

from __future__ import annotations

from survey_app import create_app

app = create_app()
