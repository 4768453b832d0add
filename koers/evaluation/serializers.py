"""API shapes for evaluation studies and their estimates (aggregates only; shape only)."""

from __future__ import annotations

from rest_framework import serializers

from koers.evaluation.models import Estimate, Study


class EstimateSerializer(serializers.ModelSerializer[Estimate]):
    class Meta:
        model = Estimate
        fields = [
            "id",
            "kind",
            "outcome",
            "estimand",
            "method",
            "estimate",
            "ci_low",
            "ci_high",
            "n_treated",
            "n_control",
        ]
        read_only_fields = fields


class StudySerializer(serializers.ModelSerializer[Study]):
    class Meta:
        model = Study
        fields = [
            "id",
            "organisation",
            "plan",
            "title",
            "design",
            "status",
            "dataset_name",
            "sms_level",
            "nesta_level",
            "created_at",
        ]
        read_only_fields = fields


class StudyDetailSerializer(StudySerializer):
    estimates = EstimateSerializer(many=True, read_only=True)

    class Meta(StudySerializer.Meta):
        fields = [*StudySerializer.Meta.fields, "specification", "diagnostics", "estimates"]
        read_only_fields = fields
