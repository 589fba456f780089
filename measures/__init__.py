"""Measure definitions: YAML in, typed immutable objects out.

This package is pure Python: it never imports the web app, Flask or the database layer.
"""

from measures.load import (
    DEFINITIONS_DIR,
    MeasureDefinitionError,
    MeasureRegistry,
    load_measure,
    load_registry,
)
from measures.model import FftScoring, Item, Measure, Option, Scale, Scoring, Section
from measures.problems import CrossReferenceError, Problem, format_location

__all__ = [
    "DEFINITIONS_DIR",
    "CrossReferenceError",
    "FftScoring",
    "Item",
    "Measure",
    "MeasureDefinitionError",
    "MeasureRegistry",
    "Option",
    "Problem",
    "Scale",
    "Scoring",
    "Section",
    "format_location",
    "load_measure",
    "load_registry",
]
