"""API shapes for questionnaire completions and their scores (shape only: no logic).

Answers themselves are not part of any shape: open answers are the person's own words.
"""

from __future__ import annotations

from rest_framework import serializers

from koers.instruments.models import Administration, Score


class ScoreSerializer(serializers.ModelSerializer[Score]):
    scale_key = serializers.CharField(source="scale.key", read_only=True)
    band_key = serializers.CharField(source="band.key", read_only=True, allow_null=True)

    class Meta:
        model = Score
        fields = [
            "scale",
            "scale_key",
            "value",
            "answered",
            "total",
            "band_key",
            "percentile",
            "t_score",
        ]
        read_only_fields = fields


class AdministrationSerializer(serializers.ModelSerializer[Administration]):
    instrument = serializers.CharField(source="version.instrument.key", read_only=True)
    instrument_version = serializers.CharField(source="version.version", read_only=True)
    answer_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Administration
        fields = [
            "id",
            "organisation",
            "person",
            "instrument",
            "version",
            "instrument_version",
            "occasion",
            "language",
            "channel",
            "started_at",
            "completed_at",
            "answer_count",
        ]
        read_only_fields = fields


class AdministrationDetailSerializer(AdministrationSerializer):
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta(AdministrationSerializer.Meta):
        fields = [*AdministrationSerializer.Meta.fields, "scores"]
        read_only_fields = fields
