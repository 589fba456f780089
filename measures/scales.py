"""Response scales and their options."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import Field, PrivateAttr, model_validator

from measures.base import Frozen, Identifier, Text
from measures.problems import duplicates, raise_if_any


class Option(Frozen):
    """One answer option on a response scale.

    Parameters
    ----------
    code : str
        Stable id stored with each answer.
    label : str
        Text shown to the respondent.
    score : float or None
        Score from 0 (worst) to 100 (best), or None for "don't know / does not apply",
        which is left out of scores.
    phrase : str or None
        How the option reads inside a sentence, for options that name a service (label
        "GP surgery or health centre", phrase "your GP surgery"). Placeholders such as
        ``{service}`` are filled with the phrase, or with the label when there is none.
    """

    code: Identifier
    label: Text
    score: Annotated[float, Field(strict=True, ge=0, le=100)] | None
    phrase: Text | None = None

    @property
    def in_sentence(self) -> str:
        """The phrase, or the label when the option has no phrase."""
        return self.phrase or self.label


class Scale(Frozen):
    """A named response scale: answer options in the order they are shown.

    Parameters
    ----------
    id : str
        Stable id that items use to refer to the scale.
    options : tuple of Option
        At least one option; codes are unique within the scale.
    """

    id: Identifier
    options: tuple[Option, ...] = Field(min_length=1)

    _by_code: dict[str, Option] = PrivateAttr(default_factory=dict)
    _codes: tuple[str, ...] = PrivateAttr(default=())

    def model_post_init(self, context: Any, /) -> None:
        """Build the code lookup once; the scale never changes afterwards."""
        self._by_code = {option.code: option for option in self.options}
        self._codes = tuple(option.code for option in self.options)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Self:
        codes = ((o.code, ("options", i, "code")) for i, o in enumerate(self.options))
        raise_if_any(duplicates("option code", codes))
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """Option codes in display order."""
        return self._codes

    @property
    def scored(self) -> bool:
        """Whether any option carries a score."""
        return any(option.score is not None for option in self.options)

    def option(self, code: str) -> Option:
        """Return the option with this code.

        Raises
        ------
        KeyError
            If the scale has no such option.
        """
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"scale '{self.id}' has no option '{code}'") from None
