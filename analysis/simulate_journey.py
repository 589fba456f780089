"""Simulated whole-journey responses with a known truth, for tests, the demo and benchmarks.

The model
---------
Services ``s`` belong to places and have a service type; quarters are ``q``. A response
``r`` to service ``s`` in quarter ``q`` has a latent experience, in score points,

    η_r = μ + α_s + δ_sq + o_s + Σ_c β_c[x_rc] + ε_r,

with persistent service effects ``α_s ~ N(0, unit_sd²)``, service-by-quarter deviations
``δ_sq ~ N(0, tau²)`` (over-dispersion: between-service spread in a quarter beyond the
persistent effects, fresh each quarter), planted outlier shifts ``o_s`` (0 unless named),
case-mix effects ``β_c[x_rc]`` of the response's level ``x_rc`` of each covariate ``c``
(0 for levels not named, the reference, and for a blank level; see
``case_mix_acts_on``), and ``ε_r ~ N(0, response_sd²)``. All draws are
independent. A response from a whole-place campaign (no service) has the average of
``α_s + δ_sq + o_s`` over the services of its place, and the case-mix of a service of
latent mix 0 without a type shift (below).

Every scored answer of the response is ``y = η_r + b_i + ν`` with the item's offset
``b_i`` (:data:`ITEM_OFFSETS`; 0 for the headline ``overall``) and independent item noise
``ν ~ N(0, item_sd²)``, clipped to [0, 100] and rounded stochastically to the item's score
grid (e.g. 0/50/100, or 0 to 100 in steps of 10 for a rating): the upper neighbour with
chance proportional to the distance from the lower, so the expected score is exactly
``clip(y, 0, 100)``. Answers missing or "don't know" are missing completely at random.

Case-mix differs between services as it does in practice: each service has a latent mix
``m_s ~ N(0, 1)`` and its type a shift (care homes older, mental health younger); the
person's age and ill health rise with ``case_mix_spread · m_s``, so some services see older,
sicker people and their raw means are biased by the case-mix effects; carers answer more
often in care homes and social care; deprivation varies by place
(:mod:`analysis.simulate_journey_people`). Reported covariates are the true levels except
when skipped or "prefer not to say" (at random), or not asked (general health is not asked
of a carer answering for someone). By default the effects act through the reported level,
so the model is one an analysis can fit ("not stated" as a level of its own); with
``case_mix_acts_on="true"`` they act through the true level even when it is not stated.

The truth
---------
For service ``s`` in quarter ``q``, ``linear = μ + α_s + δ_sq + o_s`` is the linear predictor
at the reference case-mix, and ``expected`` the expected headline score of a response at the
reference case-mix, in closed form (the mean of a normal clipped to [0, 100])::

    m = linear, σ = sqrt(response_sd² + item_sd²), a = −m/σ, b = (100 − m)/σ,
    expected = m (Φ(b) − Φ(a)) + σ (φ(a) − φ(b)) + 100 (1 − Φ(b)).

The raw mean headline of a service's responses estimates ``expected`` when there are no
case-mix effects; with them (acting on reported levels), an unbiased case-mix method
recovers ``linear`` up to a constant shared by all services (``adjusted = raw −
β·(x̄_unit − x̄_all)`` puts every service at the mix of all respondents, ``linear`` at the
reference levels), because clipping is rare: with the
defaults (μ = 60, σ ≈ 14.4) fewer than 0.3% of latent headline values fall outside [0, 100]
and ``expected`` differs from ``linear`` by under 0.02 points for an average service.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
import pandas as pd

from analysis.clipped_normal import expected_clipped_score
from analysis.simulate_journey_answers import draw_answers
from analysis.simulate_journey_cells import allocate
from analysis.simulate_journey_checks import (
    case_mix_effects,
    number,
    outlier_shifts,
    quarter_labels,
    whole,
)
from analysis.simulate_journey_frames import answers_frame, responses_frame
from analysis.simulate_journey_items import COVARIATE_LEVELS, SCORED_ITEMS, SERVICE_TYPES
from analysis.simulate_journey_people import Services, draw_people, draw_services, draw_visits
from analysis.simulate_journey_reports import draw_reports, reported_levels

__all__ = [
    "COVARIATE_LEVELS",
    "ITEM_OFFSETS",
    "TYPICAL_CASE_MIX",
    "CaseMixSource",
    "JourneyTruth",
    "SimulatedJourney",
    "expected_clipped_score",
    "simulate_journey",
]

#: Whose levels the case-mix effects act through: what the frame shows, or the truth.
CaseMixSource = Literal["reported", "true"]

#: Item → offset ``b_i`` added to the latent experience before the item is drawn.
ITEM_OFFSETS: Mapping[str, float] = MappingProxyType({i.id: i.offset for i in SCORED_ITEMS})


#: Illustrative case-mix effects (score points against the reference levels 55 to 64, very
#: good health and a patient answering): older people rate their care higher, people in
#: worse health lower, carers answering for someone a little lower, as the direction of
#: these effects usually goes in patient surveys. Plausible sizes, not estimates from data.
TYPICAL_CASE_MIX: Mapping[str, Mapping[str, float]] = MappingProxyType(
    {
        "age_band": MappingProxyType(
            {
                "age_under_18": -2.0,
                "age_18_24": -4.0,
                "age_25_34": -3.0,
                "age_35_44": -2.0,
                "age_45_54": -1.0,
                "age_65_74": 2.0,
                "age_75_84": 3.0,
                "age_85_plus": 3.0,
            }
        ),
        "general_health": MappingProxyType(
            {"good": -2.0, "fair": -5.0, "bad": -9.0, "very_bad": -12.0}
        ),
        "respondent_type": MappingProxyType({"carer_for_patient": -3.0}),
    }
)


@dataclass(frozen=True, slots=True)
class JourneyTruth:
    """What an unbiased method should recover from :func:`simulate_journey`'s frames.

    Attributes
    ----------
    units : pandas.DataFrame
        One row per service and quarter: ``service_id``, ``place_id``, ``service_type``,
        ``quarter``, ``n_responses``, ``unit_effect`` (α), ``quarter_effect`` (δ),
        ``outlier_shift`` (o), ``linear`` (μ + α + δ + o) and ``expected`` (expected
        headline score at the reference case-mix, see the module docstring).
    places : pandas.DataFrame
        The same for whole-place campaigns, one row per place and quarter: ``place_id``,
        ``quarter``, ``n_responses``, ``linear``, ``expected``.
    responses : pandas.DataFrame
        One row per response, in the order of the responses frame: ``response_id``,
        ``unit_effect`` (the α + δ + o acting on it) and ``case_mix_effect`` (the Σ β acting
        on it, see ``case_mix_acts_on``).
    case_mix : mapping
        Column → level → effect, every level listed (0 for the reference levels).
    outliers : mapping of str to float
        Service id → planted shift.
    mean, unit_sd, tau, response_sd, item_sd : float
        μ and the standard deviations of the model.
    headline_sd : float
        ``sqrt(response_sd² + item_sd²)``, the SD of a headline answer's latent value
        around its service's linear predictor (when there are no case-mix effects).
    """

    units: pd.DataFrame
    places: pd.DataFrame
    responses: pd.DataFrame
    case_mix: Mapping[str, Mapping[str, float]]
    outliers: Mapping[str, float]
    mean: float
    unit_sd: float
    tau: float
    response_sd: float
    item_sd: float
    headline_sd: float
    headline_item: str = "overall"


@dataclass(frozen=True, slots=True)
class SimulatedJourney:
    """Frames meeting the :mod:`analysis.frame` contract, and their truth."""

    responses: pd.DataFrame
    answers: pd.DataFrame
    truth: JourneyTruth


def simulate_journey(
    rng: np.random.Generator,
    *,
    n_responses: int,
    n_services: int = 500,
    quarters: Sequence[str] = ("2026Q1", "2026Q2", "2026Q3", "2026Q4"),
    n_places: int = 10,
    unit_sd: float,
    tau: float,
    case_mix: Mapping[str, Mapping[str, float]],
    outliers: Mapping[str, float] = MappingProxyType({}),
    mean: float = 60.0,
    response_sd: float = 12.0,
    item_sd: float = 8.0,
    case_mix_spread: float = 1.0,
    place_share: float = 0.05,
    missing_share: float = 0.03,
    prefer_not_share: float = 0.02,
    case_mix_acts_on: CaseMixSource = "reported",
    service_types: Sequence[str] | None = None,
) -> SimulatedJourney:
    """Simulate whole-journey responses and answers from the model of this module.

    Responses are shared among service × quarter cells in proportion to each service's
    size (lognormal, σ = 0.5) and, for `place_share` of them, among place × quarter
    cells of whole-place campaigns (multinomial). Each person says who they are
    (mostly a patient; carers answer for some, and 3% are carers about their own
    support, who answer the carer questions instead of the journey), ticks 1 to 4
    services (always their campaign's type), 0 to 3 moves between them, answers the
    four per-service questions per service, the four handover questions per move, the
    whole-journey questions and the "about you" questions.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness; same seed and arguments, same frames.
    n_responses : int
        Number of responses, at least 1.
    n_services, n_places : int
        Services (``service-001`` …) and places (``place-01`` …); ``n_places <= n_services``.
    quarters : sequence of str
        Distinct quarter labels such as ``"2026Q3"``.
    unit_sd, tau : float
        SD of persistent service effects α, and of service-by-quarter deviations δ.
    case_mix : mapping
        Column of :data:`COVARIATE_LEVELS` → level code → effect in score points against
        the reference (levels not named). ``deprivation_quintile`` levels are ``"1"``–``"5"``.
        E.g. ``{"general_health": {"bad": -8, "very_bad": -12}}``, or
        :data:`TYPICAL_CASE_MIX`; ``{}`` for none.
    outliers : mapping of str to float
        Service id → shift in score points, added in every quarter.
    mean : float
        μ, the expected headline of an average service at the reference case-mix.
    response_sd, item_sd : float
        SDs of ε (per response) and ν (per answer).
    case_mix_spread : float
        How strongly case-mix differs between services (0: the same everywhere).
    place_share : float
        Share of responses from whole-place campaigns, in [0, 1).
    missing_share, prefer_not_share : float
        Chance an optional question is skipped, and an "about you" question answered
        "prefer not to say"; each in [0, 0.5].
    case_mix_acts_on : {"reported", "true"}
        ``"reported"`` (default): the effects act through the levels the responses frame
        shows, a blank level (skipped, "prefer not to say", not asked) having none, so
        an analysis with "not stated" as a level of its own can recover the truth
        exactly. ``"true"``: through each person's true level, stated or not; general
        health, not asked of carers answering for someone (more of them in care homes
        and social care), then biases adjusted scores, as it would in real data.
    service_types : sequence of str, optional
        The type of each service, in order (codes of ``SERVICE_TYPES``), to mirror real
        services such as a demo place's; drawn at random when omitted.

    Returns
    -------
    SimulatedJourney
        ``responses`` (str ``response_id``, categorical text columns, nullable
        ``deprivation_quintile``), ``answers`` (categorical ``response_id``, ``item_id``,
        ``instance``, ``option_code``; float ``score``; rows grouped by item, not by
        response; the ``response_id`` categories are the responses' ids in their order)
        and the :class:`JourneyTruth`.
    """
    n = whole("n_responses", n_responses, 1)
    n_services = whole("n_services", n_services, 1)
    n_places = whole("n_places", n_places, 1)
    if n_places > n_services:
        raise ValueError(f"n_places ({n_places}) cannot be more than n_services ({n_services})")
    quarters = quarter_labels(quarters)
    for name, value, high in (
        ("unit_sd", unit_sd, math.inf),
        ("tau", tau, math.inf),
        ("response_sd", response_sd, math.inf),
        ("item_sd", item_sd, math.inf),
        ("case_mix_spread", case_mix_spread, math.inf),
        ("mean", mean, 100.0),
        ("missing_share", missing_share, 0.5),
        ("prefer_not_share", prefer_not_share, 0.5),
    ):
        number(name, value, 0.0, high)
    number("place_share", place_share, 0.0, 1.0)
    if place_share >= 1.0:
        raise ValueError(f"place_share must be less than 1 (got {place_share})")
    effects = case_mix_effects(case_mix)
    if case_mix_acts_on not in get_args(CaseMixSource):
        raise ValueError(
            f"case_mix_acts_on must be 'reported' or 'true' (got {case_mix_acts_on!r})"
        )

    services = draw_services(rng, n_services, n_places)
    if service_types is not None:
        services = _with_types(services, service_types)
    shifts = outlier_shifts(outliers, services.ids)
    n_quarters = len(quarters)
    alpha = unit_sd * rng.standard_normal(n_services)
    delta = tau * rng.standard_normal((n_services, n_quarters))
    unit = alpha[:, None] + delta + shifts[:, None]  # service × quarter
    members = np.zeros((n_places, n_services))
    members[services.place, np.arange(n_services)] = 1.0
    place_unit = members @ unit / members.sum(axis=1, keepdims=True)  # place × quarter
    cells = allocate(rng, n, services, n_quarters, n_places, place_share)
    service, place, quarter = cells.service, cells.place, cells.quarter
    own = np.maximum(service, 0)
    people = draw_people(rng, services, service, place, float(case_mix_spread))
    reported = draw_reports(rng, people, float(missing_share), float(prefer_not_share))
    levels = reported_levels(rng, people, reported, float(missing_share))
    unit_effect = np.where(service >= 0, unit[own, quarter], place_unit[place, quarter])
    case_mix_effect = np.zeros(n)
    for column, effect in effects.items():
        position = levels[column] if case_mix_acts_on == "reported" else people.level(column)
        # A blank (-1) picks the appended 0: no effect for what is not stated.
        case_mix_effect += np.append(list(effect.values()), 0.0)[position]
    eta = mean + unit_effect + case_mix_effect + response_sd * rng.standard_normal(n)
    own_type = np.where(service >= 0, services.type[own], -1)
    visits = draw_visits(rng, own_type, people.respondent_type <= 1)
    rows = draw_answers(
        rng,
        eta,
        people,
        visits,
        reported,
        item_sd=float(item_sd),
        missing_share=float(missing_share),
    )
    width = max(6, len(str(n - 1)))
    response_ids = pd.Index([f"r{i:0{width}d}" for i in range(n)], dtype="str")
    place_ids = [f"place-{p + 1:02d}" for p in range(n_places)]
    responses = responses_frame(
        rng,
        response_ids=response_ids,
        service=service,
        place=place,
        quarter=quarter,
        quarters=quarters,
        service_ids=services.ids,
        service_types=services.type,
        place_ids=place_ids,
        main_language=people.main_language,
        levels=levels,
    )
    answers = answers_frame(rows, response_ids)
    del rows
    sd = math.hypot(response_sd, item_sd)
    units = pd.DataFrame(
        {
            "service_id": np.repeat(services.ids, n_quarters).astype(str),
            "place_id": np.asarray(place_ids)[np.repeat(services.place, n_quarters)],
            "service_type": np.asarray(SERVICE_TYPES)[np.repeat(services.type, n_quarters)],
            "quarter": np.tile(quarters, n_services),
            "n_responses": cells.counts[: n_services * n_quarters],
            "unit_effect": np.repeat(alpha, n_quarters),
            "quarter_effect": delta.ravel(),
            "outlier_shift": np.repeat(shifts, n_quarters),
            "linear": (mean + unit).ravel(),
            "expected": expected_clipped_score((mean + unit).ravel(), sd),
        }
    )
    places = pd.DataFrame(
        {
            "place_id": np.repeat(place_ids, n_quarters),
            "quarter": np.tile(quarters, n_places),
            "n_responses": cells.counts[n_services * n_quarters :],
            "linear": (mean + place_unit).ravel(),
            "expected": expected_clipped_score((mean + place_unit).ravel(), sd),
        }
    )
    truth = JourneyTruth(
        units=units,
        places=places,
        responses=pd.DataFrame(
            {
                "response_id": responses["response_id"],
                "unit_effect": unit_effect,
                "case_mix_effect": case_mix_effect,
            }
        ),
        case_mix=MappingProxyType({c: MappingProxyType(v) for c, v in effects.items()}),
        outliers=MappingProxyType({k: float(v) for k, v in outliers.items()}),
        mean=float(mean),
        unit_sd=float(unit_sd),
        tau=float(tau),
        response_sd=float(response_sd),
        item_sd=float(item_sd),
        headline_sd=sd,
    )
    return SimulatedJourney(responses=responses, answers=answers, truth=truth)


def _with_types(services: Services, types: Sequence[str]) -> Services:
    if isinstance(types, str) or len(types) != len(services.ids):
        raise ValueError(
            f"service_types must give one type for each of the {len(services.ids)} services"
        )
    unknown = sorted(set(types) - set(SERVICE_TYPES))
    if unknown:
        raise ValueError(f"service_types: unknown type(s) {unknown}; known: {list(SERVICE_TYPES)}")
    codes = np.array([SERVICE_TYPES.index(t) for t in types])
    return dataclasses.replace(services, type=codes)
