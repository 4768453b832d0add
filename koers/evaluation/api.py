"""API endpoints for evaluation studies: thin, over the pages' selectors (aggregates only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.evaluation import selectors
from koers.evaluation.models import Design, Study, StudyStatus
from koers.evaluation.permissions import EVALUATORS
from koers.evaluation.serializers import StudyDetailSerializer, StudySerializer

if TYPE_CHECKING:
    from koers.core.access import KoersRequest
    from koers.core.actor import Actor

TAG = "evaluation"


def actor_of(request: Request) -> Actor:
    return cast("KoersRequest", request).actor


def _choice(request: Request, name: str, choices: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise exceptions.ValidationError(
            {name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}]}
        )
    return value


@extend_schema_view(
    list=extend_schema(
        summary="Evaluation studies",
        description="Your organisation's studies, newest first; estimates are in the detail.",
        tags=[TAG],
        parameters=[
            OpenApiParameter("design", OpenApiTypes.STR, enum=Design.values),
            OpenApiParameter("status", OpenApiTypes.STR, enum=StudyStatus.values),
        ],
    ),
    retrieve=extend_schema(
        summary="One study with its design, diagnostics and estimates",
        tags=[TAG],
        responses=StudyDetailSerializer,
    ),
)
class StudyViewSet(viewsets.ReadOnlyModelViewSet[Study]):
    koers_access = Access(public=False, roles=EVALUATORS)
    serializer_class = StudySerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("-id",)

    def get_queryset(self) -> QuerySet[Study]:
        studies = selectors.study_list(actor=actor_of(self.request))
        design = _choice(self.request, "design", Design.values)
        if design:
            studies = studies.filter(design=design)
        state = _choice(self.request, "status", StudyStatus.values)
        if state:
            studies = studies.filter(status=state)
        return studies

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        study = selectors.study_get(actor=actor_of(request), study_id=int(self.kwargs["pk"]))
        return Response(StudyDetailSerializer(study).data)
