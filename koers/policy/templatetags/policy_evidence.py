"""`{% load policy_evidence %}{% what_works kind %}`: the evidence for a type of intervention,
for any page (e.g. the delivery catalogue) without importing the policy app."""

from __future__ import annotations

from typing import Any

from django import template

from koers.policy.selectors.evidence import evidence_list

register = template.Library()


@register.inclusion_tag("policy/_what_works.html")
def what_works(kind: str) -> dict[str, Any]:
    """One query; renders nothing when the library has no item for `kind`."""
    return {"kind": kind, "evidence_items": list(evidence_list(intervention_type=kind))}
