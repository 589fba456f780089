"""Seconds for scoring at the quarterly scale: item scores, domain composites, cell weights.

Builds a synthetic answers table shaped like the whole-journey measure (each response
answers 4 items about each of 2–4 services, 4 items about each of 1–2 moves, and 6 items
asked once; about 26 answers a response; 1 in 8 unscored), with categorical columns, and
times each scoring step. Usage::

    PYTHONPATH=. .venv/bin/python benchmarks/scoring_scale.py --responses 1000000
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.composites import domain_composites
from analysis.means import group_means
from analysis.scoring import item_scores
from analysis.weights import cell_weights

SERVICES = ["gp", "acute", "community", "mental_health", "social_care", "pharmacy"]
MOVES = [f"{a}_to_{b}" for a in SERVICES for b in SERVICES if a != b]
WITHIN = ["info_understood", "involved_decisions", "dignity", "knew_next"]
BETWEEN = ["expected", "history_known", "repeat_story", "told_contact"]
ONCE = ["care_plan", "coordinator", "working_together", "in_control", "overall", "fft"]
DOMAINS = {
    "information": ["info_understood"],
    "involvement": ["involved_decisions"],
    "dignity": ["dignity"],
    "knowing_next": ["knew_next"],
    "handover": BETWEEN,
    "coordination": ["care_plan", "coordinator", "working_together"],
    "control": ["in_control"],
    "overall": ["overall"],
}


def synthetic(responses: int, units: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers (long, categorical) and respondents (one row each, with cells)."""
    rng = np.random.default_rng(seed)
    ids = np.arange(responses)
    n_services = rng.integers(2, 5, responses)
    n_moves = rng.integers(1, 3, responses)
    service = np.argsort(rng.random((responses, len(SERVICES))), axis=1)
    move = rng.integers(0, len(MOVES), (responses, 2))
    move[:, 1] = (move[:, 0] + 1 + rng.integers(0, len(MOVES) - 1, responses)) % len(MOVES)
    parts = []
    for slot in range(4):
        who = ids[n_services > slot]
        for item in WITHIN:
            parts.append((who, item, service[who, slot]))
    for slot in range(2):
        who = ids[n_moves > slot]
        for item in BETWEEN:
            parts.append((who, item, len(SERVICES) + move[who, slot]))
    for item in ONCE:
        parts.append((ids, item, np.full(responses, len(SERVICES) + len(MOVES))))
    items = [*WITHIN, *BETWEEN, *ONCE]
    response = np.concatenate([who for who, _, _ in parts])
    item = np.concatenate([np.full(len(who), items.index(i), np.int8) for who, i, _ in parts])
    instance = np.concatenate([inst for _, _, inst in parts]).astype(np.int16)
    score = rng.choice([0.0, 50.0, 100.0, np.nan], len(response), p=[0.15, 0.3, 0.425, 0.125])
    unit = rng.integers(0, units, responses)
    answers = pd.DataFrame(
        {
            "response_id": pd.Categorical.from_codes(response, [f"r{i}" for i in ids]),
            "item_id": pd.Categorical.from_codes(item, items),
            "instance": pd.Categorical.from_codes(instance, [*SERVICES, *MOVES, ""]),
            "score": score,
            "unit": pd.Categorical.from_codes(unit[response], [f"u{i:03d}" for i in range(units)]),
        }
    )
    respondents = pd.DataFrame(
        {
            "age": pd.Categorical.from_codes(rng.integers(0, 8, responses), list("abcdefgh")),
            "sex": pd.Categorical.from_codes(rng.integers(0, 2, responses), ["f", "m"]),
        }
    )
    return answers, respondents


def timed(label: str, step: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = step()
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    answers, respondents = timed(
        "build synthetic frames", lambda: synthetic(args.responses, args.units, args.seed)
    )
    print(f"{len(answers):,} answer rows, {args.responses:,} responses")
    cells = [(age, sex) for age in "abcdefgh" for sex in "fm"]
    population = {cell: 1.0 + i for i, cell in enumerate(cells)}
    weights = timed(
        "cell_weights (age × sex)",
        lambda: cell_weights(respondents, population, cells=["age", "sex"]),
    )
    answers["weight"] = weights.weights.to_numpy()[answers["response_id"].cat.codes.to_numpy()]
    timed("item_scores by unit × instance", lambda: item_scores(answers, by=["unit", "instance"]))
    timed("item_scores by unit, pooled (clustered)", lambda: item_scores(answers, by=["unit"]))
    timed(
        "item_scores by unit × instance, weighted",
        lambda: item_scores(answers, by=["unit", "instance"], weight="weight"),
    )
    composites = timed("domain_composites", lambda: domain_composites(answers, DOMAINS))
    timed(
        "group_means of composites by domain",
        lambda: group_means(composites.table, ["domain_id"], "score"),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak resident memory {peak:.2f} GB")


if __name__ == "__main__":
    main()
