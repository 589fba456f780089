"""The forms a page shows, read from its HTML as a browser would read them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import tinyhtml5

_NS = "{http://www.w3.org/1999/xhtml}"
_BUTTONS = frozenset({"submit", "button", "reset", "image"})


@dataclass(frozen=True)
class Field:
    """One named control: its kind, its current value and, for choices, every option."""

    name: str
    kind: str
    value: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    """A POST form: the path it posts to and its controls (radios and checkboxes merged)."""

    action: str
    fields: tuple[Field, ...]
    multipart: bool


def _controls(form: object) -> list[Field]:
    merged: dict[str, Field] = {}
    for element in form.iter():  # type: ignore[attr-defined]
        tag, name = element.tag.removeprefix(_NS), element.get("name")
        if not name:
            continue
        if tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in _BUTTONS:
                continue
            value = element.get("value", "on" if kind in ("radio", "checkbox") else "")
            if kind in ("radio", "checkbox"):
                known = merged.get(name)
                options = (*(known.options if known else ()), value)
                merged[name] = Field(name, kind, value, options)
            else:
                merged[name] = Field(name, kind, value)
        elif tag == "select":
            options = tuple(
                option.get("value", option.text or "") for option in element.iter(f"{_NS}option")
            )
            kind = "select-multiple" if element.get("multiple") is not None else "select"
            merged[name] = Field(name, kind, options[0] if options else "", options)
        elif tag == "textarea":
            merged[name] = Field(name, "textarea", element.text or "")
    return list(merged.values())


def post_forms(html: str, page_path: str) -> list[Form]:
    """Every ``method="post"`` form on a page, with its action resolved against the page."""
    forms = []
    for form in tinyhtml5.parse(html).iter(f"{_NS}form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(urljoin(page_path, form.get("action") or page_path)).path
        multipart = (form.get("enctype") or "").lower() == "multipart/form-data"
        forms.append(Form(action, tuple(_controls(form)), multipart))
    return forms
