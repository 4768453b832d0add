"""API shapes for guidance delivery (shape only: no logic).

Confidential notes are never part of any shape here: not the note itself, not `visible_note`.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from koers.delivery.models import (
    ActivityParticipant,
    Attendance,
    CpdEntry,
    Employer,
    Engagement,
    Goal,
    Opportunity,
    Participation,
    PractitionerProfile,
    Qualification,
    Referral,
    ReferralStatus,
    Step,
    StepStatus,
)
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


class StepSerializer(serializers.ModelSerializer[Step]):
    engagement = serializers.IntegerField(source="goal.plan.engagement_id", read_only=True)

    class Meta:
        model = Step
        fields = ["id", "goal", "engagement", "text", "due_on", "status", "version", "updated_at"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer[Goal]):
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "text", "life_area", "created_at", "steps"]
        read_only_fields = fields


class StepUpdateSerializer(serializers.Serializer[Any]):
    """A change to a step, made on the version the caller read."""

    version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=StepStatus.choices)
    due_on = serializers.DateField(required=False, allow_null=True)
    text = serializers.CharField(required=False, max_length=300)


class ActivityCreateSerializer(serializers.Serializer[Any]):
    """Logging one session or encounter. The confidential note can be written, never read."""

    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=32767)
    service = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    takeaway = serializers.CharField(required=False, allow_blank=True, default="")
    confidential_note = serializers.CharField(
        required=False, allow_blank=True, default="", write_only=True
    )
    next_follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    partner_name = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "organisation",
            "engagement",
            "partner",
            "partner_name",
            "reason",
            "status",
            "share_personal_data",
            "outcome",
            "sent_on",
            "closed_on",
            "created_at",
        ]
        read_only_fields = fields


class ReferralTransitionSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class OpportunitySerializer(serializers.ModelSerializer[Opportunity]):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    taken = serializers.IntegerField(read_only=True, help_text="Places planned or taken.")

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "organisation",
            "employer",
            "employer_name",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "places",
            "taken",
            "created_at",
        ]
        read_only_fields = fields


class ParticipationSerializer(serializers.ModelSerializer[Participation]):
    class Meta:
        model = Participation
        fields = [
            "id",
            "organisation",
            "opportunity",
            "engagement",
            "status",
            "person_feedback",
            "employer_feedback",
            "created_at",
        ]
        read_only_fields = fields


class QualificationSerializer(serializers.ModelSerializer[Qualification]):
    class Meta:
        model = Qualification
        fields = [
            "id",
            "title",
            "awarding_body",
            "eqf_level",
            "is_guidance_qualification",
            "awarded_on",
        ]
        read_only_fields = fields


class CpdEntrySerializer(serializers.ModelSerializer[CpdEntry]):
    class Meta:
        model = CpdEntry
        fields = ["id", "date", "hours", "topic", "provider"]
        read_only_fields = fields


class PractitionerProfileSerializer(serializers.ModelSerializer[PractitionerProfile]):
    full_name = serializers.CharField(source="membership.user.full_name", read_only=True)
    cpd_hours_year = serializers.DecimalField(
        max_digits=7, decimal_places=1, read_only=True, help_text="CPD hours in the last 365 days."
    )
    has_guidance_qualification = serializers.BooleanField(read_only=True)

    class Meta:
        model = PractitionerProfile
        fields = [
            "id",
            "organisation",
            "membership",
            "full_name",
            "register_name",
            "register_number",
            "register_renewal_on",
            "cpd_hours_year",
            "has_guidance_qualification",
        ]
        read_only_fields = fields


class PractitionerProfileDetailSerializer(PractitionerProfileSerializer):
    qualifications = QualificationSerializer(many=True, read_only=True)
    cpd_entries = CpdEntrySerializer(many=True, read_only=True)

    class Meta(PractitionerProfileSerializer.Meta):
        fields = [*PractitionerProfileSerializer.Meta.fields, "qualifications", "cpd_entries"]
        read_only_fields = fields
