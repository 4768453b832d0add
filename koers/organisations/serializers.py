"""API shapes for organisations and memberships (shape only: no logic)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from koers.organisations.models import Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    staff_count = serializers.IntegerField(
        read_only=True, help_text="Active roles held at the organisation."
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "sector",
            "funding",
            "region_code",
            "parent",
            "path",
            "staff_count",
            "created_at",
        ]
        read_only_fields = fields


class MembershipUserSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    user = MembershipUserSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "user", "role", "is_active", "created_at"]
        read_only_fields = fields
