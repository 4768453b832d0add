from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from koers.delivery.models import CheckIn
from koers.delivery.tests.factories import engagement
from koers.delivery.triage import Capability, Complexity


def test_daily_runs_the_self_help_check_ins(practitioner):
    # given a self-help trajectory that started 50 days ago
    started = timezone.localdate() - dt.timedelta(days=50)
    due = engagement(
        practitioner, started_on=started, capability=Capability.HIGH, complexity=Complexity.LOW
    )
    # when the daily command runs (the immediate backend runs what it queues)
    out = StringIO()
    call_command("daily", stdout=out)
    # then the check-in exists and the command said what it queued
    assert list(CheckIn.objects.values_list("engagement_id", flat=True)) == [due.id]
    assert "queued self_help_checkins" in out.getvalue()
