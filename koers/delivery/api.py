"""API endpoints for guidance delivery: thin, over the pages' selectors.

Confidential notes never leave through the API: activities are read with
`can_read_notes=False` whoever asks, and no serializer has a field for them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.delivery import selectors
from koers.delivery.models import Employer, Engagement
from koers.delivery.permissions import CASEWORKERS
from koers.delivery.serializers import ActivitySerializer, EmployerSerializer, EngagementSerializer
from koers.delivery.triage import ServiceLevel

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

STATUSES = ("open", "ended", "all")


def actor_of(request: Request) -> Actor:
    """The request's actor: the session's, or the one an API token became."""
    return cast("KoersRequest", request).actor


def date_param(request: Request, name: str) -> dt.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise exceptions.ValidationError({name: ["Use an ISO 8601 date, e.g. 2026-01-31."]})
    return parsed


@extend_schema_view(
    list=extend_schema(
        summary="Engagements (trajectories)",
        description=(
            "A practitioner's own engagements; all of the organisation's for service managers "
            "and API tokens."
        ),
        tags=["engagements"],
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=STATUSES, default="all"),
            OpenApiParameter("service_level", OpenApiTypes.STR, enum=ServiceLevel.values),
            OpenApiParameter("started_from", OpenApiTypes.DATE),
            OpenApiParameter("started_until", OpenApiTypes.DATE),
        ],
    ),
    retrieve=extend_schema(summary="One engagement", tags=["engagements"]),
)
class EngagementViewSet(viewsets.ReadOnlyModelViewSet[Engagement]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = EngagementSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("-id",)

    def get_queryset(self) -> QuerySet[Engagement]:
        params = self.request.query_params
        status = params.get("status", "all")
        if status not in STATUSES:
            raise exceptions.ValidationError({"status": [f"Choose one of {', '.join(STATUSES)}."]})
        filters = selectors.CaseloadFilters(
            service_level=params.get("service_level", ""), include_ended=status != "open"
        )
        engagements = selectors.engagement_list(actor=actor_of(self.request), filters=filters)
        if status == "ended":
            engagements = engagements.filter(ended_on__isnull=False)
        started_from = date_param(self.request, "started_from")
        started_until = date_param(self.request, "started_until")
        if started_from is not None:
            engagements = engagements.filter(started_on__gte=started_from)
        if started_until is not None:
            engagements = engagements.filter(started_on__lte=started_until)
        return engagements

    def get_object(self) -> Engagement:
        return selectors.engagement_get(
            actor=actor_of(self.request), engagement_id=int(self.kwargs["pk"])
        )

    @extend_schema(
        summary="Activities of an engagement",
        description="Newest first. Confidential notes are never included.",
        tags=["engagements"],
        responses=ActivitySerializer(many=True),
    )
    @action(detail=True, url_path="activities", pagination_class=None)
    def activities(self, request: Request, pk: str) -> Response:
        engagement = self.get_object()
        rows = selectors.activity_list(
            actor=actor_of(request), engagement=engagement, can_read_notes=False
        )
        return Response(ActivitySerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Employers you work with", tags=["employers"]),
    retrieve=extend_schema(summary="One employer", tags=["employers"]),
)
class EmployerViewSet(viewsets.ReadOnlyModelViewSet[Employer]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = EmployerSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[Employer]:
        return selectors.employer_list(actor=actor_of(self.request))

    def get_object(self) -> Employer:
        return selectors.employer_get(
            actor=actor_of(self.request), employer_id=int(self.kwargs["pk"])
        )
