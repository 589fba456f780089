"""What a link implies before anyone answers: the service that sent it was used."""

from __future__ import annotations

from measures import Measure
from measures.routing import AnswerKey, Answers


def _services_item(measure: Measure) -> str | None:
    """The question a measure repeats its per-service section over, if it has one."""
    for section in measure.sections:
        if section.repeat == "services" and section.repeat_source:
            return section.repeat_source
    return None


def link_preset(measure: Measure, service_type: str) -> Answers:
    """Pre-tick the sending service's type in "which services did you use", if offered."""
    item_id = _services_item(measure)
    if item_id is None:
        return {}
    scale = measure.scale_for(measure.item(item_id))
    if scale is None or service_type not in scale.codes:
        return {}
    return {AnswerKey(item_id): (service_type,)}
