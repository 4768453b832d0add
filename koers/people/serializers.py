"""API shapes for persons and their life-status timeline (shape only: no logic)."""

from __future__ import annotations

from rest_framework import serializers

from koers.people.models import LifeStatus, Person


class PersonSerializer(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = [
            "id",
            "reference",
            "given_name",
            "family_name",
            "date_of_birth",
            "email",
            "phone",
            "preferred_language",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LifeStatusSerializer(serializers.ModelSerializer[LifeStatus]):
    class Meta:
        model = LifeStatus
        fields = [
            "id",
            "person",
            "status",
            "education_level",
            "institution",
            "employer",
            "occupation",
            "start_date",
            "end_date",
            "recorded_by_organisation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
