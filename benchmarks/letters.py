"""How long printing letters takes: 50 and 500 letters, and the web's limit.

On a fresh SQLite database with the tests' small place, up to ``MOST_PER_REQUEST`` letters
are printed through the web route as a signed-in staff member would (``POST
/campaigns/<id>/letters``); more than that through ``prem links letters``, as the web page
tells staff to. Each time includes issuing the links, QR codes, layout and the PDF. Prints
wall-clock and CPU seconds (CPU time is steadier on a shared machine), pages per second
and peak memory. ``MOST_PER_REQUEST`` (survey_app/distribute/letters.py) is chosen from
these figures: a request should finish in about 10 to 15 seconds.

    .venv/bin/python benchmarks/letters.py [--counts 50 400 500] [--language en]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report import code_version, machine, table  # noqa: E402
from survey_app.cli import main as prem  # noqa: E402
from survey_app.config import load_settings  # noqa: E402
from survey_app.db import get_db  # noqa: E402
from survey_app.distribute.letters import MOST_PER_REQUEST  # noqa: E402
from tests.survey_app.conftest import PASSWORD, build_world, make_app  # noqa: E402
from tests.survey_app.pages import post_form  # noqa: E402


def _measure(count: int, language: str) -> tuple[str, float, float, int]:
    """How it was printed, seconds (wall, CPU) and the PDF's size for ``count`` letters."""
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            {"PREM_ENV": "test", "PREM_INSTANCE_DIR": folder, "PREM_SECRET_KEY": "bench"}
        )
        app = make_app(settings, settings.database_url)
        world = build_world(app)
        client = app.test_client()
        post_form(client, "/sign-in", {"email": "staff@test.example", "password": PASSWORD})
        url = f"/campaigns/{world.journey_campaign_id}/letters"
        post_form(client, url, {"count": "1", "language": language})  # warm up fonts
        out = Path(folder) / "letters.pdf"
        wall, cpu = time.perf_counter(), time.process_time()
        if count <= MOST_PER_REQUEST:
            via = "web"
            response = post_form(client, url, {"count": str(count), "language": language})
            if response.mimetype != "application/pdf":
                raise SystemExit(f"no PDF for {count} letters: HTTP {response.status_code}")
            out.write_bytes(response.data)
        else:
            via = "prem links"
            args = ["--campaign", str(world.journey_campaign_id), "--count", str(count)]
            result = app.test_cli_runner().invoke(
                prem, ["links", "letters", *args, "--language", language, "--out", str(out)]
            )
            if result.exit_code != 0:
                raise SystemExit(result.output)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = out.stat().st_size
        get_db(app).engine.dispose()
    return via, wall, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--counts", type=int, nargs="+", default=sorted({50, MOST_PER_REQUEST, 500})
    )
    parser.add_argument("--language", default="en")
    args = parser.parse_args()
    rows = []
    for count in args.counts:
        via, wall, cpu, size = _measure(count, args.language)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        rows.append(
            [count, via, f"{wall:.1f}", f"{cpu:.1f}", f"{count / wall:.1f}", f"{size:,}", peak]
        )
    print(f"Printed letters ({args.language}); {machine()}")
    print(f"Code: {code_version()}")
    headers = ["letters", "via", "seconds", "CPU seconds", "pages/s", "PDF bytes", "peak MB"]
    print(table(headers, rows))
    print(f"One web request may print up to {MOST_PER_REQUEST} letters (target: 10 to 15 s).")


if __name__ == "__main__":
    main()
