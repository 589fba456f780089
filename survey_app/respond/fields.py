"""Form fields for each item type, dispatched through one small registry.

Adding an item type means one ``ItemKind`` entry here and one template in
``templates/respond/items/``; the question view never changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from measures import Item, Measure
from survey_app.models import Answer

FieldBuilder = Callable[[Item, Measure], Field]


def _single_choice(item: Item, measure: Measure) -> Field:
    scale = measure.scale_for(item)
    assert scale is not None  # the measure validator guarantees a scale
    validators = [InputRequired(message=_l("Select an answer"))] if item.required else [Optional()]
    return RadioField(
        item.text,
        choices=[SelectChoice(o.code, o.label) for o in scale.options],
        validators=validators,
    )


def _one_newline(value: str | None) -> str | None:
    """Browsers send CRLF line breaks; count and store each as one character."""
    return value.replace("\r\n", "\n") if value else value


def _free_text(item: Item, measure: Measure) -> Field:
    limit = item.max_length or 1000
    validators = [
        InputRequired(message=_l("Enter your answer")) if item.required else Optional(),
        Length(
            max=limit, message=_l("Your answer must be %(limit)s characters or fewer", limit=limit)
        ),
    ]
    return TextAreaField(item.text, validators=validators, filters=[_one_newline])


@dataclass(frozen=True)
class ItemKind:
    """How one item type becomes a form field and an Answer row, and back."""

    build: FieldBuilder
    to_answer: Callable[[str | None], dict[str, str | None]]
    from_answer: Callable[[Answer], str | None]


ITEM_KINDS: dict[str, ItemKind] = {
    "single_choice": ItemKind(
        _single_choice,
        lambda value: {"option_code": value or None},
        lambda answer: answer.option_code,
    ),
    "free_text": ItemKind(
        _free_text,
        lambda value: {"text": (value or "").strip() or None},
        lambda answer: answer.text,
    ),
}


def question_form(item: Item, measure: Measure, saved: Answer | None = None) -> FlaskForm:
    """A one-question form for ``item``, showing the ``saved`` answer if there is one."""
    kind = ITEM_KINDS[item.type]
    form_class = type("QuestionForm", (FlaskForm,), {"answer": kind.build(item, measure)})
    return form_class(data=None if saved is None else {"answer": kind.from_answer(saved)})


def answer_values(item: Item, value: str | None) -> dict[str, str | None]:
    """The Answer columns for a submitted form value."""
    return ITEM_KINDS[item.type].to_answer(value)
