from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Max, Q

if TYPE_CHECKING:
    from koers.delivery.models import (  # noqa: F401 - named in the QuerySet type arguments
        ActivityParticipant,
        Engagement,
        InterventionType,
        Step,
    )


class InterventionTypeQuerySet(models.QuerySet["InterventionType"]):
    def serving(self, principle: int) -> InterventionTypeQuerySet:
        """Types that serve principle `principle` (1..10)."""
        bit = 1 << (principle - 1)
        return self.alias(has=F("principles_mask").bitand(bit)).filter(has=bit)


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def open(self) -> EngagementQuerySet:
        return self.filter(ended_on__isnull=True)

    def with_last_activity(self) -> EngagementQuerySet:
        """Annotate `last_activity_on`: the latest activity the person attended."""
        return self.annotate(
            last_activity_on=Max(
                "activity_links__activity__occurred_on",
                filter=Q(activity_links__attendance="attended"),
            )
        )

    def follow_up_due(self, today: datetime.date) -> EngagementQuerySet:
        return self.filter(next_follow_up_on__lte=today)

    def quiet_since(self, since: datetime.date) -> EngagementQuerySet:
        """No attended activity on or after `since` (needs with_last_activity)."""
        return self.filter(Q(last_activity_on__lt=since) | Q(last_activity_on__isnull=True))


class ActivityParticipantQuerySet(models.QuerySet["ActivityParticipant"]):
    def attended(self) -> ActivityParticipantQuerySet:
        return self.filter(attendance="attended")


class StepQuerySet(models.QuerySet["Step"]):
    def open(self) -> StepQuerySet:
        return self.filter(status__in=["open", "in_progress"])
