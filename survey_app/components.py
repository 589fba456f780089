"""NHS.UK frontend components, each rendered once per set of parameters.

The NHS.UK macros are pure functions of their parameters (they are imported without the
page's context), and they are most of the time spent on a question page: a radios
component with ten options calls a dozen nested macros. So pages call
``{{ component("radios", {...}) }}`` and the HTML for the same parameters comes from a
bounded cache. The key is the parameters themselves (every string, flag and number, in
order, with "safe markup" kept apart from plain text), so a cached component is exactly
what the macro would have rendered.

Only components whose parameters come from our own wording go through here (header,
footer, buttons, choices); text a person typed (text areas, text inputs, the check page)
is rendered by the macros directly, so it never stays in a process's memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import Flask
from jinja2 import Environment, Undefined, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

#: name used in templates → (folder under ``nhsuk/components/``, macro name)
CACHED_COMPONENTS: dict[str, tuple[str, str]] = {
    "skipLink": ("skip-link", "skipLink"),
    "header": ("header", "header"),
    "footer": ("footer", "footer"),
    "backLink": ("back-link", "backLink"),
    "button": ("button", "button"),
    "radios": ("radios", "radios"),
    "checkboxes": ("checkboxes", "checkboxes"),
    "errorSummary": ("error-summary", "errorSummary"),
}

#: rendered components kept per process; a few KB each
CACHE_SIZE = 2048


class _Unkeyable(TypeError):
    """A parameter of a type the cache does not know how to compare; render directly."""


def _key(value: object) -> object:
    """A hashable stand-in for ``value`` that is equal only for values rendering the same."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, Undefined):
        return ("undefined",)
    if isinstance(value, bool | int | float) or value is None:
        return (type(value).__name__, value)  # True and 1 render differently
    if isinstance(value, Mapping):
        return ("dict", tuple((name, _key(item)) for name, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", tuple(_key(item) for item in value))
    if hasattr(value, "__html__"):  # a lazily translated string: rendered as it is now
        return ("markup", str(value.__html__()))
    raise _Unkeyable(type(value).__name__)


@dataclass(frozen=True)
class _Call:
    """One component call: compared and hashed by its key, carrying the parameters."""

    name: str
    autoescape: bool
    key: object
    params: Any = field(compare=False, hash=False)


class Components:
    """The ``component(name, params)`` template global for one Jinja environment."""

    def __init__(self, env: Environment, size: int = CACHE_SIZE) -> None:
        self._env = env
        self._render = lru_cache(maxsize=size)(self._call)

    def _macro(self, name: str) -> Callable[[Any], Markup]:
        folder, macro = CACHED_COMPONENTS[name]
        module = self._env.get_template(f"nhsuk/components/{folder}/macro.jinja").module
        return getattr(module, macro)

    def _call(self, call: _Call) -> Markup:
        eval_ctx = EvalContext(self._env)
        eval_ctx.autoescape = call.autoescape
        return self._macro(call.name)(eval_ctx, call.params)

    def render(self, eval_ctx: EvalContext, name: str, params: Mapping[str, Any]) -> Markup:
        """The component ``name`` (a key of :data:`CACHED_COMPONENTS`) for ``params``.

        ``eval_ctx`` is the calling template's: whether it escapes text decides the HTML.
        """
        if name not in CACHED_COMPONENTS:
            raise KeyError(f"'{name}' is not a cached NHS.UK component")
        try:
            call = _Call(name, eval_ctx.autoescape, _key(params), params)
        except _Unkeyable:
            return self._macro(name)(eval_ctx, params)
        return self._render(call)

    def cache_info(self) -> object:
        """Hits, misses and size of the cache (``functools`` statistics)."""
        return self._render.cache_info()


def init_components(app: Flask) -> None:
    """Make ``component(name, params)`` available to every template."""
    components = Components(app.jinja_env)

    @pass_eval_context
    def component(eval_ctx: EvalContext, name: str, params: Mapping[str, Any]) -> Markup:
        return components.render(eval_ctx, name, params)

    app.add_template_global(component)
    app.extensions["prem_components"] = components
