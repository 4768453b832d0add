"""API endpoints for quality indicator snapshots: aggregates of the caller's own organisation.

Totals are read as the quality pages show them; breakdowns by equity group go through the same
disclosure control as the pages (a group too small to show comes back with every number null).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.quality import selectors
from koers.quality.indicators import INDICATORS, Period
from koers.quality.models import IndicatorSnapshot
from koers.quality.serializers import IndicatorBreakdownsSerializer, IndicatorSnapshotSerializer

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

TAG = "quality"
PERIOD = OpenApiParameter(
    "period", OpenApiTypes.STR, description="A year such as 2026; the current year by default."
)


def actor_of(request: Request) -> Actor:
    return cast("KoersRequest", request).actor


def period_of(request: Request) -> Period:
    text = request.query_params.get("period", "") or str(timezone.localdate().year)
    try:
        return Period.parse(text)
    except ValueError as error:
        raise exceptions.ValidationError(
            {"period": [_("Give a year between 1950 and 2200, such as 2026.")]}
        ) from error


@extend_schema_view(
    list=extend_schema(
        summary="Indicator totals for a period",
        description="Your organisation's computed quality indicators (one row per indicator).",
        tags=[TAG],
        parameters=[PERIOD],
    ),
)
class IndicatorSnapshotViewSet(viewsets.GenericViewSet[IndicatorSnapshot]):
    koers_access = Access(public=False, roles=frozenset(selectors.QUALITY_ROLES))
    serializer_class = IndicatorSnapshotSerializer
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[IndicatorSnapshot]:
        return selectors.snapshot_list(actor=actor_of(self.request), period=period_of(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One indicator broken down by equity group",
        description=(
            "Every breakdown of the indicator in the period, disclosure-controlled: a group "
            "too small to show (or one that would reveal another) has all numbers null."
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, required=True, enum=sorted(INDICATORS)),
            PERIOD,
        ],
        responses=IndicatorBreakdownsSerializer,
    )
    @action(detail=False, url_path="breakdowns", pagination_class=None)
    def breakdowns(self, request: Request) -> Response:
        code = request.query_params.get("indicator", "")
        if code not in INDICATORS:
            raise exceptions.ValidationError(
                {"indicator": [_("Give the code of an indicator, such as SP1.")]}
            )
        period = period_of(request)
        found = selectors.indicator_breakdowns(actor=actor_of(request), code=code, period=period)
        body = {
            "indicator": code,
            "period": period.key,
            "breakdowns": [{"breakdown": name, "groups": groups} for name, groups in found.items()],
        }
        return Response(IndicatorBreakdownsSerializer(body).data)
