"""Reads of the delivery app. Every read starts from the actor; not found and not yours are one
404; detail selectors are built on list selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.delivery.models import (
    ActivityParticipant,
    CheckIn,
    CpdEntry,
    Employer,
    Engagement,
    Goal,
    InterventionType,
    Opportunity,
    Participation,
    PartnerService,
    PractitionerProfile,
    Qualification,
    Referral,
    Service,
    Step,
)
from koers.delivery.permissions import (
    engagement_policy,
    organisation_data_policy,
    practitioner_profile_policy,
)
from koers.delivery.querysets import EngagementQuerySet
from koers.organisations.models import Membership
from koers.people.models import Person
from koers.people.selectors import person_for_citizen, person_get

CASELOAD_PAGE_SIZE = 25


# --- Catalogue and organisation lists ----------------------------------------------------------


def intervention_type_list() -> QuerySet[InterventionType]:
    """The shared catalogue; the same for everyone."""
    return InterventionType.objects.order_by("id")


def service_list(*, actor: Actor, active_only: bool = False) -> QuerySet[Service]:
    services = Service.objects.filter(organisation_data_policy.visible(actor)).select_related(
        "intervention_type"
    )
    if active_only:
        services = services.filter(is_active=True)
    return services.order_by("name", "id")


def practitioner_choices(*, actor: Actor) -> QuerySet[Membership]:
    """Active practitioners of the actor's organisation, for assigning to an engagement."""
    if not organisation_data_policy.can(actor, "view") or actor.organisation_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(organisation_id=actor.organisation_id, role=Role.PRACTITIONER)
        .select_related("user")
        .order_by("user__full_name", "id")
    )


def employer_list(*, actor: Actor) -> QuerySet[Employer]:
    return (
        Employer.objects.filter(organisation_data_policy.visible(actor))
        .annotate(opportunity_count=Count("opportunities"))
        .order_by("name", "id")
    )


def employer_get(*, actor: Actor, employer_id: int) -> Employer:
    return get_object_or_404(employer_list(actor=actor), id=employer_id)


def opportunity_list(
    *, actor: Actor, employer_id: int | None = None, upcoming_from: dt.date | None = None
) -> QuerySet[Opportunity]:
    """Opportunities with `taken`: places held by planned participants or people who took part."""
    opportunities = (
        Opportunity.objects.filter(organisation_data_policy.visible(actor))
        .select_related("employer")
        .annotate(
            taken=Count(
                "participations",
                filter=Q(participations__status__in=["planned", "took_part"]),
            )
        )
    )
    if employer_id is not None:
        opportunities = opportunities.filter(employer_id=employer_id)
    if upcoming_from is not None:
        opportunities = opportunities.filter(ends_on__gte=upcoming_from)
    return opportunities.order_by("starts_on", "id")


def opportunity_get(*, actor: Actor, opportunity_id: int) -> Opportunity:
    return get_object_or_404(opportunity_list(actor=actor), id=opportunity_id)


def opportunity_participation_list(*, actor: Actor, opportunity_id: int) -> QuerySet[Participation]:
    """Who takes part in an opportunity: only people whose engagement the actor may see."""
    return (
        Participation.objects.filter(
            opportunity_id=opportunity_id,
            engagement__in=Engagement.objects.filter(engagement_policy.visible(actor)),
        )
        .select_related("engagement__person")
        .order_by("engagement__person__family_name", "id")
    )


def partner_list(
    *, actor: Actor, kind: str = "", region_code: str = "", active_only: bool = False
) -> QuerySet[PartnerService]:
    partners = PartnerService.objects.filter(organisation_data_policy.visible(actor))
    if kind:
        partners = partners.filter(kind=kind)
    if region_code:
        partners = partners.filter(region_code=region_code)
    if active_only:
        partners = partners.filter(is_active=True)
    return partners.order_by("kind", "name", "id")


# --- Practitioner profiles ---------------------------------------------------------------------


def practitioner_profile_list(
    *, actor: Actor, today: dt.date | None = None
) -> QuerySet[PractitionerProfile]:
    """Profiles with `cpd_hours_year` (last 365 days) and `has_guidance_qualification`."""
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    return (
        PractitionerProfile.objects.filter(practitioner_profile_policy.visible(actor))
        .select_related("membership__user")
        .annotate(
            cpd_hours_year=Sum(
                "cpd_entries__hours",
                filter=Q(cpd_entries__date__gt=year_ago, cpd_entries__date__lte=today),
                default=Decimal(0),
            ),
            has_guidance_qualification=Exists(
                Qualification.objects.filter(
                    profile_id=OuterRef("pk"), is_guidance_qualification=True
                )
            ),
        )
        .order_by("membership__user__full_name", "id")
    )


