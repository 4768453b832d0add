"""Readiness triage: capability x complexity → readiness → service level.

After Sampson et al.'s cognitive information processing approach: people who are able to make
career decisions (high capability) in simple circumstances (low complexity) are ready for
self-help; the less ready, the more staff support. Support meets but does not exceed need, so a
practitioner may move one level away from what readiness points to, and must say why.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.TextChoices):
    HIGH = "high", _("High")
    LOW = "low", _("Low")


class Complexity(models.TextChoices):
    LOW = "low", _("Low")
    HIGH = "high", _("High")


class Readiness(models.TextChoices):
    HIGH = "high", _("High readiness")
    MODERATE = "moderate", _("Moderate readiness")
    LOW = "low", _("Low readiness")


class ServiceLevel(models.TextChoices):
    SELF_HELP = "self_help", _("Self-help")
    BRIEF_STAFF_ASSISTED = "brief_staff_assisted", _("Brief support")
    INDIVIDUAL_CASE_MANAGED = "individual_case_managed", _("Intensive guidance")


# From least to most support; "one level" is one step along this list.
LEVEL_ORDER = [
    ServiceLevel.SELF_HELP,
    ServiceLevel.BRIEF_STAFF_ASSISTED,
    ServiceLevel.INDIVIDUAL_CASE_MANAGED,
]


def readiness_of(capability: Capability, complexity: Complexity) -> Readiness:
    if capability == Capability.HIGH and complexity == Complexity.LOW:
        return Readiness.HIGH
    if capability == Capability.LOW and complexity == Complexity.HIGH:
        return Readiness.LOW
    return Readiness.MODERATE


def service_level_for(readiness: Readiness) -> ServiceLevel:
    return {
        Readiness.HIGH: ServiceLevel.SELF_HELP,
        Readiness.MODERATE: ServiceLevel.BRIEF_STAFF_ASSISTED,
        Readiness.LOW: ServiceLevel.INDIVIDUAL_CASE_MANAGED,
    }[readiness]


def level_distance(a: ServiceLevel, b: ServiceLevel) -> int:
    return abs(LEVEL_ORDER.index(a) - LEVEL_ORDER.index(b))


def level_above(level: ServiceLevel) -> ServiceLevel:
    """The next level of support, or the same when it is already the most."""
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[min(index + 1, len(LEVEL_ORDER) - 1)]
