"""Case-mix adjustment: our within estimator against a statsmodels formula with unit dummies.

    .venv/bin/python benchmarks/casemix_formula.py [--responses 100000] [--units 500]
        [--large 1000000] [--seed 1] [--check]

Simulates responses (scores 0 to 100) at ``--units`` units whose case mix differs: age and
self-rated health (numeric), sex (3 levels), deprivation quintile (5) and mode (3), which
make 10 design columns. Times ``analysis.casemix.adjust_for_case_mix`` (everything from the
frame to the unit table) against ``statsmodels.formula.api.ols("y ~ C(unit) + ...").fit()``,
the way an analyst would fit it by hand: a dense column per unit. Prints both times, the
ratio, and the largest absolute difference between the two sets of coefficients. Then
times our function alone on ``--large`` responses (0 skips it; statsmodels' dense design
would need about 4 GB there) and its peak Python memory in a second run (``tracemalloc``).

Targets (issue 6): at least 10 times faster than the formula fit with coefficients equal
to 1e-8; the large run in a couple of seconds. Exits 0 whatever the figures unless
``--check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from analysis.casemix import adjust_for_case_mix
from benchmarks.report import Verdict, code_version, machine, table

NUMERIC = ("age", "health")
CATEGORICAL = ("sex", "deprivation", "mode")
MIN_RATIO = 10.0
MAX_DIFFERENCE = 1e-8
LARGE_SECONDS = 3.0


def simulate(responses: int, units: int, seed: int) -> pd.DataFrame:
    """Responses with a planted unit effect and a case mix that differs by unit."""
    rng = np.random.default_rng(seed)
    unit = rng.integers(0, units, responses)
    tilt = unit / max(units - 1, 1)  # later units: older, more deprived, more on paper
    age = np.clip(rng.normal(45 + 25 * tilt, 15), 16, 100)
    health = rng.integers(1, 6, responses).astype(np.float64)
    sex = rng.choice(np.array(["female", "male", "other"]), responses, p=[0.55, 0.43, 0.02])
    deprivation = np.minimum(1 + (rng.random(responses) * 5 * (0.6 + 0.4 * tilt)), 5)
    mode = np.where(rng.random(responses) < 0.3 + 0.4 * tilt, "paper", "online")
    mode = np.where(rng.random(responses) < 0.05, "phone", mode)
    effect = rng.normal(0, 4, units)[unit]
    y = (
        60
        + effect
        + 0.15 * (age - 50)
        + 3 * (health - 3)
        - 2 * (sex == "male")
        - 1.5 * np.floor(deprivation)
        + 2 * (mode == "paper")
        + rng.normal(0, 15, responses)
    )
    return pd.DataFrame(
        {
            "y": np.clip(y, 0, 100),
            "unit": pd.Series(unit).map(lambda u: f"service-{u:04d}"),
            "age": age,
            "health": health,
            "sex": sex,
            "deprivation": np.floor(deprivation).astype(np.int64),
            "mode": mode,
        }
    )


def ours(frame: pd.DataFrame) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    result = adjust_for_case_mix(
        frame,
        outcome="y",
        unit="unit",
        covariates=[*NUMERIC, *CATEGORICAL],
        categorical=CATEGORICAL,
        min_n=1,
    )
    seconds = time.perf_counter() - started
    return seconds, {name: c.estimate for name, c in result.coefficients.items()}


def formula(frame: pd.DataFrame) -> tuple[float, dict[str, float]]:
    """The hand-written fit; categorical references set to the most common level, as ours."""
    references = {name: frame[name].value_counts().idxmax() for name in CATEGORICAL}
    terms = [f"C({name}, Treatment(reference={ref!r}))" for name, ref in references.items()]
    started = time.perf_counter()
    fit = smf.ols(f"y ~ C(unit) + {' + '.join([*NUMERIC, *terms])}", frame).fit()
    seconds = time.perf_counter() - started
    params = {}
    for name, value in fit.params.items():
        if name in NUMERIC:
            params[name] = value
        for variable, term in zip(CATEGORICAL, terms, strict=True):
            if name.startswith(f"{term}[T."):
                params[f"{variable}[{name[len(term) + 3 : -1]}]"] = value
    return seconds, params


def compare(responses: int, units: int, seed: int) -> list[Verdict]:
    frame = simulate(responses, units, seed)
    our_seconds, our_params = ours(frame)
    their_seconds, their_params = formula(frame)
    if set(our_params) != set(their_params):
        raise SystemExit(
            f"coefficients differ in name: {sorted(our_params)} {sorted(their_params)}"
        )
    difference = max(abs(our_params[name] - their_params[name]) for name in our_params)
    ratio = their_seconds / our_seconds
    print(
        f"{responses:,} responses, {units} units, {len(our_params)} case-mix columns "
        f"({', '.join(our_params)})"
    )
    print(
        table(
            ["fit", "seconds"],
            [
                ["adjust_for_case_mix (within estimator)", f"{our_seconds:.3f}"],
                ["statsmodels ols('y ~ C(unit) + ...')", f"{their_seconds:.3f}"],
            ],
        )
    )
    print(f"ratio {ratio:.1f}x; max |coefficient difference| {difference:.2e}")
    return [
        Verdict(
            "faster than the formula fit",
            f"{ratio:.1f}x",
            f">= {MIN_RATIO:.0f}x",
            ratio >= MIN_RATIO,
        ),
        Verdict(
            "same coefficients",
            f"{difference:.1e}",
            f"<= {MAX_DIFFERENCE:.0e}",
            difference <= MAX_DIFFERENCE,
        ),
    ]


def large(responses: int, units: int, seed: int) -> list[Verdict]:
    frame = simulate(responses, units, seed)
    seconds, _ = ours(frame)
    tracemalloc.start()
    ours(frame)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    frame_mb = frame.memory_usage(deep=True).sum() / 1e6
    print(
        f"{responses:,} responses, {units} units: adjust_for_case_mix {seconds:.2f} s, "
        f"peak Python memory {peak / 1e6:.0f} MB above the {frame_mb:.0f} MB frame"
    )
    return [
        Verdict(
            f"{responses:,} responses",
            f"{seconds:.2f} s",
            f"<= {LARGE_SECONDS:.0f} s",
            seconds <= LARGE_SECONDS,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--large", type=int, default=1_000_000, help="0 skips the large run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    print(f"Case-mix adjustment; {machine()}")
    print(f"Code: {code_version()}")
    verdicts = compare(args.responses, args.units, args.seed)
    if args.large:
        verdicts += large(args.large, args.units, args.seed)
    for verdict in verdicts:
        print(verdict)
    met = all(verdict.met for verdict in verdicts)
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
