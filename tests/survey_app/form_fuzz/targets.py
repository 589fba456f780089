"""Every form POST the app serves, where its form is shown, and who posts it.

A target names the page that shows the form (a URL pattern filled from
:class:`~tests.survey_app.form_fuzz.places.Ids` and from fresh values); the fuzzer reads the
form from that page as a browser would, so a field added to a form is fuzzed without
anyone remembering to list it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from measures import load_registry
from measures.model import Measure
from measures.pages import AnswerKey
from measures.routing import pages


@dataclass(frozen=True)
class Target:
    """One POST route: the page pattern showing its form, and who submits it."""

    rule: str
    page: str
    who: str = "admin"  # "admin", "staff", "visitor" (signed out), "own-session" (a user's)

    def action(self) -> re.Pattern[str]:
        """The paths this route answers, as a pattern (``<x>`` is any one path segment)."""
        return re.compile("^" + re.sub(r"<[^>]+>", "[^/]+", self.rule) + "$")


def _every_page(measure: Measure) -> tuple[str, ...]:
    """Every page of ``measure`` for someone who used every service."""
    first, services = measure.item("respondent"), measure.item(measure.services_item_id or "")
    answers = {
        AnswerKey(first.id, ""): measure.scale_for(first).options[0].code,
        AnswerKey(services.id, ""): tuple(o.code for o in measure.scale_for(services).options),
    }
    return tuple(page.slug for page in pages(measure, answers))


QUESTION_SLUGS = _every_page(load_registry().get("whole_journey", 1))
"""The whole-journey questionnaire's pages (the fuzzed link has answered its first two)."""

TARGETS: tuple[Target, ...] = (
    Target("/r/<token>/q/<slug>", "/r/{token}/q/{slug}", "visitor"),
    Target("/r/<token>/check", "/r/{checked}/check", "visitor"),
    Target("/o/<open_token>", "/o/{poster}", "visitor"),
    Target("/resume", "/resume", "visitor"),
    Target("/sign-in", "/sign-in", "visitor"),
    Target("/sign-out", "/dashboard", "own-session"),
    Target("/set-password/<token>", "/set-password/{password_token}", "visitor"),
    Target("/places/<slug>/basket", "/places/{place}/basket"),
    Target("/services/<slug>/links", "/dashboard", "staff"),
    Target("/services/<slug>/campaigns/new", "/services/{service}/campaigns/new"),
    Target(
        "/organisations/<slug>/place-campaigns/new",
        "/organisations/{organisation}/place-campaigns/new",
    ),
    Target("/campaigns/<int:campaign_id>/edit", "/campaigns/{campaign}/edit"),
    Target("/campaigns/<int:campaign_id>/links.csv", "/campaigns/{campaign}"),
    Target("/campaigns/<int:campaign_id>/contacts", "/campaigns/{sending_campaign}/contacts"),
    Target("/campaigns/<int:campaign_id>/letters", "/campaigns/{campaign}/letters"),
    Target("/campaigns/<int:campaign_id>/poster", "/campaigns/{campaign}/poster"),
    Target("/admin/places/new", "/admin/places/new"),
    Target("/admin/organisations/new", "/admin/organisations/new"),
    Target("/admin/services/new", "/admin/services/new"),
    Target("/admin/users/new", "/admin/users/new"),
    Target("/admin/users/<int:user_id>/memberships", "/admin/users/{member}"),
    Target(
        "/admin/users/<int:user_id>/memberships/<int:membership_id>/remove",
        "/admin/users/{member}",
    ),
    Target("/admin/users/<int:user_id>/password-link", "/admin/users/{member}"),
)
