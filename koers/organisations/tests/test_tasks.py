"""The welcome e-mail goes through the real database task backend and `koers worker`."""

from __future__ import annotations

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from koers.core.roles import Role
from koers.organisations.services import membership_add

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_sends_the_queued_welcome_mail(
    world, actor_for, org_admin, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    # given a new colleague whose welcome mail was queued, not sent
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(
            actor=actor_for(org_admin),
            organisation_id=world.org.id,
            email="later@org.test",
            full_name="Later",
            role=Role.PRACTITIONER,
        )
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    # when the worker runs what is queued
    call_command("db_worker", "--batch", "--no-startup-delay")
    # then the mail is sent and the task is done
    assert [m.to for m in mail.outbox] == [["later@org.test"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
