"""API shapes for guidance delivery (shape only: no logic).

Confidential notes are never part of any shape here: not the note itself, not `visible_note`.
"""

from __future__ import annotations

from rest_framework import serializers

from koers.delivery.models import ActivityParticipant, Employer, Engagement
from koers.organisations.models import Membership


class EngagementSerializer(serializers.ModelSerializer[Engagement]):
    last_activity_on = serializers.DateField(read_only=True, allow_null=True)
    practitioners: serializers.PrimaryKeyRelatedField[Membership] = (
        serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    )

    class Meta:
        model = Engagement
        fields = [
            "id",
            "organisation",
            "person",
            "started_on",
            "source",
            "capability",
            "complexity",
            "readiness",
            "service_level",
            "decision_status",
            "practitioners",
            "next_follow_up_on",
            "ended_on",
            "end_reason",
            "last_activity_on",
            "created_at",
        ]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer[ActivityParticipant]):
    """One person's part in an activity. No confidential note, ever."""

    activity = serializers.IntegerField(source="activity_id", read_only=True)
    occurred_on = serializers.DateField(source="activity.occurred_on", read_only=True)
    duration_minutes = serializers.IntegerField(source="activity.duration_minutes", read_only=True)
    service = serializers.IntegerField(source="activity.service_id", read_only=True)
    intervention_kind = serializers.CharField(
        source="activity.service.intervention_type.kind", read_only=True
    )
    practitioner = serializers.IntegerField(source="activity.practitioner_id", read_only=True)
    group_size = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActivityParticipant
        fields = [
            "id",
            "activity",
            "engagement",
            "occurred_on",
            "duration_minutes",
            "service",
            "intervention_kind",
            "practitioner",
            "attendance",
            "takeaway",
            "group_size",
        ]
        read_only_fields = fields


class EmployerSerializer(serializers.ModelSerializer[Employer]):
    class Meta:
        model = Employer
        fields = [
            "id",
            "organisation",
            "name",
            "sector",
            "size",
            "contact_name",
            "contact_email",
            "contact_phone",
            "created_at",
        ]
        read_only_fields = fields
