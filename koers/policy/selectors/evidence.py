"""Reads of the evidence library (public knowledge: no personal data)."""

from __future__ import annotations

from itertools import groupby

from django.db.models import QuerySet

from koers.delivery.models import InterventionKind
from koers.policy.models import EvidenceItem


def evidence_list(*, intervention_type: str = "") -> QuerySet[EvidenceItem]:
    items = EvidenceItem.objects.order_by("intervention_type", "-year", "id")
    if intervention_type:
        items = items.filter(intervention_type=intervention_type)
    return items


def what_works() -> list[tuple[str, str, list[EvidenceItem]]]:
    """(intervention kind, its label, items) for every kind, in catalogue order; one query."""
    items = {
        kind: list(group)
        for kind, group in groupby(evidence_list(), key=lambda item: item.intervention_type)
    }
    return [(kind, str(label), items.get(kind, [])) for kind, label in InterventionKind.choices]
