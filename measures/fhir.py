"""Export a measure definition as a FHIR R4 Questionnaire.

The result is a plain, JSON-ready ``dict``, checked against the R4 models of
``fhir.resources`` (``fhir.resources.R4B``) before it is returned, so an export that would not
parse as a Questionnaire raises instead of leaving the building.

How the definition maps onto FHIR
---------------------------------
- The measure is the Questionnaire: ``url`` is ``<base_url>/Questionnaire/<id>`` and ``version``
  the measure version. :data:`CANONICAL_BASE` is a placeholder; pass ``base_url`` once the
  service has a real canonical home.
- Each section is a ``group`` (linkId = section id, or ``<section id>.section`` when an item
  has the same id) holding its items (linkId = item id, so answers keep their ids). A hint is a
  ``display`` item under its question (linkId ``<item id>.hint``).
- single_choice is ``choice`` with one ``answerOption`` per option, in order: ``valueCoding``
  has the code and label, and the score as an ``ordinalValue`` extension (R4 allows it on
  ``Coding``, where the SDC examples put it); "don't know" options have none. multi_choice adds
  ``repeats: true``, and exclusive codes ("none of these") carry ``questionnaire-optionExclusive``
  on their answerOption. Moves between services (``options_from``) are listed in full, every
  ordered pair of services, before the item's own options: R4 cannot narrow options to earlier
  answers, or ask only when two services were ticked (the item is enabled once the list of
  services is answered).
- free_text is ``text`` and short_text ``string``, both with ``maxLength``; a short_text
  pattern is the ``regex`` extension, anchored as ``^(?:pattern)$`` because we match the whole
  answer.
- ``show_when``: a condition "item X is one of codes A, B" is one ``enableWhen`` per code
  (question X, operator ``=``, ``answerCoding``), with ``enableBehavior: any`` when there are
  several. All conditions must hold, and one ``enableBehavior`` cannot say "all of (any of
  ...)". So one-code conditions are combined with ``enableBehavior: all``, and each other
  condition goes on a wrapper ``group`` with no text (linkId ``<id>.when1``, ``.when2``, ...)
  around the element: an item is enabled only when every group above it is. This is core FHIR,
  which every renderer honours; SDC's ``enableWhenExpression`` would need FHIRPath.
- Sections repeated per service used or per move: core R4 cannot make one copy per ticked
  answer (that needs SDC). Such a section is a ``group`` with ``repeats: true``, enabled when
  its source question is answered, whose first item, a required ``choice`` (linkId
  ``<section id>.service`` or ``.move``), asks which service or move the copy is about. The
  respondent adds copies; nothing ties them to the answers ticked.
- Text is the default wording: R4 cannot switch wording on an earlier answer, so ``wording``
  variants (carers) are not exported. Placeholders read generically ("this service", "the
  first service", "the next service"). Domains and indicators are not exported.

Generated linkIds contain a ``.``, which definition ids cannot, so they never clash with an
item id. Every linkId is checked to be unique, and every ``enableWhen`` to name one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fhir.resources.R4B.questionnaire import Questionnaire

from measures.checks import pair_code
from measures.model import Condition, Item, Measure, Option, Section

CANONICAL_BASE = "https://whole-journey-prem.example/fhir"
"""Placeholder canonical base for exported resources; override with ``base_url``."""

ORDINAL_VALUE_URL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OPTION_EXCLUSIVE_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
REGEX_URL = "http://hl7.org/fhir/StructureDefinition/regex"

GENERIC_PLACEHOLDERS = {
    "service": "this service",
    "from_service": "the first service",
    "to_service": "the next service",
}
"""What placeholders read as in the export, where one text serves every copy of a section."""

Json = dict[str, Any]
"""A JSON object of the FHIR resource being built."""

Requirement = tuple[Json, ...]
"""``enableWhen`` entries of which at least one must hold."""

_REPEAT_MARKERS = {
    "services": ("service", "Which service is this about?"),
    "transitions": ("move", "Which move between services is this about?"),
}


def _fhir_id(identifier: str) -> str:
    """Spell a definition id as a FHIR resource id (letters, digits, ``-`` and ``.``)."""
    return identifier.replace("_", "-")


def _computable_name(identifier: str) -> str:
    """CamelCase a definition id: ``whole_journey`` becomes ``WholeJourney``."""
    return "".join(part.capitalize() for part in identifier.split("_"))


def _fill(text: str) -> str:
    filled = text.format_map(GENERIC_PLACEHOLDERS)
    return filled[:1].upper() + filled[1:] if text.startswith("{") else filled


def _coding(option: Option) -> Json:
    coding: Json = {"code": option.code, "display": option.label}
    if option.score is not None:
        score = int(option.score) if option.score.is_integer() else option.score
        coding = {"extension": [{"url": ORDINAL_VALUE_URL, "valueDecimal": score}], **coding}
    return coding


def _answered(link_id: str) -> Json:
    return {"question": link_id, "operator": "exists", "answerBoolean": True}


def _enable(element: Json, clauses: Sequence[Json], behavior: Literal["all", "any"]) -> Json:
    enabled = {**element, "enableWhen": list(clauses)}
    if len(clauses) > 1:
        enabled["enableBehavior"] = behavior
    return enabled


def _gate(element: Json, requirements: Sequence[Requirement]) -> Json:
    """Enable an element only when every requirement holds (see the module notes)."""
    singles = tuple(requirement[0] for requirement in requirements if len(requirement) == 1)
    levels: list[tuple[Requirement, Literal["all", "any"]]] = [(singles, "all")] if singles else []
    levels += [(requirement, "any") for requirement in requirements if len(requirement) > 1]
    if not levels:
        return element
    *outer, (clauses, behavior) = levels
    gated = _enable(element, clauses, behavior)
    for n, (clauses, behavior) in enumerate(reversed(outer), start=1):
        wrapper = {"linkId": f"{element['linkId']}.when{n}", "type": "group", "item": [gated]}
        gated = _enable(wrapper, clauses, behavior)
    return gated


@dataclass(frozen=True)
class _Export:
    """Builds the items of one measure's Questionnaire."""

    measure: Measure

    def choosable(self, item: Item) -> tuple[Option, ...]:
        """The options of a list of services, without exclusive ones, as routing offers them."""
        scale = self.measure.scale_for(item)
        options = () if scale is None else scale.options
        return tuple(option for option in options if option.code not in item.exclusive)

    def moves(self, item: Item) -> tuple[Option, ...]:
        """Every move an ``options_from`` item can offer, in the order routing lists them."""
        rule = item.options_from
        if rule is None:
            return ()
        services = self.choosable(self.measure.item(rule.pairs_of))
        return tuple(
            Option(
                code=pair_code(a.code, b.code),
                label=rule.label.format(from_service=a.in_sentence, to_service=b.in_sentence),
                score=None,
            )
            for a in services
            for b in services
            if a.code != b.code
        )

    def answer_options(self, item: Item) -> list[Json]:
        scale = self.measure.scale_for(item)
        options = self.moves(item) + (() if scale is None else scale.options)
        answer_options = []
        for option in options:
            answer_option: Json = {"valueCoding": _coding(option)}
            if option.code in item.exclusive:
                exclusive = {"url": OPTION_EXCLUSIVE_URL, "valueBoolean": True}
                answer_option = {"extension": [exclusive], **answer_option}
            answer_options.append(answer_option)
        return answer_options

    def requirements(self, conditions: Iterable[Condition]) -> list[Requirement]:
        """One requirement per condition: its item was answered with one of its codes."""
        return [
            tuple(
                {"question": c.item, "operator": "=", "answerCoding": {"code": code}}
                for code in c.any_of
            )
            for c in conditions
        ]

    def item(self, item: Item) -> Json:
        element: Json = {"linkId": item.id, "text": _fill(item.text)}
        element |= _ITEM_TYPES[item.type](self, item)
        element["required"] = item.required
        if item.hint is not None:
            hint = {"linkId": f"{item.id}.hint", "text": _fill(item.hint), "type": "display"}
            element["item"] = [hint]
        requirements = self.requirements(item.show_when)
        if item.options_from is not None:
            requirements.append((_answered(item.options_from.pairs_of),))
        return _gate(element, requirements)

    def repeat_marker(self, section: Section, source: Item) -> Json:
        """The first item of a repeated section: which service or move this copy is about."""
        kind, text = _REPEAT_MARKERS[section.repeat]
        options = self.choosable(source) if section.repeat == "services" else self.moves(source)
        return {
            "linkId": f"{section.id}.{kind}",
            "text": text,
            "type": "choice",
            "required": True,
            "answerOption": [{"valueCoding": _coding(option)} for option in options],
        }

    def section(self, section: Section) -> Json:
        clash = any(item.id == section.id for item in self.measure.items)
        link_id = f"{section.id}.section" if clash else section.id
        group: Json = {"linkId": link_id, "text": section.title, "type": "group"}
        items = [self.item(item) for item in section.items]
        requirements = self.requirements(section.show_when)
        if section.repeat_source is not None:
            source = self.measure.item(section.repeat_source)
            group["repeats"] = True
            items.insert(0, self.repeat_marker(section, source))
            requirements.insert(0, (_answered(source.id),))
        return _gate({**group, "item": items}, requirements)


