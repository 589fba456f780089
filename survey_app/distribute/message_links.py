"""The link token of an invitation sent by SMS or email (docs/decisions/0005-message-links.md).

The token is an HMAC of the invitation's id under a key derived from the app's secret key,
so the first message and the reminder carry the same working link while the database
still holds only the token's SHA-256 hash.
"""

from __future__ import annotations

import base64

from survey_app.tokens import keyed_bits

_PURPOSE = b"whole-journey-prem message links v1"


def message_token(secret_key: str, invitation_id: int) -> str:
    """The URL-safe token (160 bits, like ``tokens.new_token``) for one invitation."""
    mac = keyed_bits(secret_key, _PURPOSE, f"invitation:{invitation_id}")
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")
