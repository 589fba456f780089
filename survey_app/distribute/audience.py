"""Who a campaign asks: the users of one service, or everyone who used services in a place."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from survey_app.models import Campaign, Organisation, Service


@dataclass(frozen=True)
class Audience:
    """One service of an organisation, or (``service`` None) the organisation's whole place."""

    organisation: Organisation
    service: Service | None = None

    @classmethod
    def of_service(cls, service: Service) -> Audience:
        """The users of ``service``."""
        return cls(service.organisation, service)

    @classmethod
    def of_campaign(cls, campaign: Campaign) -> Audience:
        """Who ``campaign`` asks."""
        return cls(campaign.organisation, campaign.service)

    @property
    def is_place(self) -> bool:
        """Whether this is a whole place rather than one service."""
        return self.service is None

    @property
    def name(self) -> str:
        """The service's name, or the place's."""
        return self.service.name if self.service is not None else self.organisation.place.name

    @property
    def slug(self) -> str:
        """The service's slug, or the organisation's: what the audit log names."""
        return self.service.slug if self.service is not None else self.organisation.slug

    def list_url(self) -> str:
        """The page listing this audience's campaigns."""
        if self.service is not None:
            return url_for("distribute.campaigns", slug=self.service.slug)
        return url_for("distribute.place_campaigns", slug=self.organisation.slug)

    def new_url(self) -> str:
        """The page creating a campaign for this audience."""
        if self.service is not None:
            return url_for("distribute.new_campaign", slug=self.service.slug)
        return url_for("distribute.new_place_campaign", slug=self.organisation.slug)
