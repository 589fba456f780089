"""Web-address names (slugs) made from what an administrator typed (no Flask)."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey_app.models import Organisation, Place, Service

SLUG_LENGTH = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """``"St Mary's Hospital (Ysbyty)"`` → ``"st-marys-hospital-ysbyty"``; accents dropped."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_name.lower().replace("'", "")).strip("-")


def unique_slug(
    session: Session, model: type[Place | Organisation | Service], name: str, fallback: str
) -> str:
    """A slug for ``name`` that no row of ``model`` has: ``-2``, ``-3``... added on a clash.

    ``fallback`` stands in when the name has no letters or digits A to Z (a name written
    only in another script, say).
    """
    base = slugify(name)[: SLUG_LENGTH - 4].strip("-") or fallback
    taken = set(session.scalars(select(model.slug).where(model.slug.startswith(base))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
