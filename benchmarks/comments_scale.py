"""Seconds and peak memory for the free-text analysis of N synthetic comments.

Usage: ``.venv/bin/python benchmarks/comments_scale.py [--comments 100000] [--seed 1]``

Simulates N comments (five planted themes, a third with one identifier), then times
redaction of all of them, themes (TF-IDF + NMF, five themes) on the redacted comments,
and tone (TF-IDF + logistic regression, 5-fold cross-validation) trained on those rated
0–40 or 70–100. Prints each step's seconds, the process's peak resident memory, and
checks that no planted identifier survives redaction. Brief target: redaction of 100,000
comments in a few seconds.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np

from analysis.redact import redact_all
from analysis.simulate_comments import simulate_comments
from analysis.themes import find_themes
from analysis.tone import train_tone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    frame = simulate_comments(np.random.default_rng(args.seed), args.comments).frame
    print(f"simulate {args.comments:,} comments: {time.perf_counter() - start:.2f} s")

    start = time.perf_counter()
    redacted = redact_all(frame["comment"])
    seconds = time.perf_counter() - start
    chars = int(frame["comment"].str.len().sum())
    print(
        f"redact: {seconds:.2f} s ({chars / seconds / 1e6:.1f} M characters/s), "
        f"{redacted.counts.total:,} identifiers in {redacted.n_changed:,} comments"
    )
    planted = frame["identifier"].notna().to_numpy()
    leaked = sum(
        secret in text
        for text, secret in zip(redacted.texts[planted], frame["identifier"][planted], strict=True)
    )
    print(f"planted identifiers left after redaction: {leaked}")

    start = time.perf_counter()
    themes = find_themes(redacted.texts, n_themes=5, random_state=0)
    print(f"themes: {time.perf_counter() - start:.2f} s ({themes.n_terms:,} terms)")
    for theme in themes.themes:
        print(f"  {theme.number}. n={theme.n:,}: {', '.join(theme.top_terms)}")

    start = time.perf_counter()
    tone = train_tone(redacted.texts, frame["rating"], random_state=0)
    print(
        f"tone: {time.perf_counter() - start:.2f} s, cross-validated accuracy "
        f"{tone.accuracy.estimate:.3f} ({tone.accuracy.lower:.3f} to {tone.accuracy.upper:.3f}),"
        f" balanced {tone.balanced_accuracy:.3f}, n = {tone.accuracy.n:,}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak memory: {peak:,.0f} MB")
    return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
