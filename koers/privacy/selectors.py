"""Privacy reads: erasure requests to review, retention rules and previews, extract records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.people.models import ErasureRequest
from koers.privacy.models import ExtractRecord, RecordType, RetentionRule
from koers.privacy.services import (
    OPEN_STATUSES,
    holding_organisation_ids,
    holds_records,
    past_retention,
    staff_organisation,
    years_before,
)

REVIEWERS = (Role.SERVICE_MANAGER,)
RETENTION_MANAGERS = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


def erasure_request_list(*, actor: Actor) -> QuerySet[ErasureRequest]:
    """Open requests about people the actor's organisation holds records on, and the requests
    it decided; open first, oldest first.

    Permission: service managers.
    """
    organisation_id = staff_organisation(actor, *REVIEWERS)
    open_here = Q(status__in=OPEN_STATUSES, person__isnull=False) & holds_records(organisation_id)
    return (
        ErasureRequest.objects.filter(open_here | Q(review__organisation_id=organisation_id))
        .select_related("review")
        .order_by("handled_at", "requested_at", "id")
    )


def erasure_request_get(*, actor: Actor, request_id: int) -> ErasureRequest:
    """One request from `erasure_request_list`; 404 when not the actor's to see."""
    request = erasure_request_list(actor=actor).filter(id=request_id).first()
    if request is None:
        raise Http404
    return request


def erasure_request_own_list(*, actor: Actor) -> QuerySet[ErasureRequest]:
    """The citizen's own open requests (decided ones lose their link to the person)."""
    actor.require_role(Role.CITIZEN)
    if actor.user is None:
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(person__user_id=actor.user.pk).order_by("-requested_at")


def self_held_only(*, person_id: int) -> bool:
    """True when no organisation holds records about the person: the citizen decides alone."""
    return not holding_organisation_ids(person_id)


@dataclass(frozen=True)
class RetentionLine:
    organisation_id: int
    organisation_name: str
    record_type: str
    years: int
    cutoff: dt.date
    engagements: int


def retention_preview(*, today: dt.date, organisation_id: int | None = None) -> list[RetentionLine]:
    """Per organisation with a rule: what the next retention run would pseudonymise."""
    rules = RetentionRule.objects.filter(record_type=RecordType.ENDED_ENGAGEMENT).select_related(
        "organisation"
    )
    if organisation_id is not None:
        rules = rules.filter(organisation_id=organisation_id)
    counts = dict(
        past_retention(today=today, organisation_id=organisation_id)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    return [
        RetentionLine(
            organisation_id=rule.organisation_id,
            organisation_name=rule.organisation.name,
            record_type=rule.record_type,
            years=rule.years,
            cutoff=years_before(today, rule.years),
            engagements=counts.get(rule.organisation_id, 0),
        )
        for rule in rules.order_by("organisation__name", "record_type")
    ]


def retention_rule_list(*, actor: Actor) -> QuerySet[RetentionRule]:
    organisation_id = staff_organisation(actor, *RETENTION_MANAGERS)
    return RetentionRule.objects.filter(organisation_id=organisation_id)


def extract_record_list(*, actor: Actor) -> QuerySet[ExtractRecord]:
    """The organisation's research extracts, newest first.

    Permission: service managers and organisation administrators.
    """
    organisation_id = staff_organisation(actor, *RETENTION_MANAGERS)
    return (
        ExtractRecord.objects.filter(organisation_id=organisation_id)
        .select_related("project")
        .order_by("-created_at", "-id")
    )
