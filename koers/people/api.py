"""API endpoints for persons and life status: thin, over the pages' selectors.

Reading one person (or their timeline) is a read of their file and is audited by the selector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.core.models import AuditPurpose
from koers.people import selectors
from koers.people.models import Person
from koers.people.permissions import CLIENT_ROLES
from koers.people.serializers import LifeStatusSerializer, PersonSerializer

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

TAG = "persons"
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only rows changed at or after this moment (ISO 8601), for incremental sync.",
)


def actor_of(request: Request) -> Actor:
    """The request's actor: the session's, or the one an API token became."""
    return cast("KoersRequest", request).actor


def updated_since(request: Request) -> object | None:
    value = request.query_params.get("updated_since")
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise exceptions.ValidationError(
            {"updated_since": ["Use an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z."]}
        )
    return moment


@extend_schema_view(
    list=extend_schema(
        summary="Your organisation's clients",
        description=(
            "Persons with an engagement at your organisation, or who shared their record with "
            "it. Ordered by `updated_at` for incremental sync."
        ),
        tags=[TAG],
        parameters=[UPDATED_SINCE],
    ),
    retrieve=extend_schema(
        summary="One client", description="Audited as a read of the person's file.", tags=[TAG]
    ),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    koers_access = Access(public=False, roles=frozenset(CLIENT_ROLES))
    serializer_class = PersonSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("updated_at", "id")

    def get_queryset(self) -> QuerySet[Person]:
        persons = selectors.person_list(actor=actor_of(self.request))
        since = updated_since(self.request)
        if since is not None:
            persons = persons.filter(updated_at__gte=since)
        return persons

    def get_object(self) -> Person:
        return selectors.person_get(
            actor=actor_of(self.request),
            person_id=int(self.kwargs["pk"]),
            purpose=AuditPurpose.GUIDANCE,
        )

    @extend_schema(
        summary="A client's life-status timeline",
        description="Newest first. Audited as a read of the person's file.",
        tags=[TAG],
        responses=LifeStatusSerializer(many=True),
    )
    @action(detail=True, url_path="life-statuses", pagination_class=None)
    def life_statuses(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        statuses = selectors.life_status_list(actor=actor_of(request), person_id=person.id)
        return Response(LifeStatusSerializer(statuses, many=True).data)
