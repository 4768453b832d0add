"""Reads of the people app. Every read starts from the actor; "not found" and "not yours" are
one and the same 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.organisations.models import Organisation, Sector
from koers.people.models import (
    Consent,
    ConsentPurpose,
    EquityProfile,
    ErasureRequest,
    LifeStatus,
    Person,
    RecordShare,
)
from koers.people.permissions import (
    life_status_policy,
    own_record_policy,
    person_policy,
    received_share_policy,
)


def person_list(*, actor: Actor) -> QuerySet[Person]:
    """Persons the actor may see: their own record, or their organisation's clients and shares."""
    return Person.objects.filter(person_policy.visible(actor))


def person_get(*, actor: Actor, person_id: int, purpose: AuditPurpose) -> Person:
    """One person's record; 404 when absent or not the actor's to see.

    Side effects: audit event (read), so every look at a person's file leaves a trace.
    """
    person = get_object_or_404(person_list(actor=actor), id=person_id)
    audit_record(
        actor=actor, action=AuditAction.READ, purpose=purpose, obj=person, person_id=person.id
    )
    return person


def person_for_citizen(*, actor: Actor) -> Person | None:
    """The citizen's own record, or None when they have none yet (see person_register_self)."""
    if actor.role != Role.CITIZEN or actor.user is None:
        return None
    return person_list(actor=actor).first()


def life_status_list(*, actor: Actor, person_id: int) -> QuerySet[LifeStatus]:
    """The person's life-status timeline, newest first; empty when the actor may not see it."""
    return (
        LifeStatus.objects.filter(life_status_policy.visible(actor), person_id=person_id)
        .select_related("recorded_by_organisation")
        .order_by("-start_date", "-id")
    )


def own_life_status_list(*, actor: Actor) -> QuerySet[LifeStatus]:
    """The citizen's own timeline (for changes; life_status_list serves pages)."""
    return LifeStatus.objects.filter(own_record_policy.visible(actor))


def own_life_status_get(*, actor: Actor, life_status_id: int) -> LifeStatus:
    """A period of the citizen's own timeline."""
    return get_object_or_404(own_life_status_list(actor=actor), id=life_status_id)


def consent_list(*, actor: Actor) -> QuerySet[Consent]:
    """The citizen's consents, active and withdrawn, newest first."""
    return Consent.objects.filter(own_record_policy.visible(actor)).order_by("-granted_at", "-id")


def consent_get(*, actor: Actor, consent_id: int) -> Consent:
    return get_object_or_404(consent_list(actor=actor), id=consent_id)


def consent_is_active(*, actor: Actor, person_id: int, purpose: ConsentPurpose) -> bool:
    """Whether the person currently consents to `purpose` (e.g. before a referral shares data).

    Raises Http404 when the actor may not see the person at all.
    """
    if not person_list(actor=actor).filter(id=person_id).exists():
        raise Http404
    return Consent.objects.filter(
        person_id=person_id, purpose=purpose, revoked_at__isnull=True
    ).exists()


def equity_profile_for_citizen(*, actor: Actor) -> EquityProfile | None:
    return EquityProfile.objects.filter(own_record_policy.visible(actor)).first()


def record_share_list(*, actor: Actor) -> QuerySet[RecordShare]:
    """The shares the citizen granted, newest first, with the receiving organisation."""
    return (
        RecordShare.objects.filter(own_record_policy.visible(actor))
        .select_related("organisation")
        .order_by("-created_at", "-id")
    )


def record_share_get(*, actor: Actor, share_id: int) -> RecordShare:
    return get_object_or_404(record_share_list(actor=actor), id=share_id)


def shared_record_list(*, actor: Actor) -> QuerySet[RecordShare]:
    """Active shares granted to the actor's organisation, with the person; soonest expiry first.

    For the receiving provider's "shared with us" list. Opening a person's file goes through
    person_get, which audits the read.
    """
    return (
        RecordShare.objects.filter(received_share_policy.visible(actor))
        .active(timezone.now())
        .select_related("person")
        .order_by("expires_at", "id")
    )


def sharing_provider_list(*, actor: Actor) -> QuerySet[Organisation]:
    """Providers a citizen can share their record with: every organisation but networks."""
    own_record_policy.require(actor, "manage")
    return Organisation.objects.exclude(sector=Sector.NETWORK).order_by("name", "id")


def erasure_request_list(*, actor: Actor) -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(own_record_policy.visible(actor)).order_by(
        "-requested_at", "-id"
    )
