"""Hostile text typed into every field people and administrators fill in (issue 8).

Each name mixes the classic stored-XSS payloads (an attribute break-out into ``<svg onload>``,
``<img onerror>``, a ``<script>`` after a closed ``<textarea>``, a ``javascript:`` address)
with template syntax (``{{7*7}}``, which a template engine that evaluated it would show as
49) and, at the start, a character that a spreadsheet would read as a formula. Every
payload calls ``alert(``, so an element that came from one is easy to recognise.
"""

from __future__ import annotations

SVG = '"><svg/onload=alert(1)>'
IMG = "<img src=x onerror=alert(2)>"
SCRIPT = "</textarea><script>alert(3)</script>"
JAVASCRIPT = "javascript:alert(4)"
LINK = '<a href="javascript:alert(6)">link</a>'
TEMPLATE = "{{7*7}}"
EVALUATED = "49"
"""What :data:`TEMPLATE` would show if something evaluated it."""

PLACE = f"=1+2 {SVG} {TEMPLATE}"
ORGANISATION = f"+Trust {IMG} {TEMPLATE}"
SECOND_ORGANISATION = f"@SUM(1) {SCRIPT}"
SERVICES = {
    # name → service type; one name is text that looks like a (negative) number
    f"-Surgery {LINK} {SVG}": "gp",
    f"@Hospital {IMG} {TEMPLATE}": "acute",
    f"{SCRIPT} Nurses {JAVASCRIPT}": "community",
    "-12.5": "social_care",
}
CAMPAIGN = f'=HYPERLINK("{JAVASCRIPT}","x") {IMG} {TEMPLATE}'
PLACE_CAMPAIGN = f"+Place-wide {SVG} {TEMPLATE}"
USER_NAME = f"{SVG} {TEMPLATE} {JAVASCRIPT}"
USER_EMAIL = '"><svg/onload=alert(5)>@xss.example'
"""An address the account form accepts: no spaces, one ``@``, a dot after it."""
FREE_TEXT = f"{SVG} {IMG} {SCRIPT} {JAVASCRIPT} {TEMPLATE}"

MEASURE_TEXT = f"100% {SVG} {IMG} {LINK} {JAVASCRIPT}"
"""Put into the questions, hints and answers of measure definitions (``hostile_sources``).
There braces are placeholders (``{service}``), so no template syntax; a per cent sign,
which text formatting could trip on."""
MEASURE_TITLE_TEXT = f"{MEASURE_TEXT} {TEMPLATE}"
"""Put into measure titles, descriptions and domain titles (no placeholders there)."""

TRANSLATION = f"{SVG} {IMG} {TEMPLATE}"
"""Put into a compiled catalogue as the translation of interface and measure strings."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def squashed(text: str) -> str:
    """``text`` without any white space (pdftotext wraps long names onto several lines)."""
    return "".join(text.split())


def collapsed(text: str) -> str:
    """``text`` with each run of white space as one space, as a page shows it."""
    return " ".join(text.split())
