"""Campaigns, bulk links and response rates (routes on the distribute blueprint)."""

from __future__ import annotations
