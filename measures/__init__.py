"""Measure definitions: YAML in, typed immutable objects out.

This package is pure Python: it never imports the web app, Flask or the database layer.
Routing (which pages a person sees) is in :mod:`measures.routing`.
"""

from measures.frameworks import (
    FRAMEWORKS_DIR,
    Framework,
    FrameworkRegistry,
    Indicator,
    LinkProblem,
    check_indicator_links,
    load_frameworks,
)
from measures.load import (
    DEFINITIONS_DIR,
    MeasureDefinitionError,
    MeasureRegistry,
    load_measure,
    load_registry,
)
from measures.model import (
    Condition,
    Domain,
    FftScoring,
    Item,
    Measure,
    Option,
    OptionsFrom,
    Scale,
    Scoring,
    Section,
    Variant,
)
from measures.problems import CrossReferenceError, Problem, format_location

__all__ = [
    "DEFINITIONS_DIR",
    "FRAMEWORKS_DIR",
    "Condition",
    "CrossReferenceError",
    "Domain",
    "FftScoring",
    "Framework",
    "FrameworkRegistry",
    "Indicator",
    "Item",
    "LinkProblem",
    "Measure",
    "MeasureDefinitionError",
    "MeasureRegistry",
    "Option",
    "OptionsFrom",
    "Problem",
    "Scale",
    "Scoring",
    "Section",
    "Variant",
    "check_indicator_links",
    "format_location",
    "load_frameworks",
    "load_measure",
    "load_registry",
]
