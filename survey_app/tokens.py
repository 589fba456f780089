"""Single-use link tokens: 160 random bits, of which only a SHA-256 hash is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
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


# Resume codes: 8 characters of Crockford's base32 (no I, L, O or U), 40 random bits,
# short enough to write down from a poster-started questionnaire and type in again later.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_resume_code() -> str:
    """A fresh resume code, shown as two groups of four: ``K7QF-2MXP``."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalise_code(typed: str) -> str | None:
    """The code as stored, from what someone typed (any case, spaces, dashes, O for 0).

    Returns ``None`` if it cannot be a code, so nothing is looked up.
    """
    code = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


# Tokens printed on paper are typed in by hand: lowercase Crockford base32 (no i, l, o or u,
# so nothing looks like 1 or 0), 32 characters of 5 bits each, the same 160 bits as above.
TYPED_ALPHABET = CODE_ALPHABET.lower()
TYPED_LENGTH = 32


_TO_TYPED = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", TYPED_ALPHABET)


def new_typed_token() -> str:
    """A fresh token that is easy to read off paper and type: ``7hq2m...`` (160 bits)."""
    return "".join(secrets.choice(TYPED_ALPHABET) for _ in range(TYPED_LENGTH))


# Tokens derived from the secret key, for links that must be made again later (a reminder,
# a reprinted poster) while the database keeps only their hash.


def keyed_bits(secret_key: str, purpose: bytes, message: str) -> bytes:
    """160 bits of ``HMAC-SHA256(HMAC-SHA256(secret_key, purpose), message)``.

    The same inputs give the same bits; without ``secret_key`` they cannot be worked out,
    and a key per ``purpose`` keeps tokens of one kind from being used as another.
    """
    key = hmac.new(secret_key.encode("utf-8"), purpose, hashlib.sha256).digest()
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()[:TOKEN_BYTES]


def typed_token_of(bits: bytes) -> str:
    """160 bits written as a typed token (``TYPED_ALPHABET``, ``TYPED_LENGTH`` characters)."""
    return base64.b32encode(bits).decode("ascii").translate(_TO_TYPED)
