"""API endpoints for occupations and their skills (ESCO): read-only public reference data.

Public, like the career information pages: ESCO and ISCO-08 are open data that no organisation
owns and no person's data is read here, so an occupation is the same for every caller (which is
also why "another organisation's occupation" cannot answer 404, as scoped records do). A token
or a session may still be sent; it is then rate-limited like any other call.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from koers.careerinfo import selectors
from koers.careerinfo.models import Occupation
from koers.careerinfo.serializers import OccupationDetailSerializer, OccupationSerializer
from koers.core.access import Access

TAG = "career information"


@extend_schema_view(
    list=extend_schema(
        summary="Occupations (ESCO)",
        description=(
            "Current occupations, labelled in the caller's language (Accept-Language) with "
            "English as fallback; `q` matches preferred and alternative labels."
        ),
        tags=[TAG],
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Words in the label.")],
    ),
    retrieve=extend_schema(
        summary="One occupation with its skills", tags=[TAG], responses=OccupationDetailSerializer
    ),
)
class OccupationViewSet(viewsets.ReadOnlyModelViewSet[Occupation]):
    koers_access = Access(public=True, roles=frozenset())
    serializer_class = OccupationSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[Occupation]:
        return selectors.occupation_search(query=self.request.query_params.get("q", ""))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        detail = selectors.occupation_get(occupation_id=int(self.kwargs["pk"]))
        return Response(OccupationDetailSerializer(detail).data)
