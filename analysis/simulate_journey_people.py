"""Who answers in :func:`analysis.simulate_journey.simulate_journey`: services, people, journeys.

Every draw is vectorised over responses. The numbers (shares, shifts, correlations) are
plausible values for an English integrated care system, not estimates from data; they only
need to make case-mix differ between services the way it does in practice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.simulate_journey_items import SERVICE_TYPES

__all__ = ["People", "Services", "Visits", "draw_people", "draw_services", "draw_visits"]

#: Share of services of each type (order of SERVICE_TYPES).
_TYPE_SHARES = np.array([0.30, 0.15, 0.12, 0.08, 0.10, 0.08, 0.08, 0.03, 0.04, 0.02])
#: How often each type is ticked as another service used (order of SERVICE_TYPES).
_POPULARITY = np.array([0.35, 0.20, 0.08, 0.04, 0.06, 0.03, 0.15, 0.05, 0.03, 0.01])
#: Chance of ticking 1, 2, 3 or 4 services.
_TICK_COUNTS = np.array([0.20, 0.30, 0.30, 0.20])
#: Chance of ticking no move when two or more services are ticked.
_NO_MOVE = 0.2
#: Mean shift of the latent age of each type's patients (care homes older, mental health younger).
_AGE_SHIFT = np.array([0.0, 0.2, 0.5, -0.5, 0.6, 1.0, 0.0, 0.3, 0.0, 0.0])
#: Extra chance that a carer answers for the person, by service type.
_CARER_SHIFT = np.array([0.0, 0.02, 0.05, 0.05, 0.2, 0.3, 0.0, 0.02, 0.0, 0.0])
_AGE_SHARES = np.array([0.04, 0.06, 0.10, 0.11, 0.13, 0.16, 0.17, 0.15, 0.08])
_HEALTH_SHARES = np.array([0.22, 0.35, 0.26, 0.12, 0.05])
_ETHNICITY_SHARES = np.array(
    [0.012, 0.008, 0.03, 0.025, 0.015, 0.025, 0.012, 0.005, 0.005, 0.004, 0.006, 0.005,
     0.74, 0.01, 0.002, 0.002, 0.05, 0.006, 0.01]
)  # fmt: skip
_ETHNICITY_SHARES = _ETHNICITY_SHARES / _ETHNICITY_SHARES.sum()
_LANGUAGE_SHARES = np.array([0.93, 0.005, 0.065])
_FEMALE = 0.55
_CARER_OWN = 0.03
_CARER_FOR = 0.08


def _cuts(shares: np.ndarray, sd: float = 1.0) -> np.ndarray:
    """Cut points on a N(0, sd²) latent scale that give `shares` (lowest level first)."""
    return sd * stats.norm.ppf(np.cumsum(shares)[:-1] / shares.sum())


@dataclass(frozen=True, slots=True)
class Services:
    """The services (units): place, type and case-mix latent of each, by position.

    Attributes
    ----------
    ids : numpy.ndarray of str
        ``service-001``, ``service-002``, ...
    place : numpy.ndarray of int
        Position of each service's place.
    type : numpy.ndarray of int
        Position of each service's type in :data:`SERVICE_TYPES`.
    mix : numpy.ndarray of float
        Latent case-mix of each service's patients, N(0, 1): older and sicker when higher.
    size : numpy.ndarray of float
        Relative number of responses, lognormal with σ = 0.5.
    deprivation : numpy.ndarray of float
        Latent deprivation of each place, N(0, 1), by place position.
    """

    ids: np.ndarray
    place: np.ndarray
    type: np.ndarray
    mix: np.ndarray
    size: np.ndarray
    deprivation: np.ndarray


def draw_services(rng: np.random.Generator, n_services: int, n_places: int) -> Services:
    """Draw services spread evenly over places, with a type, a case-mix latent and a size."""
    width = max(3, len(str(n_services)))
    return Services(
        ids=np.array([f"service-{i + 1:0{width}d}" for i in range(n_services)], dtype=object),
        place=rng.permutation(np.arange(n_services) % n_places),
        type=rng.choice(len(SERVICE_TYPES), size=n_services, p=_TYPE_SHARES),
        mix=rng.standard_normal(n_services),
        size=rng.lognormal(0.0, 0.5, size=n_services),
        deprivation=rng.standard_normal(n_places),
    )


@dataclass(frozen=True, slots=True)
class People:
    """The true characteristics of each respondent (or the person a carer answers for).

    Each attribute is an integer array, one value per response: a position in the
    corresponding :data:`COVARIATE_LEVELS` tuple, except ``long_condition`` (1 = yes) and
    ``activity`` (0 yes a lot, 1 yes a little, 2 not at all; -1 without a condition).
    """

    age_band: np.ndarray
    sex: np.ndarray
    ethnicity: np.ndarray
    general_health: np.ndarray
    long_condition: np.ndarray
    activity: np.ndarray
    disability: np.ndarray
    main_language: np.ndarray
    deprivation_quintile: np.ndarray
    respondent_type: np.ndarray

    def level(self, column: str) -> np.ndarray:
        """True level positions of a :data:`COVARIATE_LEVELS` column."""
        return getattr(self, column)


def draw_people(
    rng: np.random.Generator,
    services: Services,
    service: np.ndarray,
    place: np.ndarray,
    spread: float,
) -> People:
    """Draw each respondent's true characteristics from their service's and place's mix.

    Latent age ``A ∝ spread · (0.6 m_s + shift_type) + N(0, 1)`` and latent ill health
    ``H ∝ 0.5 A + 0.5 spread · m_s + N(0, 0.85²)``, each scaled to unit variance over
    services, are cut into age bands and general health levels at the normal quantiles of
    their shares; a long-term condition when ``H + N(0, 0.6²) > 0.1``, limiting a lot or
    a little by ``H + N(0, 0.6²)`` above 1 or 0. Deprivation ``0.8 d_place + N(0, 1)`` is cut into
    quintiles. A carer answers for the person more often in care homes and social care
    and for people aged 85 or over. Sex, ethnic group and main language do not depend on
    the service. ``service`` is -1 for a whole-place campaign (an average mix).
    """
    n = len(service)
    own = service >= 0
    mix = np.where(own, services.mix[np.maximum(service, 0)], 0.0)
    kind = np.where(own, services.type[np.maximum(service, 0)], -1)
    # Type shifts centred on the mix of service types, and both latents scaled to unit
    # variance, so the age and health shares stay near the tables whatever the spread.
    centre = _TYPE_SHARES @ _AGE_SHIFT
    shift = np.where(own, _AGE_SHIFT[np.maximum(kind, 0)] - centre, 0.0)
    age_sd = np.sqrt(1.0 + spread**2 * (0.36 + _TYPE_SHARES @ (_AGE_SHIFT - centre) ** 2))
    age_latent = (spread * (0.6 * mix + shift) + rng.standard_normal(n)) / age_sd
    health_sd = np.sqrt(0.25 + 0.25 * spread**2 + 0.3 * spread**2 / age_sd + 0.85**2)
    health_latent = (
        0.5 * age_latent + 0.5 * spread * mix + 0.85 * rng.standard_normal(n)
    ) / health_sd
    condition_latent = health_latent + 0.6 * rng.standard_normal(n)
    long_condition = (condition_latent > 0.1).astype(np.int8)
    limits_latent = health_latent + 0.6 * rng.standard_normal(n)
    limits = 2 - np.searchsorted([0.0, 1.0], limits_latent)  # 0 a lot, 1 a little, 2 not
    activity = np.where(long_condition == 1, limits, -1).astype(np.int8)
    disabled = (long_condition == 1) & (activity <= 1)
    age = np.searchsorted(_cuts(_AGE_SHARES), age_latent).astype(np.int8)
    health = np.searchsorted(_cuts(_HEALTH_SHARES), health_latent).astype(np.int8)
    deprived = 0.8 * services.deprivation[place] + rng.standard_normal(n)
    quintile = np.searchsorted(_cuts(np.full(5, 0.2), np.sqrt(1.64)), deprived)
    carer_for = _CARER_FOR + spread * np.where(own, _CARER_SHIFT[np.maximum(kind, 0)], 0.0)
    carer_for = np.minimum(carer_for + 0.15 * (age == len(_AGE_SHARES) - 1), 0.9)
    u = rng.random(n)
    respondent = np.where(u < _CARER_OWN, 2, np.where(u < _CARER_OWN + carer_for, 1, 0))
    return People(
        age_band=age,
        sex=(rng.random(n) >= _FEMALE).astype(np.int8),
        ethnicity=rng.choice(len(_ETHNICITY_SHARES), size=n, p=_ETHNICITY_SHARES).astype(np.int8),
        general_health=health,
        long_condition=long_condition,
        activity=activity,
        disability=np.where(disabled, 0, 1).astype(np.int8),
        main_language=rng.choice(3, size=n, p=_LANGUAGE_SHARES).astype(np.int8),
        # 1 = most deprived: the highest latent deprivation is quintile position 0.
        deprivation_quintile=(4 - quintile).astype(np.int8),
        respondent_type=respondent.astype(np.int8),
    )


@dataclass(frozen=True, slots=True)
class Visits:
    """Services ticked and moves between them, per response.

    Attributes
    ----------
    path : numpy.ndarray of int, shape (n, 4)
        Service types ticked, in the order the person went through them; -1 pads.
    ticked, moves : numpy.ndarray of int
        Number of services ticked (0 for carers about their own support) and of moves
        ticked; move ``j`` goes from ``path[:, j]`` to ``path[:, j + 1]``.
    """

    path: np.ndarray
    ticked: np.ndarray
    moves: np.ndarray


def draw_visits(rng: np.random.Generator, own_type: np.ndarray, journey: np.ndarray) -> Visits:
    """Draw the services ticked (1 to 4, always the campaign's own type) and 0 to 3 moves.

    Other types are drawn without replacement by popularity (exponential races), the order of
    the journey is random, and the moves are its first steps: none with chance 1/5 when
    two or more services are ticked, otherwise 1 to ``ticked - 1`` equally likely.
    """
    n = len(own_type)
    slots = np.arange(4)
    ticked = (1 + rng.choice(4, size=n, p=_TICK_COUNTS)).astype(np.int8)
    # Exponential races: the k smallest of E_t / w_t, E_t ~ Exp(1), are a sample of k types
    # without replacement with chances proportional to w (Efraimidis and Spirakis 2006).
    keys = rng.standard_exponential((n, len(SERVICE_TYPES)), dtype=np.float32)
    keys /= _POPULARITY.astype(np.float32)
    rows = np.flatnonzero(own_type >= 0)
    keys[rows, own_type[rows]] = -1.0
    chosen = np.argsort(keys, axis=1)[:, :4].astype(np.int8)
    del keys
    beyond = slots >= ticked[:, None]
    order = rng.random((n, 4), dtype=np.float32)
    order[beyond] = 2.0
    path = np.take_along_axis(chosen, np.argsort(order, axis=1), axis=1)
    path[beyond | ~journey[:, None]] = -1
    ticked = np.where(journey, ticked, 0).astype(np.int8)
    steps = np.floor(rng.random(n) * np.maximum(ticked - 1, 1)).astype(np.int8) + 1
    moves = np.where((ticked >= 2) & (rng.random(n) >= _NO_MOVE), steps, 0).astype(np.int8)
    return Visits(path=path, ticked=ticked, moves=moves)
