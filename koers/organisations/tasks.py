from __future__ import annotations

from django_tasks import task

from koers.organisations.mail import membership_welcome_send


@task()
def membership_welcome(*, membership_id: int) -> None:
    membership_welcome_send(membership_id=membership_id)
