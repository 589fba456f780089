"""Page weight: the bytes a phone downloads for the first page and for each later page.

Serves the app with gunicorn (SQLite in a temporary folder), opens an invitation link and
answers every page to the thank-you page. The first page counts its HTML and every asset
it refers to, recursively (a cold cache); each later page counts its HTML and only assets
no earlier page referred to (a warm cache). Sizes are response bodies: raw, as served,
and gzip-compressed (as served if the server compresses, else ``gzip.compress`` of each
text resource, as a server or proxy with gzip switched on would send it).

Run: ``.venv/bin/python benchmarks/page_weight.py [--measure fft] [--check]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project, for tests.*

import argparse
import signal
import tempfile
import time
from collections import Counter

from httpclient import Client
from journey import Step, walk_journey
from report import Verdict, code_version, machine, table
from seed import prepare_app_database, server_env
from servers import HOST, Workers, gunicorn
from weights import GZIP_LEVEL, AssetFetcher, PageView, Resource, page_views

FIRST_PAGE_TARGET, LATER_PAGE_TARGET = 60_000, 15_000  # bytes, gzip
KB = 1000
TIME_LIMIT = 60.0  # seconds for the whole walk


def measure_pages(port: int, token: str) -> tuple[list[PageView], AssetFetcher]:
    """Walk the journey behind ``token``, then weigh each page view with its new assets."""
    client = Client(HOST, port)
    client.extra_headers["Accept-Encoding"] = "gzip"  # use compression if the server has it
    steps: list[Step] = []
    walk_journey(client, token, time.perf_counter() + TIME_LIMIT, steps.append)
    fetcher = AssetFetcher(client, f"{HOST}:{port}")
    views = []
    for view, last in page_views(steps):
        view.resources += fetcher.fetch_for(last.path, last.reply.text())
        views.append(view)
    client.close()
    return views, fetcher


def _kb(size: int) -> str:
    return f"{size / KB:.1f}"


def first_page_table(view: PageView) -> str:
    """Each response of the first page view."""
    rows: list[list[object]] = [
        [r.label, r.content_type, r.raw, r.served, r.gzip] for r in view.resources
    ]
    rows.append(["total", "", *(view.total(size) for size in ("raw", "served", "gzip"))])
    return table(["response", "type", "raw B", "served B", "gzip B"], rows)


def later_pages_table(views: list[PageView]) -> str:
    """One row per later page view."""
    rows = [
        [view.path, len(view.resources), *(view.total(s) for s in ("raw", "served", "gzip"))]
        for view in views
    ]
    return table(
        ["page (after the previous page's form)", "responses", "raw B", "served B", "gzip B"], rows
    )


def compression_note(views: list[PageView]) -> str:
    """Whether the server compressed anything."""
    encodings = {r.encoding for view in views for r in view.resources if r.encoding}
    if encodings:
        return f"The server compresses ({', '.join(sorted(encodings))}); gzip B is as served."
    return (
        "The server sent no Content-Encoding although asked (Accept-Encoding: gzip): it does "
        f"not compress.\ngzip B is gzip.compress(level {GZIP_LEVEL}) of each text resource "
        "(HTML, CSS, JS, SVG, ICO, JSON); PNGs as they are."
    )


def caching_note(assets: list[Resource]) -> str:
    """How long browsers may keep the assets without asking again."""
    policies = Counter(asset.cache_control or "(none)" for asset in assets)
    listed = "; ".join(f"{count} with {policy}" for policy, count in policies.most_common())
    note = f"Asset caching: {len(assets)} assets, Cache-Control: {listed}."
    if any(p == "(none)" or "no-cache" in p or "max-age=0" in p for p in policies):
        note += (
            "\nWith no-cache (or none) a browser asks again for each asset on every later "
            "page: a 304 without a body, but one round trip each."
        )
    return note


def verdicts(views: list[PageView]) -> list[Verdict]:
    """The issue's targets, on gzip bytes."""
    first, later = views[0], views[1:]
    heaviest = max(later, key=lambda v: v.total("gzip"), default=None)
    found = [
        Verdict(
            "first page, cold cache (gzip)",
            f"{_kb(first.total('gzip'))} KB",
            f"<= {FIRST_PAGE_TARGET // KB} KB",
            first.total("gzip") <= FIRST_PAGE_TARGET,
        )
    ]
    if heaviest is not None:
        size = heaviest.total("gzip")
        found.append(
            Verdict(
                f"heaviest later page, warm cache (gzip): {heaviest.path}",
                f"{_kb(size)} KB",
                f"<= {LATER_PAGE_TARGET // KB} KB",
                size <= LATER_PAGE_TARGET,
            )
        )
    return found


def print_report(views: list[PageView], fetcher: AssetFetcher, measure_id: str) -> bool:
    """Print the tables and verdicts; ``True`` if both targets are met."""
    print(f"Page weight, measure {measure_id}; code {code_version()}; {machine()}")
    print(compression_note(views))
    print(f"\nFirst page, cold cache: {views[0].path}")
    print(first_page_table(views[0]))
    print("\nLater pages, warm cache (HTML and redirects, plus assets not fetched before)")
    print(later_pages_table(views[1:]))
    print(
        f"\nAs served today: first page {_kb(views[0].total('served'))} KB, later pages up to "
        f"{_kb(max((v.total('served') for v in views[1:]), default=0))} KB."
    )
    print(caching_note(fetcher.assets))
    if fetcher.other_origins:
        print("Not counted, other origins (a browser fetches fonts only if used, woff2 first):")
        print("\n".join(f"  {ref}" for ref in fetcher.other_origins))
    print("KB = 1,000 bytes; response bodies only (headers and request bytes not counted).\n")
    met = True
    for verdict in verdicts(views):
        met &= verdict.met
        print(verdict)
    return met


def main(argv: list[str] | None = None) -> int:
    """Serve, walk, weigh, print; exit 1 only with ``--check`` and a missed target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", default="fft", help="measure id of the campaign")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the server is stopped
    with tempfile.TemporaryDirectory(prefix="prem-weight-") as folder:
        scratch = Path(folder)
        url = f"sqlite:///{scratch / 'prem.db'}"
        token = prepare_app_database(url, scratch, 1, args.measure)[0]
        env = server_env(url, scratch)
        with gunicorn("survey_app:create_app()", env, Workers("sync", 1), scratch, "app") as srv:
            views, fetcher = measure_pages(srv.port, token)
    met = print_report(views, fetcher, args.measure)
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        sys.exit(130)
