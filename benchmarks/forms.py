"""Read a page's POST form with ``html.parser`` and fill it in the way a browser would.

Generic on purpose: it knows nothing about our measures. It keeps what the page already
sets (hidden inputs, checked boxes, typed text), answers what is still empty (the first
radio and the first checkbox of each group, or seeded random ones; a short text that
passes our questions' checks), and presses the first submit button, so it follows any
one-question-a-page journey and a "check your answers" page alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = frozenset({"text", "email", "tel", "number", "search", "url"})
SKIPPED_TYPES = frozenset({"file", "reset", "button", "image"})
LONG_TEXT = "The staff were kind and explained what would happen next."
SHORT_TEXT = "LS6"  # a one-line answer short enough for any field, and a postcode district


@dataclass
class Control:
    """One form control: ``kind`` is an input type, ``textarea``, ``select`` or ``submit``."""

    kind: str
    name: str
    value: str = ""
    checked: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    options: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class Form:
    """A form as the page declares it; ``action`` is ``None`` when the page posts to itself."""

    action: str | None
    method: str
    controls: list[Control] = field(default_factory=list)


class _FormParser(HTMLParser):
    """Collects every form and its controls (the parser is fed only the form markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._text: Control | None = None  # the open <textarea>
        self._select: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action") or None, a.get("method", "get").lower()))
        elif not self.forms or "disabled" in a:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.forms[-1].controls.append(Control("submit", a.get("name", ""), a.get("value", "")))
        elif tag == "textarea":
            self._text = Control("textarea", a.get("name", ""), attrs=a)
            self.forms[-1].controls.append(self._text)
        elif tag == "select":
            self._select = Control("select", a.get("name", ""), attrs=a)
            self.forms[-1].controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append((a.get("value", ""), "selected" in a))

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        if kind in SKIPPED_TYPES or not a.get("name"):
            return
        self.forms[-1].controls.append(
            Control(kind, a["name"], a.get("value", ""), checked="checked" in a, attrs=a)
        )

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.value += data


def post_form(page: str) -> Form | None:
    """The first ``method="post"`` form on ``page``, or ``None``."""
    start, end = page.find("<form"), page.rfind("</form>")
    if start < 0 or end < start:
        return None
    parser = _FormParser()
    parser.feed(page[start : end + len("</form>")])
    parser.close()
    return next((form for form in parser.forms if form.method == "post"), None)


def _text_for(control: Control) -> str:
    """A short answer that suits what the input asks for."""
    a = control.attrs
    if control.kind == "textarea":
        text = LONG_TEXT
    elif control.kind == "number" or a.get("inputmode") in {"numeric", "decimal"}:
        text = "1"
    elif control.kind == "email":
        text = "someone@example.org"
    else:
        text = SHORT_TEXT
    limit = a.get("maxlength", "")
    return text[: int(limit)] if limit.isdigit() else text


def _exclusive(control: Control) -> bool:
    """A "none of these" box (the NHS.UK frontend marks it ``data-checkbox-exclusive``)."""
    return any("exclusive" in key or "exclusive" in value for key, value in control.attrs.items())


def _radio(group: list[Control], rng: random.Random | None) -> list[Control]:
    checked = [c for c in group if c.checked]
    return checked[:1] or [rng.choice(group) if rng else group[0]]


def _checkboxes(group: list[Control], rng: random.Random | None) -> list[Control]:
    """Keep what is ticked; add the first box, or (at random) any of the ordinary boxes."""
    checked = [c for c in group if c.checked]
    if rng is None:
        return checked or group[:1]
    ordinary = [c for c in group if not _exclusive(c)] or group
    extra = [c for c in ordinary if not c.checked and rng.random() < 0.5]
    return checked + extra or [rng.choice(ordinary)]


def _groups(form: Form, kind: str) -> dict[str, list[Control]]:
    groups: dict[str, list[Control]] = {}
    for control in form.controls:
        if control.kind == kind:
            groups.setdefault(control.name, []).append(control)
    return groups


def _choices(form: Form, rng: random.Random | None) -> list[tuple[str, str]]:
    """Radios and checkboxes: keep what is checked, else answer each group."""
    pairs: list[tuple[str, str]] = []
    for kind, choose in (("radio", _radio), ("checkbox", _checkboxes)):
        for name, group in _groups(form, kind).items():
            pairs.extend((name, c.value or "on") for c in choose(group, rng))
    return pairs


def _select_value(control: Control, rng: random.Random | None) -> str:
    chosen = [value for value, selected in control.options if selected]
    offered = [value for value, _ in control.options if value]
    if chosen:
        return chosen[0]
    if not offered:
        return ""
    return rng.choice(offered) if rng else offered[0]


def fill(form: Form, rng: random.Random | None = None) -> list[tuple[str, str]]:
    """The name/value pairs a browser would send after a person answered ``form``.

    Without ``rng`` the first option of each radio group, checkbox group and select is
    chosen; with it (seed it for repeatable runs) a random radio and select option, and a
    random set of ordinary boxes besides those already ticked.
    """
    pairs: list[tuple[str, str]] = []
    submit: tuple[str, str] | None = None
    for control in form.controls:
        if control.kind == "hidden":
            pairs.append((control.name, control.value))
        elif control.kind in TEXT_TYPES or control.kind == "textarea":
            pairs.append((control.name, control.value or _text_for(control)))
        elif control.kind == "select":
            pairs.append((control.name, _select_value(control, rng)))
        elif control.kind == "submit" and submit is None:
            submit = (control.name, control.value)
    pairs.extend(_choices(form, rng))
    if submit is not None and submit[0]:
        pairs.append(submit)
    return pairs
