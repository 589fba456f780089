"""A day, month and year typed into three boxes (the GOV.UK and NHS.UK date input pattern).

One WTForms field reads the three inputs ``<name>-day``, ``<name>-month`` and
``<name>-year``, keeps what was typed for showing again, and turns it into a ``date``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

PARTS: tuple[str, ...] = ("day", "month", "year")


class DateInputField(Field):
    """A date from three text boxes, with messages written for this one date.

    ``messages`` holds the plain words for ``"missing"`` (nothing typed), ``"incomplete"``
    (a box left empty) and ``"invalid"`` (no such date). ``required=False`` lets the three
    boxes stay empty, giving ``None``.
    """

    def __init__(
        self,
        label: Any = None,
        *,
        messages: Mapping[str, Any],
        required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, **kwargs)
        # The error summary links to ``field.id``: make that the day box, the first input.
        self.id = kwargs.get("id") or f"{self.name}-day"
        self.messages = dict(messages)
        self.required = required
        self.parts: dict[str, str] = dict.fromkeys(PARTS, "")
        self.error_parts: tuple[str, ...] = ()
        self._problem: str | None = None

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:  # type: ignore[no-untyped-def]
        self.process_errors = []
        self.object_data = None if data is unset_value else data
        self.data = self.object_data
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month)}
            self.parts["year"] = str(self.data.year)
        if formdata is None:
            return
        self.parts = {part: formdata.get(f"{self.name}-{part}", "").strip() for part in PARTS}
        self.raw_data = list(self.parts.values())
        self.data, self._problem, self.error_parts = _parse(self.parts, self.required)

    def pre_validate(self, form) -> None:  # type: ignore[no-untyped-def]
        if self._problem is not None:
            raise StopValidation(str(self.messages[self._problem]))


def _parse(parts: Mapping[str, str], required: bool) -> tuple[date | None, str | None, tuple]:
    """The date, the problem (a key of the messages) and the boxes to highlight."""
    empty = tuple(part for part in PARTS if not parts[part])
    if len(empty) == len(PARTS):
        return None, ("missing" if required else None), (PARTS if required else ())
    if empty:
        return None, "incomplete", empty
    if not all(parts[part].isdigit() for part in PARTS) or len(parts["year"]) != 4:
        bad = tuple(p for p in PARTS if not parts[p].isdigit()) or ("year",)
        return None, "invalid", bad
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"])), None, ()
    except (ValueError, OverflowError):  # no such day; or a day too big for any calendar
        return None, "invalid", PARTS
