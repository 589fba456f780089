"""How a measure is analysed: its headline, covariates, case-mix and equality variables.

Declared in the measure's YAML under ``scoring.analysis`` so every report can print them.
"""

from __future__ import annotations

from pydantic import Field

from measures.base import Frozen, Identifier

#: Frame columns a plan may name besides the covariates it derives from answers.
RESPONSE_FIELDS = frozenset({"respondent_type", "language", "deprivation_quintile"})


class Covariate(Frozen):
    """An answer that becomes a column of the analysis frame (one row per response).

    Parameters
    ----------
    column : str
        The frame column, e.g. ``age_band``.
    item : str
        The single_choice item whose code fills it.
    missing : tuple of str
        Codes that count as not stated (blank in the frame), e.g. ``prefer_not_to_say``.
    """

    column: Identifier
    item: Identifier
    missing: tuple[Identifier, ...] = ("prefer_not_to_say",)


class Disability(Frozen):
    """Disability derived from a long-term condition question and an activity question.

    A person is ``disabled`` when they have a condition (``condition_codes``) that limits
    them (``limited_codes``); ``not_disabled`` when they have none, or it limits them not
    at all; blank otherwise. This follows the GSS harmonised pair; the derivation is
    unconfirmed in the reference data, so reports must not call it the standard's.
    """

    condition_item: Identifier
    condition_codes: tuple[Identifier, ...] = Field(min_length=1)
    no_condition_codes: tuple[Identifier, ...] = Field(min_length=1)
    limits_item: Identifier
    limited_codes: tuple[Identifier, ...] = Field(min_length=1)
    not_limited_codes: tuple[Identifier, ...] = Field(min_length=1)


class AnalysisPlan(Frozen):
    """What the quarterly analysis of a measure reports and adjusts for.

    Parameters
    ----------
    headline : str
        The domain compared between units, trended and broken down by equality group.
    handover : str or None
        The domain of the questions about moves between services (the journeys matrix).
    covariates : tuple of Covariate
        Answers copied into the frame as case-mix and equality fields.
    disability : Disability or None
        How the ``disability`` column is derived, if it is.
    case_mix : tuple of str
        Frame columns the headline is adjusted for (categorical).
    equality : tuple of str
        Frame columns scores are broken down by.
    scale : tuple of str
        Items whose reliability and structure are checked together (Cronbach's α, item
        statistics, factor analysis): one row per response and instance.
    """

    headline: Identifier
    handover: Identifier | None = None
    covariates: tuple[Covariate, ...] = ()
    disability: Disability | None = None
    case_mix: tuple[Identifier, ...] = ()
    equality: tuple[Identifier, ...] = ()
    scale: tuple[Identifier, ...] = ()

    @property
    def columns(self) -> frozenset[str]:
        """Every frame column the plan can name."""
        derived = {c.column for c in self.covariates} | (
            {"disability"} if self.disability else set()
        )
        return frozenset(derived) | RESPONSE_FIELDS
