"""Demo evaluation set-up: follow-up moments (3, 6 and 12 months) for the demo providers.

`evaluation_demo()` runs after delivery_demo. The moments cover trajectories that ended from
a year back, so the daily follow-up task finds due follow-ups in the demo data. Idempotent.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from koers.evaluation.followups import months_before
from koers.evaluation.models import FollowUpWave
from koers.organisations.models import Organisation

PROVIDERS = ("Loopbaancentrum Utrecht", "Gemeente Utrecht – Werk en Inkomen")
MOMENTS = (3, 6, 12)


@transaction.atomic
def evaluation_demo() -> int:
    """Set up the follow-up moments of the demo providers; returns how many were added."""
    covers_from = months_before(timezone.localdate(), 12)
    added = 0
    for organisation in Organisation.objects.filter(name__in=PROVIDERS):
        for months in MOMENTS:
            _wave, created = FollowUpWave.objects.get_or_create(
                organisation=organisation,
                months=months,
                defaults={"covers_ended_from": covers_from},
            )
            added += created
    return added
