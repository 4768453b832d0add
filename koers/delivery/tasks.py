"""Background work of guidance delivery. Run daily by the worker (or a scheduler calling
`self_help_checkins.enqueue()`); tests run tasks immediately."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from koers.delivery import services


@task()
def self_help_checkins() -> int:
    """Schedule the check-ins that self-help trajectories are due for; returns how many."""
    return services.self_help_checkins_due(today=timezone.localdate())
