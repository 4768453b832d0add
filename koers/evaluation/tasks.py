"""Background work of evaluation. `followups_send` runs daily (the worker, or a scheduler
calling `followups_send.enqueue()`); each e-mail is its own task. Tests run tasks immediately."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from koers.evaluation import services


@task()
def followups_send() -> dict[str, int]:
    """Send the follow-ups and reminders that are due today; returns how many."""
    run = services.followups_send_due(today=timezone.localdate())
    return {"invited": run.invited, "reminded": run.reminded}


@task()
def followup_mail(*, follow_up_id: int, reminder: bool) -> bool:
    """Send one follow-up invitation or reminder; returns whether it went out."""
    return services.followup_mail_deliver(follow_up_id=follow_up_id, reminder=reminder)
