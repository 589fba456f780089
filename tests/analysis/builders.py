"""Tiny hand-built frames for the analysis tests: one row per response, counted by eye."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.api import FftRule

FFT_ITEM = "fft"


def make_frames(
    rows: Sequence[tuple[str, str, str | None]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build responses and answers from ``(service_id, quarter, fft_code_or_None)`` rows.

    Response ids are ``r0, r1, ...`` in row order. Every response also answers an unrelated
    item ``"q1"`` so tests see that only the FFT item counts. ``None`` means the response
    left the FFT item unanswered (no answer row).
    """
    ids = [f"r{i}" for i in range(len(rows))]
    quarters = [quarter for _, quarter, _ in rows]
    responses = pd.DataFrame(
        {
            "response_id": ids,
            "place_id": ["place-1"] * len(rows),
            "service_id": [service for service, _, _ in rows],
            "campaign_id": ["c1"] * len(rows),
            "submitted_at": pd.to_datetime(
                [f"{q[:4]}-{3 * int(q[5]) - 2:02d}-15" for q in quarters], utc=True
            ),
            "quarter": quarters,
            "mode": ["online"] * len(rows),
            "language": ["en"] * len(rows),
        }
    )
    answer_rows = [(rid, "q1", "yes", 100.0) for rid in ids]
    answer_rows += [
        (rid, FFT_ITEM, code, float("nan"))
        for rid, (_, _, code) in zip(ids, rows, strict=True)
        if code is not None
    ]
    answers = pd.DataFrame(answer_rows, columns=["response_id", "item_id", "option_code", "score"])
    answers.insert(2, "instance", "")
    return responses, answers


RULE = FftRule(
    item_id=FFT_ITEM,
    positive=frozenset({"very_good", "good"}),
    negative=frozenset({"poor", "very_poor"}),
)
EXCLUDING_DONT_KNOW = FftRule(
    item_id=FFT_ITEM,
    positive=RULE.positive,
    negative=RULE.negative,
    exclude_from_denominator=frozenset({"dont_know"}),
)
HAND_COUNTED = {"very_good": 6, "good": 4, "neither": 3, "poor": 2, "very_poor": 1, "dont_know": 4}


def rows_for(
    service: str, quarter: str, counts: dict[str, int]
) -> list[tuple[str, str, str | None]]:
    return [(service, quarter, code) for code, k in counts.items() for _ in range(k)]