def practitioner_profile_get(*, actor: Actor, profile_id: int) -> PractitionerProfile:
    return get_object_or_404(
        practitioner_profile_list(actor=actor).prefetch_related(
            Prefetch("qualifications", queryset=Qualification.objects.order_by("-eqf_level")),
            Prefetch("cpd_entries", queryset=CpdEntry.objects.order_by("-date", "-id")),
        ),
        id=profile_id,
    )


def own_practitioner_profile(*, actor: Actor) -> PractitionerProfile | None:
    """The practitioner's own profile, or None before they first fill it in."""
    if actor.role != Role.PRACTITIONER or actor.membership_id is None:
        return None
    profile = practitioner_profile_list(actor=actor).filter(membership_id=actor.membership_id)
    found = profile.values_list("id", flat=True).first()
    return None if found is None else practitioner_profile_get(actor=actor, profile_id=found)


# --- Engagements ------------------------------------------------------------------------------


def engagement_scope(*, actor: Actor) -> EngagementQuerySet:
    """Engagements the actor may see (no joins or annotations: for existence and lookups)."""
    return Engagement.objects.filter(engagement_policy.visible(actor))


@dataclass(frozen=True)
class CaseloadFilters:
    service_level: str = ""
    follow_up_due: bool = False
    quiet_weeks: int | None = None
    query: str = ""
    include_ended: bool = False
    before_id: int | None = None


def engagement_list(
    *, actor: Actor, filters: CaseloadFilters | None = None, today: dt.date | None = None
) -> EngagementQuerySet:
    """The caseload: a practitioner's own engagements, or all of a manager's organisation.

    Annotated with `last_activity_on`; newest first, keyset-paginated on id (`before_id`).
    """
    filters = filters or CaseloadFilters()
    today = today or timezone.localdate()
    engagement_policy.require(actor, "view")
    engagements = (
        engagement_scope(actor=actor)
        .select_related("person")
        .with_last_activity()
        .prefetch_related(
            Prefetch("practitioners", queryset=Membership.objects.select_related("user"))
        )
    )
    if not filters.include_ended:
        engagements = engagements.open()
    if filters.service_level:
        engagements = engagements.filter(service_level=filters.service_level)
    if filters.follow_up_due:
        engagements = engagements.follow_up_due(today)
    if filters.quiet_weeks is not None:
        engagements = engagements.quiet_since(today - dt.timedelta(weeks=filters.quiet_weeks))
    if filters.query:
        engagements = engagements.filter(_search(filters.query))
    if filters.before_id is not None:
        engagements = engagements.filter(id__lt=filters.before_id)
    return engagements.order_by("-id")


def _search(query: str) -> Q:
    query = query.strip()
    condition = Q(person__reference__iexact=query)
    # Trajectory references read T000123.
    if query[:1] in "Tt" and query[1:].isdigit():
        condition |= Q(id=int(query[1:]))
    for word in query.split():
        condition |= Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word)
    return condition


def engagement_get(*, actor: Actor, engagement_id: int) -> Engagement:
    """One engagement of the caseload (open or ended); 404 when not the actor's to see."""
    return get_object_or_404(
        engagement_list(actor=actor, filters=CaseloadFilters(include_ended=True)),
        id=engagement_id,
    )


@dataclass(frozen=True)
class ClientFile:
    engagement: Engagement
    person: Person
    can_read_notes: bool
    activities: list[ActivityParticipant]
    goals: list[Goal]
    referrals: list[Referral]
    participations: list[Participation]
    check_ins: list[CheckIn]


def activity_list(
    *, actor: Actor, engagement: Engagement, can_read_notes: bool
) -> QuerySet[ActivityParticipant]:
    """The engagement's activities, each with `visible_note`: the confidential note for the
    practitioners assigned to the engagement, empty for everyone else."""
    note = F("confidential_note") if can_read_notes else Value("", output_field=TextField())
    return (
        ActivityParticipant.objects.filter(engagement=engagement)
        .defer("confidential_note")
        .annotate(visible_note=note)
        .select_related(
            "activity__service__intervention_type",
            "activity__practitioner__user",
        )
        .annotate(group_size=Count("activity__participants"))
        .order_by("-activity__occurred_on", "-id")
    )


