"""API shapes for occupations and their skills (public ESCO reference data; shape only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from koers.careerinfo.models import Occupation


class OccupationSerializer(serializers.ModelSerializer[Occupation]):
    # The API field is called `label`; the stubs mistake it for Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="In the caller's language, else English."
    )
    isco_code = serializers.CharField(source="isco_group.code", read_only=True, allow_null=True)

    class Meta:
        model = Occupation
        fields = ["id", "uri", "code", "label", "isco_code", "is_obsolete"]
        read_only_fields = fields


class SkillRowSerializer(serializers.Serializer[Any]):
    skill_id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # see above
    relation_type = serializers.CharField(read_only=True)


class OccupationDetailSerializer(serializers.Serializer[Any]):
    """One occupation with its essential and optional skills."""

    id = serializers.IntegerField(source="occupation.id", read_only=True)
    uri = serializers.CharField(source="occupation.uri", read_only=True)
    code = serializers.CharField(source="occupation.code", read_only=True)
    is_obsolete = serializers.BooleanField(source="occupation.is_obsolete", read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # see above
    alt_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    description = serializers.CharField(read_only=True)
    isco_label = serializers.CharField(read_only=True)
    essential = SkillRowSerializer(many=True, read_only=True)
    optional = SkillRowSerializer(many=True, read_only=True)
    language_fallback = serializers.BooleanField(
        read_only=True, help_text="True when the texts are in English for want of a translation."
    )
