"""Creating, changing and listing campaigns of a service or a whole place (no Flask)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from survey_app.audit import record
from survey_app.models import Campaign, Organisation, Response, Service, User


class MeasureLocked(ValueError):
    """People have started answering: the campaign's questionnaire can no longer change."""


@dataclass(frozen=True)
class CampaignDetails:
    """Everything a person chooses for a campaign."""

    name: str
    measure_id: str
    measure_version: int
    opens_on: date
    closes_on: date | None
    default_language: str | None
    modes: tuple[str, ...]
    reminder_after_days: int | None

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignDetails:
        """The details a campaign has now."""
        return cls(
            name=campaign.name,
            measure_id=campaign.measure_id,
            measure_version=campaign.measure_version,
            opens_on=campaign.opens_on,
            closes_on=campaign.closes_on,
            default_language=campaign.default_language,
            modes=tuple(campaign.modes or ()),
            reminder_after_days=campaign.reminder_after_days,
        )


def _apply(campaign: Campaign, details: CampaignDetails) -> None:
    for name, value in asdict(details).items():
        setattr(campaign, name, list(value) if name == "modes" else value)


def create_campaign(
    session: Session,
    organisation: Organisation,
    service: Service | None,
    details: CampaignDetails,
    user: User,
) -> Campaign:
    """Add a campaign run by ``organisation`` and record who created it.

    With a ``service`` (which must be the organisation's) the campaign asks that service's
    users; with ``None`` it asks everyone who used services in the organisation's place.
    """
    if service is not None and service.organisation_id != organisation.id:
        raise ValueError(f"service {service.slug} is not run by {organisation.slug}")
    campaign = Campaign(organisation=organisation, service=service, created_by_id=user.id)
    _apply(campaign, details)
    session.add(campaign)
    session.flush()
    where = {"service": service.slug} if service is not None else {"place": organisation.place.slug}
    record(
        session,
        "campaign_created",
        user,
        organisation_id=organisation.id,
        target=f"campaign {campaign.id}",
        details={**where, "name": details.name},
    )
    return campaign


def change_campaign(
    session: Session, campaign: Campaign, details: CampaignDetails, user: User
) -> list[str]:
    """Change a campaign; record which fields changed and return their names.

    Raises
    ------
    MeasureLocked
        If the questionnaire would change after someone has started answering it.
    """
    before = CampaignDetails.of(campaign)
    changed = [name for name, value in asdict(details).items() if getattr(before, name) != value]
    if {"measure_id", "measure_version"} & set(changed) and has_responses(session, campaign):
        raise MeasureLocked(campaign.id)
    if changed:
        _apply(campaign, details)
        record(
            session,
            "campaign_changed",
            user,
            organisation_id=campaign.organisation_id,
            target=f"campaign {campaign.id}",
            details={"changed": changed},
        )
    return changed


def has_responses(session: Session, campaign: Campaign) -> bool:
    """Whether anyone has started answering ``campaign``."""
    return bool(session.scalar(select(exists().where(Response.campaign_id == campaign.id))))


def campaigns_of(
    session: Session, organisation: Organisation, service: Service | None
) -> list[Campaign]:
    """A service's campaigns, or (``service`` None) the organisation's whole-place campaigns.

    The latest opening first.
    """
    chosen = (
        Campaign.service_id == service.id
        if service is not None
        else (Campaign.organisation_id == organisation.id) & Campaign.service_id.is_(None)
    )
    return list(
        session.scalars(
            select(Campaign).where(chosen).order_by(Campaign.opens_on.desc(), Campaign.id.desc())
        )
    )


def status_on(campaign: Campaign, today: date) -> str:
    """``"open"``, ``"not_yet_open"`` or ``"closed"`` on ``today``."""
    if campaign.closed_before(today):
        return "closed"
    return "open" if campaign.opens_on <= today else "not_yet_open"


def can_issue_links(campaign: Campaign, today: date) -> bool:
    """Links can be issued until a campaign closes (before it opens, too, to post letters)."""
    return not campaign.closed_before(today)
