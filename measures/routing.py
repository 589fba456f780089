"""Which pages a person sees, given their answers so far. Pure Python, no web framework.

Routing rules are data in the measure definition: ``show_when`` on sections and items,
wording variants, and sections repeated for each service used or each move between
services. Every function here walks the questionnaire in order with the answers given:

- an answer counts only while its page still applies and its codes are still offered, so
  conditions on an answer that no longer applies do not hold either (changing an earlier
  answer drops everything that followed from it, all the way down);
- ``preset`` holds answers implied by the link (the service that sent it, pre-ticked in
  "which services did you use"); a preset value counts as the answer until the person
  answers that page, but is never returned as one of their answers.

The measure is compiled for routing once (:func:`measures.plan.plan_for`), so these calls
are cheap enough for every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from measures.model import Measure
from measures.pages import (
    MESSAGES,
    AnswerKey,
    Answers,
    AnswerValue,
    InvalidAnswer,
    Page,
    validate_answer,
)
from measures.plan import Plan, Slot, Values, plan_for

__all__ = [
    "MESSAGES",
    "AnswerKey",
    "AnswerValue",
    "Answers",
    "InvalidAnswer",
    "Page",
    "Route",
    "applicable",
    "estimated_total",
    "first_unanswered",
    "next_page",
    "page_for",
    "pages",
    "previous_page",
    "route",
    "validate_answer",
]

NO_ANSWERS: Answers = MappingProxyType({})
TYPICAL_SERVICES = 2
"""How many services to expect while "which services" is unanswered, for the estimate."""


def fit(page: Page, value: AnswerValue) -> AnswerValue | None:
    """An answer as it stands on ``page`` now, or None if it no longer fits.

    Codes no longer offered are dropped from a multi answer; if none is left the answer
    goes. A blank answer (``""`` or ``()``) is kept as given.
    """
    if page.item.type == "multi_choice":
        if not isinstance(value, tuple | list):
            return None
        kept = tuple(option.code for option in page.options if option.code in value)
        return kept if kept or not value else None
    if not isinstance(value, str):
        return None
    if page.item.type == "single_choice" and value and value not in page.codes:
        return None
    return value


def _assumed(page: Page, value: AnswerValue | None, plan: Plan) -> AnswerValue | None:
    """A typical answer for an unanswered page others depend on, for the estimate only."""
    choosable = [o.code for o in page.options if o.code not in page.item.exclusive]
    if not choosable:
        return value
    if page.item.type == "single_choice":
        return value or choosable[0]
    have = list(value or ())
    wanted = TYPICAL_SERVICES if plan.lists_services(page.item.id) else 1
    for code in choosable:
        if len(have) >= wanted:
            break
        if code not in have:
            have.append(code)
    return tuple(code for code in choosable if code in have)


@dataclass
class _Walk:
    """One pass through the questionnaire with a set of answers."""

    plan: Plan
    answers: Answers
    preset: Answers
    assume: bool = False
    shown: list[Page] = field(default_factory=list)
    kept: dict[AnswerKey, AnswerValue] = field(default_factory=dict)
    values: Values = field(default_factory=dict)

    def run(self) -> _Walk:
        for section in self.plan.sections:
            if not all(cond.holds(self.values, "") for cond in section.show_when):
                continue
            for instance in self.plan.copies(section, self.values):
                for slot in section.slots:
                    self._visit(slot, instance)
        return self

    def _visit(self, slot: Slot, instance: str) -> None:
        if not all(cond.holds(self.values, instance) for cond in slot.show_when):
            return
        page = self.plan.page(slot, instance, self.values)
        if page is None:
            return
        self.shown.append(page)
        key = page.key
        if key in self.answers:
            value = fit(page, self.answers[key])
            if value is not None:
                self.kept[key] = self.values[key] = value
                return
        value = fit(page, self.preset[key]) if key in self.preset else None
        if self.assume and slot.steers:
            value = _assumed(page, value, self.plan)
        if value is not None:
            self.values[key] = value


def _walk(measure: Measure, answers: Answers, preset: Answers, assume: bool = False) -> _Walk:
    return _Walk(plan_for(measure), answers, preset, assume).run()


@dataclass(frozen=True)
class Route:
    """The pages that apply for one set of answers, worked out once.

    A request that needs the current page, the next one and the previous one walks the
    questionnaire once and asks its :class:`Route`; the module functions below each walk it.
    """

    measure: Measure
    shown: tuple[Page, ...]
    kept: Answers
    answers: Answers
    preset: Answers

    def _index(self, slug: str) -> int:
        for position, page in enumerate(self.shown):
            if page.slug == slug:
                return position
        raise KeyError(
            f"no page '{slug}' applies in measure '{self.measure.id}' v{self.measure.version}"
        )

    def page(self, slug: str) -> Page:
        """The page with this slug (KeyError if no such page applies)."""
        return self.shown[self._index(slug)]

    def after(self, slug: str) -> Page | None:
        """The page after ``slug``, or None after the last (KeyError if it does not apply)."""
        position = self._index(slug) + 1
        return self.shown[position] if position < len(self.shown) else None

    def before(self, slug: str) -> Page | None:
        """The page before ``slug``, or None on the first (KeyError if it does not apply)."""
        position = self._index(slug)
        return self.shown[position - 1] if position > 0 else None

    def first_unanswered(self) -> Page | None:
        """The first page with no answer (a preset is not an answer), or None."""
        return next((page for page in self.shown if page.key not in self.kept), None)

    def estimated_total(self) -> int:
        """How many pages this person will probably see: see :func:`estimated_total`."""
        assumed = _walk(self.measure, self.answers, self.preset, assume=True).shown
        return max(len(self.shown), len(assumed))


def route(measure: Measure, answers: Answers, *, preset: Answers = NO_ANSWERS) -> Route:
    """Walk the questionnaire once with ``answers`` (and ``preset``): see :class:`Route`."""
    walk = _walk(measure, answers, preset)
    return Route(measure, tuple(walk.shown), MappingProxyType(walk.kept), answers, preset)


def pages(measure: Measure, answers: Answers, *, preset: Answers = NO_ANSWERS) -> tuple[Page, ...]:
    """Every page that applies given the answers so far, in the order asked.

    Parameters
    ----------
    measure : Measure
        The measure being answered.
    answers : Mapping of AnswerKey to str or tuple of str
        The person's answers so far (anything that no longer applies is ignored).
    preset : Mapping of AnswerKey to str or tuple of str, optional
        Answers implied by the link, used until the person answers those pages.

    Returns
    -------
    tuple of Page
        Sections repeated for each service come once per service ticked, in the order of
        the services scale; sections repeated for each move, once per move ticked.
    """
    return route(measure, answers, preset=preset).shown


def page_for(
    measure: Measure, answers: Answers, slug: str, *, preset: Answers = NO_ANSWERS
) -> Page:
    """Return the page with this slug.

    Raises
    ------
    KeyError
        If no such page applies given these answers.
    """
    return route(measure, answers, preset=preset).page(slug)


def applicable(
    measure: Measure, answers: Answers, *, preset: Answers = NO_ANSWERS
) -> dict[AnswerKey, AnswerValue]:
    """The answers that still apply, to store after every save.

    Answers to pages no longer shown go, and so do codes no longer offered (a multi answer
    left with none goes too), so un-ticking a service drops every answer about it and every
    move to or from it. Answers to unknown items go as well.
    """
    return dict(route(measure, answers, preset=preset).kept)


def next_page(
    measure: Measure, answers: Answers, current_slug: str, *, preset: Answers = NO_ANSWERS
) -> Page | None:
    """The page after ``current_slug``, or None after the last.

    Raises
    ------
    KeyError
        If the current page does not apply given these answers.
    """
    return route(measure, answers, preset=preset).after(current_slug)


def previous_page(
    measure: Measure, answers: Answers, current_slug: str, *, preset: Answers = NO_ANSWERS
) -> Page | None:
    """The page before ``current_slug``, or None on the first.

    Raises
    ------
    KeyError
        If the current page does not apply given these answers.
    """
    return route(measure, answers, preset=preset).before(current_slug)


def first_unanswered(
    measure: Measure, answers: Answers, *, preset: Answers = NO_ANSWERS
) -> Page | None:
    """The first page with no answer (a preset is not an answer), or None if all have one.

    A returning person resumes here. Only answers that still apply count.
    """
    return route(measure, answers, preset=preset).first_unanswered()


def estimated_total(measure: Measure, answers: Answers, *, preset: Answers = NO_ANSWERS) -> int:
    """How many pages this person will probably see, for "Question 4 of about 20".

    The pages that apply now, plus those that would follow typical answers to the
    questions not answered yet that other pages depend on: the first option of a single
    choice, two services, one move. Never less than the pages that apply now; equal to it
    once every such question is answered.
    """
    return route(measure, answers, preset=preset).estimated_total()
