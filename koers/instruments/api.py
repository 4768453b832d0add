"""API endpoints for questionnaire completions (administrations) and their scores: thin, over
the pages' selectors. Reading one completion is a read of the person's file and is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.instruments import selectors
from koers.instruments.models import Administration, Occasion
from koers.instruments.serializers import AdministrationDetailSerializer, AdministrationSerializer
from koers.people.permissions import CLIENT_ROLES

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

TAG = "instruments"
COMPLETED = ("true", "false")


def actor_of(request: Request) -> Actor:
    return cast("KoersRequest", request).actor


def _date(request: Request, name: str) -> Any:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise exceptions.ValidationError({name: [_("Use an ISO 8601 date, e.g. 2026-01-31.")]})
    return parsed


@extend_schema_view(
    list=extend_schema(
        summary="Questionnaire completions",
        description=(
            "Completions your organisation recorded for its clients, and those a client shared "
            "with it. Newest first; scores are in the detail."
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter("occasion", OpenApiTypes.STR, enum=Occasion.values),
            OpenApiParameter("completed", OpenApiTypes.BOOL),
            OpenApiParameter("person", OpenApiTypes.INT),
            OpenApiParameter("started_from", OpenApiTypes.DATE),
            OpenApiParameter("started_until", OpenApiTypes.DATE),
        ],
    ),
    retrieve=extend_schema(
        summary="One completion with its scores",
        description="Audited as a read of the person's file.",
        tags=[TAG],
        responses=AdministrationDetailSerializer,
    ),
)
class AdministrationViewSet(viewsets.ReadOnlyModelViewSet[Administration]):
    koers_access = Access(public=False, roles=frozenset(CLIENT_ROLES))
    serializer_class = AdministrationSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("-id",)

    def get_queryset(self) -> QuerySet[Administration]:
        rows = selectors.administration_list(actor=actor_of(self.request))
        params = self.request.query_params
        occasion = params.get("occasion", "")
        if occasion and occasion not in Occasion.values:
            raise exceptions.ValidationError(
                {
                    "occasion": [
                        _("Choose one of: %(choices)s.") % {"choices": ", ".join(Occasion.values)}
                    ]
                }
            )
        if occasion:
            rows = rows.filter(occasion=occasion)
        completed = params.get("completed", "")
        if completed and completed not in COMPLETED:
            raise exceptions.ValidationError({"completed": [_("Use true or false.")]})
        if completed:
            rows = rows.filter(completed_at__isnull=completed == "false")
        person = params.get("person", "")
        if person and (not person.isdigit() or len(person) > 18):  # noqa: PLR2004 - a bigint
            raise exceptions.ValidationError({"person": [_("Give a person id (a number).")]})
        if person:
            rows = rows.filter(person_id=int(person))
        start, end = _date(self.request, "started_from"), _date(self.request, "started_until")
        if start is not None:
            rows = rows.filter(started_at__date__gte=start)
        if end is not None:
            rows = rows.filter(started_at__date__lte=end)
        return rows

    def get_object(self) -> Administration:
        return selectors.administration_get(
            actor=actor_of(self.request), administration_id=int(self.kwargs["pk"])
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(AdministrationDetailSerializer(self.get_object()).data)
