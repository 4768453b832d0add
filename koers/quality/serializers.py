"""API shapes for indicator snapshots (aggregates only; shape only)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from koers.quality.models import IndicatorSnapshot


class IndicatorSnapshotSerializer(serializers.ModelSerializer[IndicatorSnapshot]):
    class Meta:
        model = IndicatorSnapshot
        fields = [
            "id",
            "indicator",
            "period",
            "value",
            "numerator",
            "denominator",
            "definition_version",
            "computed_at",
        ]
        read_only_fields = fields


class GroupRowSerializer(serializers.Serializer[Any]):
    """One group of a breakdown; a group too small to show has every number null."""

    group = serializers.CharField(read_only=True)
    numerator = serializers.FloatField(read_only=True, allow_null=True)
    denominator = serializers.FloatField(read_only=True, allow_null=True)
    value = serializers.FloatField(read_only=True, allow_null=True)
    hidden = serializers.BooleanField(read_only=True)


class BreakdownSerializer(serializers.Serializer[Any]):
    breakdown = serializers.CharField(read_only=True)
    groups = GroupRowSerializer(many=True, read_only=True)


class IndicatorBreakdownsSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField(read_only=True)
    period = serializers.CharField(read_only=True)
    breakdowns = BreakdownSerializer(many=True, read_only=True)
