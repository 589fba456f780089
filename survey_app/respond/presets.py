"""What a link implies before anyone answers: the service that sent it was used."""

from __future__ import annotations

from measures import Measure
from measures.routing import AnswerKey, Answers


def link_preset(measure: Measure, service_type: str | None) -> Answers:
    """Pre-tick the sending service's type in "which services did you use", if offered.

    A whole-place campaign (``service_type`` None) pre-ticks nothing.
    """
    item_id = measure.services_item_id
    if item_id is None or service_type is None:
        return {}
    scale = measure.scale_for(measure.item(item_id))
    if scale is None or service_type not in scale.codes:
        return {}
    return {AnswerKey(item_id): (service_type,)}
