"""Where simulated whole-journey responses fall: service × quarter and place × quarter cells."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.simulate_journey_people import Services

__all__ = ["Cells", "allocate"]


@dataclass(frozen=True, slots=True)
class Cells:
    """Each response's service (-1: whole place), place and quarter; counts per cell."""

    service: np.ndarray
    place: np.ndarray
    quarter: np.ndarray
    counts: np.ndarray


def allocate(
    rng: np.random.Generator,
    n: int,
    services: Services,
    n_quarters: int,
    n_places: int,
    place_share: float,
) -> Cells:
    """Multinomial share of `n` among service × quarter then place × quarter cells."""
    n_services = len(services.ids)
    service_p = (1.0 - place_share) * services.size / services.size.sum() / n_quarters
    place_p = np.full(n_places * n_quarters, place_share / (n_places * n_quarters))
    p = np.concatenate([np.repeat(service_p, n_quarters), place_p])
    counts = rng.multinomial(n, p / p.sum())
    cell = np.repeat(np.arange(len(p)), counts)
    in_service = cell < n_services * n_quarters
    service = np.where(in_service, cell // n_quarters, -1)
    place_cell = (cell - n_services * n_quarters) // n_quarters
    place = np.where(in_service, services.place[np.maximum(service, 0)], place_cell)
    return Cells(service, place, (cell % n_quarters).astype(np.int16), counts)
