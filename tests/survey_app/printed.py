"""Reading printed PDFs as a person with a phone would: QR codes and the text on each page."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

# pdftotext wraps right-to-left text and the left-to-right runs inside it (a link) in
# invisible direction marks (U+200E/F, U+202A-E, U+2066-9); a reader sees none of them.
_BIDI_MARKS = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@dataclass(frozen=True)
class PrintedPage:
    """One page: the QR codes a phone finds on it and its text (pdftotext)."""

    codes: list[str]
    text: str

    @property
    def words(self) -> str:
        """The text with line breaks and runs of white space as single spaces."""
        return " ".join(self.text.translate(_BIDI_MARKS).split())

    @property
    def squashed(self) -> str:
        """The text with all white space removed (a long link wraps onto two lines)."""
        return "".join(self.text.translate(_BIDI_MARKS).split())


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=300).stdout


def read_pages(pdf: bytes, folder: Path) -> list[PrintedPage]:
    """Every page of ``pdf``, rendered at 150 dpi (pdftoppm) and scanned (zbarimg)."""
    path = folder / "printed.pdf"
    path.write_bytes(pdf)
    _run("pdftoppm", "-r", "150", "-png", str(path), str(folder / "page"))
    texts = _run("pdftotext", "-enc", "UTF-8", str(path), "-").split("\f")
    images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = []
    for image, text in zip(images, texts, strict=False):
        found = subprocess.run(  # zbarimg exits 4 when it finds no code: a page without one
            ["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True, timeout=60
        )
        pages.append(PrintedPage(found.stdout.split(), text))
    assert len(pages) == len(images)
    return pages


def fonts(pdf: bytes, folder: Path) -> str:
    """``pdffonts``' list of the fonts embedded in ``pdf``."""
    path = folder / "fonts.pdf"
    path.write_bytes(pdf)
    return _run("pdffonts", str(path))
