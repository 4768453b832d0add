"""API endpoints for guidance delivery: thin, over the pages' selectors and services.

Confidential notes never leave through the API: activities are read with
`can_read_notes=False` whoever asks, and no serializer has a field for them (logging an activity
may write one; it is never echoed back).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from koers.core.access import Access
from koers.core.roles import Role
from koers.delivery import selectors, services
from koers.delivery.models import (
    Attendance,
    Employer,
    Engagement,
    Opportunity,
    Participation,
    ParticipationStatus,
    PractitionerProfile,
    Referral,
    ReferralStatus,
    Step,
    StepStatus,
)
from koers.delivery.permissions import CASEWORKERS
from koers.delivery.serializers import (
    ActivityCreateSerializer,
    ActivitySerializer,
    EmployerSerializer,
    EngagementSerializer,
    GoalSerializer,
    OpportunitySerializer,
    ParticipationSerializer,
    PractitionerProfileDetailSerializer,
    PractitionerProfileSerializer,
    ReferralSerializer,
    ReferralTransitionSerializer,
    StepSerializer,
    StepUpdateSerializer,
)
from koers.delivery.triage import ServiceLevel
from koers.people.api import UPDATED_SINCE, updated_since

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

    @extend_schema(
        summary="Log an activity on an engagement",
        description=(
            "A session or encounter that took place, logged in the name of the calling "
            "practitioner or service manager. The confidential note is stored for the assigned "
            "practitioners and never returned. API tokens cannot log activities: an activity is "
            "always logged by a person."
        ),
        tags=["engagements"],
        request=ActivityCreateSerializer,
        responses={201: ActivitySerializer},
    )
    @activities.mapping.post
    def activity_log(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        if actor.membership_id is None:
            raise exceptions.PermissionDenied(
                _("An activity is logged by a person; an API token cannot log one."),
                code="person_required",
            )
        engagement = self.get_object()
        given = ActivityCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        logged = services.activity_record(
            actor=actor,
            engagement_id=engagement.id,
            occurred_on=data["occurred_on"],
            duration_minutes=data["duration_minutes"],
            service_id=data["service"],
            attendance=Attendance(data["attendance"]),
            takeaway=data["takeaway"],
            confidential_note=data["confidential_note"],
            next_follow_up_on=data["next_follow_up_on"],
        )
        row = selectors.activity_list(actor=actor, engagement=engagement, can_read_notes=False).get(
            id=logged.id
        )
        return Response(ActivitySerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The action plan of an engagement",
        description="Its goals, each with its steps (due date first).",
        tags=["action plans"],
        responses=GoalSerializer(many=True),
    )
    @action(detail=True, url_path="action-plan", pagination_class=None)
    def action_plan(self, request: Request, pk: str) -> Response:
        engagement = self.get_object()
        goals = selectors.goal_list(actor=actor_of(request), engagement_id=engagement.id)
        return Response(GoalSerializer(goals, many=True).data)


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


def choice_param(request: Request, name: str, choices: list[str]) -> str:
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise exceptions.ValidationError(
            {name: [_("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}]}
        )
    return value


def date_range(queryset: QuerySet[Any], request: Request, field: str, prefix: str) -> QuerySet[Any]:
    """Filter `field` by `<prefix>_from` and `<prefix>_until` (inclusive dates)."""
    start = date_param(request, f"{prefix}_from")
    end = date_param(request, f"{prefix}_until")
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def date_range_parameters(prefix: str, what: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(f"{prefix}_from", OpenApiTypes.DATE, description=f"{what} on or after."),
        OpenApiParameter(f"{prefix}_until", OpenApiTypes.DATE, description=f"{what} on or before."),
    ]


ENGAGEMENT_PARAMETER = OpenApiParameter(
    "engagement", OpenApiTypes.INT, description="Only rows of this engagement."
)


def engagement_filter(queryset: QuerySet[Any], request: Request, field: str) -> QuerySet[Any]:
    value = request.query_params.get("engagement", "")
    if not value:
        return queryset
    if not value.isdigit() or len(value) > 18:  # noqa: PLR2004 - fits a bigint
        raise exceptions.ValidationError({"engagement": [_("Give an engagement id (a number).")]})
    return queryset.filter(**{field: int(value)})


class StepConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this step since you read it.")
    default_code = "conflict"


@extend_schema_view(
    list=extend_schema(
        summary="Action-plan steps",
        description="Ordered by `updated_at` for incremental sync.",
        tags=["action plans"],
        parameters=[
            UPDATED_SINCE,
            ENGAGEMENT_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, enum=StepStatus.values),
            *date_range_parameters("due", "Due"),
        ],
    ),
    retrieve=extend_schema(summary="One action-plan step", tags=["action plans"]),
    partial_update=extend_schema(
        summary="Change a step",
        description=(
            "Send the `version` you read. If someone changed the step since, nothing is saved "
            "and the answer is 409: read the step again and retry."
        ),
        tags=["action plans"],
        request=StepUpdateSerializer,
        responses={200: StepSerializer},
    ),
)
class StepViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Step]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = StepSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("updated_at", "id")
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Step]:
        steps = selectors.step_list(actor=actor_of(self.request))
        since = updated_since(self.request)
        if since is not None:
            steps = steps.filter(updated_at__gte=since)
        state = choice_param(self.request, "status", StepStatus.values)
        if state:
            steps = steps.filter(status=state)
        steps = engagement_filter(steps, self.request, "goal__plan__engagement_id")
        return date_range(steps, self.request, "due_on", "due")

    def get_object(self) -> Step:
        return selectors.step_get(actor=actor_of(self.request), step_id=int(self.kwargs["pk"]))

    def partial_update(self, request: Request, pk: str) -> Response:
        actor = actor_of(request)
        step = self.get_object()
        given = StepUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            updated = services.step_update(
                actor=actor,
                step_id=step.id,
                version=data["version"],
                status=StepStatus(data["status"]),
                due_on=data.get("due_on", step.due_on),
                text=data.get("text"),
            )
        except ValidationError as error:
            if selectors.step_get(actor=actor, step_id=step.id).version != data["version"]:
                raise StepConflict(" ".join(error.messages)) from error
            raise
        return Response(StepSerializer(updated).data)


@extend_schema_view(
    list=extend_schema(
        summary="Referrals to partner services",
        tags=["referrals"],
        parameters=[
            ENGAGEMENT_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, enum=ReferralStatus.values),
            *date_range_parameters("created", "Proposed"),
        ],
    ),
    retrieve=extend_schema(summary="One referral", tags=["referrals"]),
)
class ReferralViewSet(viewsets.ReadOnlyModelViewSet[Referral]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = ReferralSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("-id",)

    def get_queryset(self) -> QuerySet[Referral]:
        referrals = selectors.referral_list(actor=actor_of(self.request))
        state = choice_param(self.request, "status", ReferralStatus.values)
        if state:
            referrals = referrals.filter(status=state)
        referrals = engagement_filter(referrals, self.request, "engagement_id")
        return date_range(referrals, self.request, "created_at__date", "created")

    def get_object(self) -> Referral:
        return selectors.referral_get(
            actor=actor_of(self.request), referral_id=int(self.kwargs["pk"])
        )

    @extend_schema(
        summary="Move a referral to its next status",
        description=(
            "proposed → sent → accepted → completed, or sent → declined / no_response. "
            "Sending with personal data needs the person's consent."
        ),
        tags=["referrals"],
        request=ReferralTransitionSerializer,
        responses={200: ReferralSerializer},
    )
    @action(detail=True, methods=["post"], url_path="transition")
    def transition(self, request: Request, pk: str) -> Response:
        referral = self.get_object()
        given = ReferralTransitionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.referral_transition(
            actor=actor_of(request),
            referral_id=referral.id,
            to_status=ReferralStatus(given.validated_data["status"]),
            outcome=given.validated_data["outcome"],
        )
        return Response(ReferralSerializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Places of your clients in employer opportunities",
        tags=["employers"],
        parameters=[
            ENGAGEMENT_PARAMETER,
            OpenApiParameter("status", OpenApiTypes.STR, enum=ParticipationStatus.values),
        ],
    ),
    retrieve=extend_schema(summary="One participation", tags=["employers"]),
)
class ParticipationViewSet(viewsets.ReadOnlyModelViewSet[Participation]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = ParticipationSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("-id",)

    def get_queryset(self) -> QuerySet[Participation]:
        rows = selectors.participation_list(actor=actor_of(self.request))
        state = choice_param(self.request, "status", ParticipationStatus.values)
        if state:
            rows = rows.filter(status=state)
        return engagement_filter(rows, self.request, "engagement_id")

    def get_object(self) -> Participation:
        return selectors.participation_get(
            actor=actor_of(self.request), participation_id=int(self.kwargs["pk"])
        )


@extend_schema_view(
    list=extend_schema(
        summary="Employer opportunities (workplace visits, internships, …)",
        tags=["employers"],
        parameters=[
            OpenApiParameter("employer", OpenApiTypes.INT),
            *date_range_parameters("starts", "Starting"),
        ],
    ),
    retrieve=extend_schema(summary="One opportunity", tags=["employers"]),
)
class OpportunityViewSet(viewsets.ReadOnlyModelViewSet[Opportunity]):
    koers_access = Access(public=False, roles=CASEWORKERS)
    serializer_class = OpportunitySerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[Opportunity]:
        employer = self.request.query_params.get("employer", "")
        if employer and (not employer.isdigit() or len(employer) > 18):  # noqa: PLR2004
            raise exceptions.ValidationError({"employer": [_("Give an employer id (a number).")]})
        rows = selectors.opportunity_list(
            actor=actor_of(self.request), employer_id=int(employer) if employer else None
        )
        return date_range(rows, self.request, "starts_on", "starts")

    def get_object(self) -> Opportunity:
        return selectors.opportunity_get(
            actor=actor_of(self.request), opportunity_id=int(self.kwargs["pk"])
        )


@extend_schema_view(
    list=extend_schema(
        summary="Practitioner profiles",
        description=(
            "Registration, CPD hours in the last year and whether a guidance qualification is "
            "held. Practitioners see their own profile."
        ),
        tags=["practitioners"],
    ),
    retrieve=extend_schema(
        summary="One practitioner profile, with qualifications and CPD",
        tags=["practitioners"],
        responses=PractitionerProfileDetailSerializer,
    ),
)
class PractitionerProfileViewSet(viewsets.ReadOnlyModelViewSet[PractitionerProfile]):
    koers_access = Access(
        public=False,
        roles=frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN}),
    )
    serializer_class = PractitionerProfileSerializer
    lookup_value_regex = r"\d+"
    cursor_ordering = ("id",)

    def get_queryset(self) -> QuerySet[PractitionerProfile]:
        return selectors.practitioner_profile_list(actor=actor_of(self.request))

    def get_object(self) -> PractitionerProfile:
        return selectors.practitioner_profile_get(
            actor=actor_of(self.request), profile_id=int(self.kwargs["pk"])
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(PractitionerProfileDetailSerializer(self.get_object()).data)
