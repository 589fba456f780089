"""Printed letters and posters (routes on the distribute blueprint)."""

from __future__ import annotations
