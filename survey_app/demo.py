"""A demo place with services, staff and a year of synthetic responses (no Flask).

The numbers are made up: each service has its own true mix of answers so the report
shows differences, and one small service stays below the disclosure threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.api import FFT_CODES
from survey_app.auth.passwords import hash_password
from survey_app.models import (
    Answer,
    Campaign,
    Membership,
    Organisation,
    Place,
    PlaceIndicator,
    Response,
    Service,
    User,
)

PLACE = ("demo-borough", "Demo Borough")
JOURNEY = ("whole_journey", 1)
COMMENTS = (
    "Staff were kind and explained everything.",
    "I waited a long time to be seen.",
    "Nobody told me what would happen next.",
    "The nurse listened to me.",
    "I had to tell my story again to every person.",
)


@dataclass(frozen=True)
class DemoService:
    """A demo organisation, its service and that service's true answer mix and volume."""

    org_slug: str
    org_name: str
    org_kind: str
    slug: str
    name: str
    service_type: str
    mix: tuple[float, ...]  # probabilities over FFT_CODES
    per_week: float


SERVICES = (
    DemoService(
        "riverside-practice",
        "Riverside Medical Practice",
        "gp_practice",
        "riverside-gp",
        "Riverside Medical Practice",
        "gp",
        (0.55, 0.28, 0.07, 0.04, 0.03, 0.03),
        9,
    ),
    DemoService(
        "demo-general",
        "Demo General Hospital NHS Trust",
        "acute_trust",
        "demo-general-ed",
        "Emergency department",
        "acute",
        (0.38, 0.30, 0.12, 0.09, 0.08, 0.03),
        12,
    ),
    DemoService(
        "demo-general",
        "Demo General Hospital NHS Trust",
        "acute_trust",
        "demo-general-ward7",
        "Ward 7 (care of older people)",
        "acute",
        (0.60, 0.27, 0.05, 0.04, 0.02, 0.02),
        5,
    ),
    DemoService(
        "demo-community",
        "Demo Community Health",
        "community",
        "district-nursing",
        "District nursing",
        "community",
        (0.70, 0.22, 0.03, 0.02, 0.01, 0.02),
        4,
    ),
    DemoService(
        "demo-council",
        "Demo Borough Council",
        "council",
        "home-care",
        "Home care",
        "social_care",
        (0.42, 0.30, 0.12, 0.08, 0.05, 0.03),
        3,
    ),
    DemoService(
        "carers-centre",
        "Demo Carers Centre",
        "voluntary",
        "carers-support",
        "Carers support",
        "voluntary",
        (0.72, 0.20, 0.04, 0.01, 0.01, 0.02),
        0.4,
    ),
)

USERS = (
    ("staff@demo.example", "Sam Staff", "riverside-practice", "staff"),
    ("board@demo.example", "Bea Board", "demo-council", "board_viewer"),
)
ADMIN = ("admin@demo.example", "Ada Admin")
"""The demo's platform administrator: builds places, organisations, services and users."""
#: The whole-journey campaigns opened before the eight quarters of made-up journeys.
JOURNEY_DAYS = 760
JOURNEY_MODES = ["link", "letter-qr", "poster-qr", "sms", "email"]
#: The outcome indicators the demo board chose, in its order; 4b (hospital care) is one the
#: whole-journey measure does not inform, so the report shows how it says so.
DEMO_BASKET = ("nhsof_4_9", "ascof_3e", "nhsof_2_1", "ascof_1b", "ascof_3d_2", "nhsof_4b")
DEMO_PASSWORD = "demo-only-password"  # noqa: S105 - printed by `prem demo`; refused in production


def demo_exists(session: Session) -> bool:
    """Whether the demo place has been loaded already."""
    return session.scalar(select(Place.id).where(Place.slug == PLACE[0])) is not None