def engagement_file_get(*, actor: Actor, engagement_id: int) -> ClientFile:
    """Everything on the client file page, in a fixed number of queries.

    Side effects: audit event (read) through person_get.
    """
    engagement = engagement_get(actor=actor, engagement_id=engagement_id)
    person = person_get(actor=actor, person_id=engagement.person_id, purpose=AuditPurpose.GUIDANCE)
    can_read_notes = engagement_policy.can_read_notes(
        actor, {m.id for m in engagement.practitioners.all()}
    )
    goals = list(
        Goal.objects.filter(plan__engagement=engagement)
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("due_on", "id")))
        .order_by("id")
    )
    return ClientFile(
        engagement=engagement,
        person=person,
        can_read_notes=can_read_notes,
        activities=list(
            activity_list(actor=actor, engagement=engagement, can_read_notes=can_read_notes)
        ),
        goals=goals,
        referrals=list(
            Referral.objects.filter(engagement=engagement)
            .select_related("partner")
            .order_by("-created_at", "-id")
        ),
        participations=list(
            Participation.objects.filter(engagement=engagement)
            .select_related("opportunity__employer")
            .order_by("-created_at", "-id")
        ),
        check_ins=list(CheckIn.objects.filter(engagement=engagement).order_by("-due_on", "-id")),
    )


def referral_list(*, actor: Actor) -> QuerySet[Referral]:
    """Referrals of the engagements the actor may see, newest first."""
    engagement_policy.require(actor, "view")
    return (
        Referral.objects.filter(engagement__in=engagement_scope(actor=actor))
        .select_related("partner", "engagement__person")
        .order_by("-created_at", "-id")
    )


def referral_get(*, actor: Actor, referral_id: int) -> Referral:
    return get_object_or_404(referral_list(actor=actor), id=referral_id)


def participation_list(*, actor: Actor) -> QuerySet[Participation]:
    """Places in employer opportunities of the engagements the actor may see, newest first."""
    engagement_policy.require(actor, "view")
    return (
        Participation.objects.filter(engagement__in=engagement_scope(actor=actor))
        .select_related("opportunity__employer", "engagement__person")
        .order_by("-created_at", "-id")
    )


def participation_get(*, actor: Actor, participation_id: int) -> Participation:
    return get_object_or_404(participation_list(actor=actor), id=participation_id)


def check_in_get(*, actor: Actor, check_in_id: int) -> CheckIn:
    engagement_policy.require(actor, "view")
    return get_object_or_404(
        CheckIn.objects.filter(engagement__in=engagement_scope(actor=actor)), id=check_in_id
    )


# --- The citizen's own action plan ------------------------------------------------------------


def own_goal_list(*, actor: Actor) -> QuerySet[Goal]:
    """The citizen's goals across every provider, with their steps and the provider's name.

    Side effects: audit event (the citizen reads their own record).
    """
    engagement_policy.require(actor, "view_own")
    person = person_for_citizen(actor=actor)
    if person is None:
        return Goal.objects.none()
    goals = (
        Goal.objects.filter(plan__engagement__in=engagement_scope(actor=actor))
        .select_related("plan__engagement__organisation")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("due_on", "id")))
        .order_by("plan__engagement__organisation__name", "id")
    )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        purpose=AuditPurpose.OWN_RECORD,
        object_type="delivery.actionplan",
        person_id=person.id,
        summary="own action plan",
    )
    return goals


def own_step_get(*, actor: Actor, step_id: int) -> Step:
    engagement_policy.require(actor, "view_own")
    return get_object_or_404(
        Step.objects.filter(goal__plan__engagement__in=engagement_scope(actor=actor)), id=step_id
    )


def goal_list(*, actor: Actor, engagement_id: int) -> QuerySet[Goal]:
    """The goals of one engagement's action plan, each with its steps (due date first)."""
    engagement_policy.require(actor, "view")
    return (
        Goal.objects.filter(
            plan__engagement__in=engagement_scope(actor=actor), plan__engagement_id=engagement_id
        )
        .select_related("plan")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("due_on", "id")))
        .order_by("id")
    )


def step_list(*, actor: Actor) -> QuerySet[Step]:
    """Action-plan steps of the engagements the actor may see (staff), with their goal's plan."""
    engagement_policy.require(actor, "view")
    return Step.objects.filter(
        goal__plan__engagement__in=engagement_scope(actor=actor)
    ).select_related("goal__plan")


def step_get(*, actor: Actor, step_id: int) -> Step:
    """A step of a plan in the actor's caseload (staff) or of the citizen's own plan."""
    return get_object_or_404(
        Step.objects.filter(
            goal__plan__engagement__in=engagement_scope(actor=actor)
        ).select_related("goal__plan"),
        id=step_id,
    )


def goal_get(*, actor: Actor, goal_id: int) -> Goal:
    """A goal of a plan in the actor's caseload."""
    engagement_policy.require(actor, "view")
    return get_object_or_404(
        Goal.objects.filter(plan__engagement__in=engagement_scope(actor=actor)).select_related(
            "plan"
        ),
        id=goal_id,
    )
