"""QR codes for printed links, drawn by segno as SVG to embed in a page (no Flask)."""

from __future__ import annotations

import segno

QUIET_ZONE = 4
"""Blank modules around the code: the 4 the QR standard asks for, so phones find its edges."""


def qr_svg(text: str, title: str) -> str:
    """An inline ``<svg>`` QR code of ``text``, sized by CSS, with ``title`` as its alt text.

    Error correction is M (15 % of the code can be lost) or higher: segno raises it for
    free when the code has room to spare. The SVG has no width or height, only a viewBox,
    so the stylesheet decides how large it prints; ``title`` is its first child, which is
    where a tagged PDF takes an image's alternative text from.
    """
    code = segno.make_qr(text, error="m", boost_error=True)
    return code.svg_inline(border=QUIET_ZONE, title=title, omitsize=True, svgclass="qr-code")
