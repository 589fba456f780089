"""A response's answers as one JSON column, so a page reads its link and answers in one query.

Each question page needs the invitation, its campaign, the response and every answer so
far. Reading the answers as rows takes a second round trip to the database on every page;
this column packs them into the first query instead: a JSON array of
``[id, item_id, instance, option_code, text]``, one per stored row, or NULL / ``[]`` when
there are none. PostgreSQL and SQLite spell the JSON aggregate
differently, so the expression is compiled per dialect (SQLAlchemy's ``@compiles``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Text

AnswerRow = tuple[str, str, str | None, str | None]

_COLUMNS = "r.id, r.item_id, r.instance, r.option_code, r.text"


class answers_json(FunctionElement[str]):
    """``answers_json(Response.id)``: that response's answer rows as JSON text."""

    type = Text()
    name = "answers_json"
    inherit_cache = True


def _subquery(aggregate: str, element: answers_json, compiler: SQLCompiler, **kw: Any) -> str:
    response_id = compiler.process(element.clauses, **kw)
    # Only our own fixed SQL and a compiled column expression: nothing from a request.
    return f"(SELECT {aggregate} FROM answers AS r WHERE r.response_id = {response_id})"  # noqa: S608


@compiles(answers_json, "postgresql")
def _postgresql(element: answers_json, compiler: SQLCompiler, **kw: Any) -> str:
    return _subquery(
        f"CAST(json_agg(json_build_array({_COLUMNS})) AS TEXT)", element, compiler, **kw
    )


@compiles(answers_json, "sqlite")
def _sqlite(element: answers_json, compiler: SQLCompiler, **kw: Any) -> str:
    return _subquery(f"json_group_array(json_array({_COLUMNS}))", element, compiler, **kw)


def unpack(packed: str | None) -> list[AnswerRow]:
    """The rows an ``answers_json`` value holds, in the order they were saved."""
    rows = sorted(json.loads(packed or "[]"))  # by id: the aggregate's order is not defined
    return [(item, instance, code, text) for _id, item, instance, code, text in rows]
