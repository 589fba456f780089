"""The methods page: how scores were made, adjusted, compared and hidden, from the results."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from reports.board_input import BoardInput
from reports.formatting import count, level, mid_sentence


@dataclass(frozen=True)
class Method:
    """One heading of the methods page and what it says."""

    heading: str
    text: str


def methods(board: BoardInput) -> tuple[Method, ...]:
    """Say, for this report's own results, every method and rule behind its figures."""
    results = board.results
    spec = results.spec
    found: list[Method] = [
        Method(
            "Scores",
            "Every answer that says how good care was is scored from 0 (worst) to 100 "
            "(best); “don't know” and “does not apply” are left out. A domain's score is the "
            "mean of a person's scored answers in it, given when they answered at least half "
            "of its questions that applied to them. Answers about several services are "
            "averaged for each person before the service or place mean, so nobody counts "
            "twice.",
        ),
        Method(
            "Adjusting for case mix",
            "Services see different people. Before services are compared, each score is "
            f"adjusted for {_names(board, spec.case_mix)} ({_case_mix_method(board)}). The "
            "tables give both the raw and the adjusted score; the adjusted score is what a "
            "service would score with the mix of people of the whole place.",
        ),
        Method("Comparing services", _comparison_text(board)),
        Method(
            "Changes over time",
            "Changes compare a quarter with the one before and with the same quarter a year "
            "earlier, as the difference of two independent means with a 95% interval. No "
            "change is given across a change of the questions.",
        ),
        Method(
            "Equality",
            "The overall score is broken down by "
            f"{_names(board, spec.equality)}. A gap is the difference between the highest "
            "and lowest scoring groups (Welch's test), called real only when it holds after "
            "allowing for testing many pairs of groups (Bonferroni).",
        ),
        Method(
            "Moves between services",
            "Each move's handover score is compared with all other moves (Welch's test, "
            "Holm's correction for testing every move). Moves by one person are counted as "
            "independent.",
        ),
        Method("Hiding small numbers", _suppression_text(board)),
    ]
    if results.free_text is not None:
        found.append(Method("Comments", _comments_text(board)))
    if results.skipped:
        found.append(
            Method("What could not be done", "; ".join(results.skipped).capitalize() + ".")
        )
    return tuple(found)


def _names(board: BoardInput, columns: tuple[str, ...]) -> str:
    names = [mid_sentence(board.characteristics.get(c, c.replace("_", " "))) for c in columns]
    if not names:
        return "nothing"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _case_mix_method(board: BoardInput) -> str:
    case_mix = board.results.case_mix
    return case_mix.method if case_mix is not None else "not done this quarter"


def _comparison_text(board: BoardInput) -> str:
    comparison = board.results.comparison
    if comparison is None:
        return "Services were not compared this quarter: too few had enough responses."
    inner, outer = (level(x) for x in comparison.levels)
    spread = (
        f"Services differed more than chance explains (φ = {comparison.phi:.2f}), so the "
        f"limits were widened by a between-service variance τ² = {comparison.tau2:.2f}."
        if comparison.overdispersed
        else f"Services did not differ more than chance explains (φ = {comparison.phi:.2f})."
    )
    return (
        "Each service's adjusted score is compared with the mean of all services using "
        f"{inner} and {outer} control limits (funnel plots; Spiegelhalter's method). Beyond "
        f"the {inner} limit a service is “better” or “worse than expected”; beyond {outer}, "
        f"“much better” or “much worse”. {spread} Services with fewer than "
        f"{comparison.min_n} responses are not compared. This is not a league table. "
        f"Method: {comparison.method}."
    )


def _suppression_text(board: BoardInput) -> str:
    return (
        f"To protect privacy, nothing is shown from fewer than {board.min_n} responses, "
        "neither the figure nor the count. Where a hidden figure could be worked out from "
        "a total and the other figures, another one is hidden too."
    )


def _comments_text(board: BoardInput) -> str:
    text = board.results.free_text
    assert text is not None
    removed = sum(asdict(text.redaction).values())
    return (
        f"{count(text.n_comments)} comments were read by a computer after names, NHS "
        f"numbers, phone numbers, email addresses, postcodes and dates were removed "
        f"({count(removed)} removed). Themes are groups of words that often appear "
        "together; quotes are examples from each theme, shown as redacted. Themes from "
        f"fewer than {board.min_n} comments are not shown."
    )
