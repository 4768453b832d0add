"""`koers daily`: queue the work that is due once a day (run it from cron or a systemd timer).

django-tasks has no scheduler of its own; the worker (`koers worker`) does the work this queues.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koers.delivery.tasks import self_help_checkins
from koers.evaluation.tasks import followups_send
from koers.privacy.tasks import retention_pseudonymise

DAILY_TASKS: list[Any] = [
    self_help_checkins,
    followups_send,
    retention_pseudonymise,
]  # tasks of different signatures


class Command(BaseCommand):
    help = "Queue the daily work (check-ins, follow-ups, retention) for `koers worker`."

    def handle(self, *args: Any, **options: Any) -> None:
        for daily_task in DAILY_TASKS:
            result = daily_task.enqueue()
            self.stdout.write(f"queued {daily_task.name} ({result.id})")
