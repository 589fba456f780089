"""The link token of an invitation sent by SMS or email (docs/decisions/0005-message-links.md).

The token is an HMAC of the invitation's id under a key derived from the app's secret key,
so the first message and the reminder carry the same working link while the database
still holds only the token's SHA-256 hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from survey_app.tokens import TOKEN_BYTES

_PURPOSE = b"whole-journey-prem message links v1"


def message_token(secret_key: str, invitation_id: int) -> str:
    """The URL-safe token (160 bits, like ``tokens.new_token``) for one invitation."""
    key = hmac.new(secret_key.encode("utf-8"), _PURPOSE, hashlib.sha256).digest()
    mac = hmac.new(key, f"invitation:{invitation_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:TOKEN_BYTES]).rstrip(b"=").decode("ascii")
