"""Item types, dispatched through one small registry.

Each :class:`ItemKind` says how a page of that type becomes a form field, how a submitted
value becomes Answer rows and back, and which template shows it. Adding an item type means
one entry here and one template in ``templates/respond/items/``; the views never change.
What counts as a valid answer is decided by the measure (``measures.routing.validate_answer``),
not here: the form only reads the value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from measures.routing import AnswerValue, Page
from survey_app.forms import AppForm
from survey_app.safe_translations import lazy_gettext as _l

Row = dict[str, str | None]


def _one_newline(value: str | None) -> str | None:
    """Browsers send CRLF line breaks; count and store each as one character."""
    return value.replace("\r\n", "\n") if value else value


def _presence(required: bool, message: str) -> list[object]:
    return [InputRequired(message=message)] if required else [Optional()]


# The fields only read what was sent: the page renders its own options, and the measure
# decides which codes it accepts (``validate_answer``), so no choices are listed here.
def _radio(required: bool) -> Field:
    return RadioField(
        choices=[],
        validate_choice=False,
        validators=_presence(required, _l("Select an answer")),
    )


def _checkboxes(required: bool) -> Field:
    return SelectMultipleField(
        choices=[],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=_presence(required, _l("Select at least one answer")),
    )


def _textarea(required: bool) -> Field:
    return TextAreaField(
        filters=[_one_newline], validators=_presence(required, _l("Enter your answer"))
    )


def _line(required: bool) -> Field:
    return StringField(
        filters=[lambda v: v.strip() if v else v],
        validators=_presence(required, _l("Enter your answer")),
    )


def _as_text(data: object) -> AnswerValue:
    return str(data) if data else ""


def _as_codes(data: object) -> AnswerValue:
    return tuple(str(code) for code in data) if isinstance(data, list | tuple) else ()


# A question the person chose to skip is stored as one blank row, so their link resumes
# after it rather than on it; analysis reads only rows with an option code.
BLANK: list[Row] = [{"option_code": None, "text": None}]


def _code_rows(value: AnswerValue) -> list[Row]:
    return [{"option_code": value, "text": None}] if value else BLANK


def _codes_rows(value: AnswerValue) -> list[Row]:
    return [{"option_code": code, "text": None} for code in value] or BLANK


def _text_rows(value: AnswerValue) -> list[Row]:
    return [{"option_code": None, "text": value}] if value else BLANK


def _first_code(rows: Sequence[Row]) -> AnswerValue:
    return rows[0]["option_code"] or ""


def _all_codes(rows: Sequence[Row]) -> AnswerValue:
    return tuple(code for row in rows if (code := row["option_code"]))


def _first_text(rows: Sequence[Row]) -> AnswerValue:
    return rows[0]["text"] or ""


@dataclass(frozen=True)
class ItemKind:
    """How one item type is asked, stored and read back."""

    field: Callable[[bool], Field]
    read: Callable[[object], AnswerValue]
    to_rows: Callable[[AnswerValue], list[Row]]
    from_rows: Callable[[Sequence[Row]], AnswerValue]
    typed: bool
    """Whether the person types the answer (rather than choosing options)."""


ITEM_KINDS: dict[str, ItemKind] = {
    "single_choice": ItemKind(_radio, _as_text, _code_rows, _first_code, typed=False),
    "multi_choice": ItemKind(_checkboxes, _as_codes, _codes_rows, _all_codes, typed=False),
    "free_text": ItemKind(_textarea, _as_text, _text_rows, _first_text, typed=True),
    "short_text": ItemKind(_line, _as_text, _text_rows, _first_text, typed=True),
}


@cache
def _form_class(item_type: str, required: bool) -> type[AppForm]:
    """One form class per kind of question, built once (messages are translated lazily)."""
    return type("QuestionForm", (AppForm,), {"answer": ITEM_KINDS[item_type].field(required)})


def question_form(page: Page, saved: AnswerValue | None = None) -> AppForm:
    """A one-question form for ``page``, showing the ``saved`` answer if there is one."""
    form_class = _form_class(page.item.type, page.item.required)
    return form_class(data=None if saved is None else {"answer": saved})


def submitted_value(page: Page, form: AppForm) -> AnswerValue:
    """The value the form holds, in the shape the measure expects."""
    return ITEM_KINDS[page.item.type].read(form.answer.data)