def ensure_journey_campaigns(session: Session, today: date) -> None:
    """Give every demo service, and the council for the whole place, an open whole-journey
    campaign (once; later runs reuse them)."""
    council = session.scalar(select(Organisation).where(Organisation.slug == "demo-council"))
    services = session.scalars(
        select(Service).join(Organisation).join(Place).where(Place.slug == PLACE[0])
    )
    wanted = [(council, None, f"Everyone in {PLACE[1]}")]
    wanted += [(service.organisation, service, service.name) for service in services]
    for organisation, service, who in wanted:
        has_one = session.scalar(
            select(Campaign.id).where(
                Campaign.organisation_id == organisation.id,
                Campaign.service_id == service.id
                if service is not None
                else Campaign.service_id.is_(None),
                Campaign.measure_id == JOURNEY[0],
            )
        )
        if has_one is None:
            session.add(
                Campaign(
                    organisation=organisation,
                    service=service,
                    name=f"{who}: your whole journey of care",
                    measure_id=JOURNEY[0],
                    measure_version=JOURNEY[1],
                    opens_on=today - timedelta(days=JOURNEY_DAYS),
                    modes=JOURNEY_MODES,
                )
            )


def ensure_demo_admin(session: Session) -> None:
    """Add the demo's platform administrator (once; databases from older demos get one too)."""
    email, name = ADMIN
    if session.scalar(select(User.id).where(User.email == email)) is None:
        session.add(
            User(
                email=email,
                name=name,
                password_hash=hash_password(DEMO_PASSWORD),
                is_platform_admin=True,
            )
        )


def ensure_demo_basket(session: Session) -> None:
    """Give the demo place its board's chosen indicators (once; a later choice is kept)."""
    place = session.scalar(select(Place).where(Place.slug == PLACE[0]))
    if place is not None and not place.basket:
        place.basket.extend(
            PlaceIndicator(indicator_id=indicator_id, position=position)
            for position, indicator_id in enumerate(DEMO_BASKET)
        )


def load_demo(session: Session, today: date, seed: int = 2013) -> Place:
    """Create the demo place, its services, users and a year of responses ending ``today``."""
    rng = np.random.default_rng(seed)
    place = Place(slug=PLACE[0], name=PLACE[1])
    organisations: dict[str, Organisation] = {}
    start = today - timedelta(days=365)
    for spec in SERVICES:
        org = organisations.get(spec.org_slug) or Organisation(
            place=place, slug=spec.org_slug, name=spec.org_name, kind=spec.org_kind
        )
        organisations[spec.org_slug] = org
        service = Service(
            organisation=org, slug=spec.slug, name=spec.name, service_type=spec.service_type
        )
        campaign = Campaign(
            service=service,
            name=f"{spec.name}: Friends and Family Test",
            measure_id="fft",
            measure_version=1,
            opens_on=start,
        )
        session.add(campaign)
        session.add_all(_responses(rng, campaign, spec, start, today))
    for email, name, org_slug, role in USERS:
        user = User(email=email, name=name, password_hash=hash_password(DEMO_PASSWORD))
        user.memberships.append(Membership(organisation=organisations[org_slug], role=role))
        session.add(user)
    session.flush()
    return place


def _responses(
    rng: np.random.Generator, campaign: Campaign, spec: DemoService, start: date, end: date
) -> list[Response]:
    days = (end - start).days
    count = int(rng.poisson(spec.per_week * days / 7))
    codes = rng.choice(FFT_CODES, size=count, p=spec.mix)
    offsets = np.sort(rng.uniform(0, days * 86400, size=count))
    origin = datetime(start.year, start.month, start.day, tzinfo=UTC)
    responses = []
    for code, offset in zip(codes, offsets, strict=True):
        submitted = origin + timedelta(seconds=float(offset))
        answers = [Answer(item_id="fft", option_code=str(code))]
        if rng.random() < 0.3:
            answers.append(Answer(item_id="fft_why", text=str(rng.choice(COMMENTS))))
        responses.append(
            Response(
                campaign=campaign,
                status="submitted",
                mode=str(rng.choice(["sms", "letter-qr", "email"])),
                language="en",
                started_at=submitted - timedelta(minutes=3),
                submitted_at=submitted,
                answers=answers,
            )
        )
    return responses
