"""Readable labels for the groups of an equity breakdown (stored as codes in snapshots)."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext as _

from koers.delivery.models import Channel
from koers.delivery.triage import ServiceLevel
from koers.people.models import Disability, Gender, IscedLevel, LifeStatusKind, MigrationBackground
from koers.quality.engine import UNKNOWN

GROUP_CHOICES: dict[str, type[TextChoices]] = {
    "gender": Gender,
    "education": IscedLevel,
    "migration": MigrationBackground,
    "disability": Disability,
    "life_status": LifeStatusKind,
    "service_level": ServiceLevel,
    "channel": Channel,
}


def group_label(breakdown: str, value: str) -> str:
    """The label of one group, in the active language; age bands and unknown codes as they are."""
    if value == UNKNOWN:
        return _("Unknown")
    choices = GROUP_CHOICES.get(breakdown)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return value