def _choice(export: _Export, item: Item) -> Json:
    return {"type": "choice", "answerOption": export.answer_options(item)}


def _multi_choice(export: _Export, item: Item) -> Json:
    return {"type": "choice", "repeats": True, "answerOption": export.answer_options(item)}


def _free_text(export: _Export, item: Item) -> Json:
    return {"type": "text", "maxLength": item.max_length}


def _short_text(export: _Export, item: Item) -> Json:
    fields: Json = {"type": "string", "maxLength": item.max_length}
    if item.pattern is not None:
        regex = {"url": REGEX_URL, "valueString": f"^(?:{item.pattern})$"}
        fields = {"extension": [regex], **fields}
    return fields


_ITEM_TYPES: dict[str, Callable[[_Export, Item], Json]] = {
    "single_choice": _choice,
    "multi_choice": _multi_choice,
    "free_text": _free_text,
    "short_text": _short_text,
}
"""FHIR fields for each item type; a new item type needs one entry here."""


def _walk(items: Iterable[Json]) -> Iterator[Json]:
    for item in items:
        yield item
        yield from _walk(item.get("item", ()))


def _check_links(resource: Json) -> None:
    """Raise ValueError if a linkId is used twice or an ``enableWhen`` names an unknown one."""
    seen: set[str] = set()
    repeated: list[str] = []
    for item in _walk(resource["item"]):
        if item["linkId"] in seen:
            repeated.append(item["linkId"])
        seen.add(item["linkId"])
    named = {
        when["question"] for item in _walk(resource["item"]) for when in item.get("enableWhen", ())
    }
    if repeated or named - seen:
        twice = ", ".join(repeated) or "none"
        unknown = ", ".join(sorted(named - seen)) or "none"
        raise ValueError(
            f"linkIds used twice: {twice}; enableWhen names unknown linkIds: {unknown}"
        )


