"""Fixtures for measure definition tests: a tiny valid definition to break one way at a time."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

WriteDefinition = Callable[..., Path]


def tiny_definition() -> dict[str, Any]:
    """Return a small valid definition: one scale, two sections, FFT-style scoring."""
    return {
        "id": "tiny",
        "version": 1,
        "title": "Tiny measure",
        "description": "A measure small enough to read at a glance.",
        "thank_you": "Thank you.",
        "scales": [
            {
                "id": "agree",
                "options": [
                    {"code": "agree", "label": "Agree", "score": 100},
                    {"code": "disagree", "label": "Disagree", "score": 0},
                    {"code": "dont_know", "label": "Don't know", "score": None},
                ],
            }
        ],
        "sections": [
            {
                "id": "main",
                "title": "Main",
                "items": [
                    {"id": "q1", "type": "single_choice", "text": "Q1?", "scale": "agree"},
                    {"id": "q2", "type": "free_text", "text": "Why?"},
                ],
            },
            {
                "id": "more",
                "title": "More",
                "items": [{"id": "q3", "type": "free_text", "text": "Anything else?"}],
            },
        ],
        "scoring": {"fft": {"item": "q1", "positive": ["agree"], "negative": ["disagree"]}},
    }


@pytest.fixture
def write_definition(tmp_path: Path) -> WriteDefinition:
    """Return a function that writes a definition (dict or raw YAML text) and gives its path."""

    def write(content: dict[str, Any] | str, name: str = "tiny.yaml") -> Path:
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
