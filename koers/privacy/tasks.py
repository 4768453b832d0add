"""Background work of the privacy app; `koers daily` queues it once a day."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from koers.privacy import services


@task()
def retention_pseudonymise() -> str:
    """Pseudonymise what is past retention; safe to run twice (done records carry a mark)."""
    result = services.retention_apply(today=timezone.localdate())
    return f"{result.engagements} trajectories, {result.persons} people"