def questionnaire(measure: Measure, *, base_url: str = CANONICAL_BASE) -> Json:
    """Export a measure as a FHIR R4 Questionnaire resource.

    Parameters
    ----------
    measure : Measure
        The validated definition.
    base_url : str
        Canonical base of the Questionnaire ``url``; defaults to the placeholder
        :data:`CANONICAL_BASE`.

    Returns
    -------
    dict
        The Questionnaire as JSON-ready data; the module notes describe the mapping and what
        FHIR R4 cannot express.

    Raises
    ------
    ValueError
        If two elements would share a linkId, an ``enableWhen`` names no element, or the
        result is not a valid R4 Questionnaire (``pydantic.ValidationError`` is a ValueError).
    """
    base = base_url.rstrip("/")
    export = _Export(measure)
    resource: Json = {
        "resourceType": "Questionnaire",
        "id": _fhir_id(measure.id),
        "url": f"{base}/Questionnaire/{_fhir_id(measure.id)}",
        "version": str(measure.version),
        "name": _computable_name(measure.id),
        "title": measure.title,
        "status": "active",
        "description": measure.description,
        "subjectType": ["Patient"],
        "item": [export.section(section) for section in measure.sections],
    }
    _check_links(resource)
    Questionnaire.model_validate(resource)
    return resource


def questionnaire_json(measure: Measure, *, base_url: str = CANONICAL_BASE) -> str:
    """Export a measure as a FHIR R4 Questionnaire in indented JSON.

    Parameters
    ----------
    measure : Measure
        The validated definition.
    base_url : str
        Canonical base, as for :func:`questionnaire`.

    Returns
    -------
    str
        The resource as JSON text, indented by two spaces, non-ASCII characters kept as is.
    """
    return json.dumps(questionnaire(measure, base_url=base_url), indent=2, ensure_ascii=False)
