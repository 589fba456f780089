"""How long issuing 100,000 single-use links for a CSV download takes, and its peak memory.

    .venv/bin/python benchmarks/links_csv.py [--count 100000] [--postgres]

Runs the same domain call as ``POST /campaigns/<id>/links.csv`` (insert, audit, CSV text,
commit) on a fresh migrated SQLite database, and on a throwaway PostgreSQL too with
``--postgres`` (the PostgreSQL 15 binaries the tests use). The time is measured in one run;
peak Python memory (``tracemalloc``, which slows the code) in a second run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project, for tests.*

import argparse
import tempfile
import time
import tracemalloc
from datetime import date

from servers import postgres_cluster

from survey_app.db import Database
from survey_app.distribute.links_csv import issue_links_csv
from survey_app.migrate import upgrade
from survey_app.models import Campaign, Organisation, Place, Service, User, utcnow


def _campaign(db: Database) -> tuple[int, int]:
    with db.session() as session:
        place = Place(slug="bench", name="Bench")
        organisation = Organisation(place=place, slug="bench-gp", name="Bench", kind="gp_practice")
        service = Service(organisation=organisation, slug="bench", name="B", service_type="gp")
        user = User(email="bench@example.org", name="Bench")
        campaign = Campaign(
            service=service, name="B", measure_id="fft", measure_version=1, opens_on=date.today()
        )
        session.add_all([campaign, user])
        session.flush()
        return campaign.id, user.id


def _issue(db: Database, campaign_id: int, user_id: int, count: int) -> int:
    with db.session() as session:
        text = issue_links_csv(
            session,
            session.get(Campaign, campaign_id),
            count,
            "letter-qr",
            session.get(User, user_id),
            utcnow(),
            lambda token: f"https://prem.example.org/r/{token}",
        )
    return len(text.encode())


def measure(url: str, count: int) -> None:
    db = Database(url)
    upgrade(db.engine)
    campaign_id, user_id = _campaign(db)
    started = time.perf_counter()
    size = _issue(db, campaign_id, user_id, count)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    _issue(db, campaign_id, user_id, count)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.engine.dispose()
    name = url.split(":", 1)[0]
    print(
        f"{name}: {count:,} links in {seconds:.2f} s ({count / seconds:,.0f} links/s), "
        f"CSV {size / 1e6:.1f} MB, peak Python memory {peak / 1e6:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.count)
    if args.postgres:
        with postgres_cluster() as server:
            measure(server.create_database(), args.count)


if __name__ == "__main__":
    main()
