"""API endpoints for organisations and memberships: thin, over the pages' selectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request

from koers.core.access import Access
from koers.core.roles import STAFF_ROLES, Role
from koers.organisations import selectors
from koers.organisations.models import Membership, Organisation, Sector
from koers.organisations.serializers import MembershipSerializer, OrganisationSerializer

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

TAG = "organisations"


def actor_of(request: Request) -> Actor:
    """The request's actor: the session's, or the one an API token became."""
    return cast("KoersRequest", request).actor


@extend_schema_view(
    list=extend_schema(
        summary="Organisations you may see",
        description=(
            "Your own organisation; for policy analysts, every organisation in their region or "
            "network."
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter("sector", OpenApiTypes.STR, enum=Sector.values),
        ],
    ),
    retrieve=extend_schema(summary="One organisation", tags=[TAG]),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    koers_access = Access(public=False, roles=frozenset(STAFF_ROLES))
    serializer_class = OrganisationSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[Organisation]:
        organisations = selectors.organisation_list(actor=actor_of(self.request))
        sector = self.request.query_params.get("sector")
        if sector:
            organisations = organisations.filter(sector=sector)
        return organisations

    def get_object(self) -> Organisation:
        return selectors.organisation_get(
            actor=actor_of(self.request), organisation_id=int(self.kwargs["pk"])
        )


@extend_schema_view(
    list=extend_schema(
        summary="Roles held at your organisation",
        tags=[TAG],
        parameters=[
            OpenApiParameter("role", OpenApiTypes.STR, enum=[r.value for r in STAFF_ROLES]),
            OpenApiParameter("is_active", OpenApiTypes.BOOL),
        ],
    ),
    retrieve=extend_schema(summary="One role held at your organisation", tags=[TAG]),
)
class MembershipViewSet(viewsets.ReadOnlyModelViewSet[Membership]):
    koers_access = Access(
        public=False, roles=frozenset({Role.ORGANISATION_ADMIN, Role.SERVICE_MANAGER})
    )
    serializer_class = MembershipSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[Membership]:
        memberships = selectors.membership_list(actor=actor_of(self.request))
        params = self.request.query_params
        if params.get("role"):
            memberships = memberships.filter(role=params["role"])
        if params.get("is_active") in ("true", "false"):
            memberships = memberships.filter(is_active=params["is_active"] == "true")
        return memberships

    def get_object(self) -> Membership:
        return selectors.membership_get(
            actor=actor_of(self.request), membership_id=int(self.kwargs["pk"])
        )
