"""Contact uploads and sending by SMS or email (routes on the distribute blueprint)."""

from __future__ import annotations
