from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from koers.core.actor import Actor
from koers.core.models import User
from koers.core.roles import Role
from koers.organisations.models import Membership, Organisation
from koers.organisations.permissions import membership_policy, organisation_policy


def actor_for_user(
    *, user: User | None, membership_id: int | None
) -> tuple[Actor, list[Membership]]:
    """Build the request's actor from the user's active memberships (one query).

    The membership chosen in the session wins; otherwise the oldest. A user without an active
    membership acts as a citizen. Also returns the memberships, for the role switcher.
    """
    if user is None or not user.is_authenticated:
        return Actor.anonymous(), []
    memberships = list(
        Membership.objects.active().filter(user=user).select_related("organisation").order_by("id")
    )
    if not memberships:
        return Actor(user=user, role=Role.CITIZEN), []
    chosen = next((m for m in memberships if m.id == membership_id), memberships[0])
    return (
        Actor(
            user=user,
            role=Role(chosen.role),
            organisation_id=chosen.organisation_id,
            membership_id=chosen.id,
            organisation_name=chosen.organisation.name,
            organisation_path=chosen.organisation.path,
        ),
        memberships,
    )


def organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    """Organisations the actor may see, with how many active staff each has."""
    return (
        Organisation.objects.filter(organisation_policy.visible(actor))
        .select_related("parent")
        .annotate(staff_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("path", "name")
    )


def organisation_get(*, actor: Actor, organisation_id: int) -> Organisation:
    """One organisation; 404 when it does not exist or is not the actor's to see."""
    return get_object_or_404(organisation_list(actor=actor), id=organisation_id)


def membership_list(*, actor: Actor) -> QuerySet[Membership]:
    membership_policy.require(actor, "view")
    return (
        Membership.objects.filter(membership_policy.visible(actor))
        .select_related("user")
        .order_by("-is_active", "user__full_name", "role")
    )


def membership_get(*, actor: Actor, membership_id: int) -> Membership:
    return get_object_or_404(membership_list(actor=actor), id=membership_id)
