"""The audit trail: every read of a person's file and every change of tenant data."""

from __future__ import annotations

from typing import Any

from django.db import models

from koers.core.actor import Actor
from koers.core.models import AuditAction, AuditEvent, AuditPurpose
from koers.core.roles import Role

AUDIT_READERS = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)


def audit_record(
    *,
    actor: Actor,
    action: AuditAction,
    purpose: AuditPurpose,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    organisation_id: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail.

    Side effects: inserts an AuditEvent; callers run it inside their service's transaction so a
    change and its audit line land together or not at all.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        actor_user_id=actor.user.pk if actor.user else None,
        actor_email=actor.email,
        actor_role=actor.role or "",
        organisation_id=organisation_id if organisation_id is not None else actor.organisation_id,
        action=action,
        purpose=purpose,
        object_type=object_type,
        object_id=str(object_id),
        person_id=person_id,
        summary=summary[:300],
        changes=changes or {},
    )


def audit_event_list(
    *, actor: Actor, action: str = "", before_id: int | None = None
) -> models.QuerySet[AuditEvent]:
    """The trail of the actor's organisation, newest first; keyset-paginated by `before_id`.

    Permission: service managers and organisation administrators.
    """
    actor.require_role(*AUDIT_READERS)
    events = AuditEvent.objects.filter(organisation_id=actor.organisation_id)
    if action:
        events = events.filter(action=action)
    if before_id is not None:
        events = events.filter(id__lt=before_id)
    return events.order_by("-id")
