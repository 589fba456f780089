"""Single-use link tokens: 160 random bits, of which only a SHA-256 hash is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 20  # 160 bits of randomness (the floor is 128)


def new_token() -> str:
    """A fresh URL-safe token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The hex SHA-256 of ``token``: what the database keeps.

    Tokens carry 160 random bits, so an unsalted fast hash is enough: nobody can search
    that space, and a stolen table gives away no working link.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
