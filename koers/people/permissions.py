"""Who sees which person, and which part of their record.

A Person belongs to the citizen. Staff of a provider see a person only
- through an engagement of the person with their organisation (the delivery app), or
- through an active RecordShare the citizen granted to their organisation.
Policy analysts never see person-level data.

The engagement hook: people may not import delivery (the layers point the other way). Delivery's
`Engagement` has `person = ForeignKey(Person, related_name="engagements")` and an `organisation`
foreign key; we find that reverse relation through the model registry at query time, so this
module works both before and after the delivery app defines it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import ForeignObjectRel, Q, QuerySet
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role
from koers.people.models import Person, RecordShare, ShareScope

# Staff who work with clients. Organisation administrators manage staff and set-up, not clients;
# analysts work with disclosure-controlled aggregates only.
CLIENT_ROLES = frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER})
ENGAGEMENTS = "engagements"


def engaged_person_ids(organisation_id: int) -> QuerySet[Any, Any] | None:
    """Ids of persons with an engagement at the organisation, or None before delivery exists."""
    try:
        relation = Person._meta.get_field(ENGAGEMENTS)
    except FieldDoesNotExist:
        return None
    if not isinstance(relation, ForeignObjectRel) or isinstance(relation.related_model, str):
        raise ImproperlyConfigured(f"Person.{ENGAGEMENTS} must be a reverse foreign key.")
    engagements = relation.related_model._default_manager.filter(organisation_id=organisation_id)
    return engagements.values(relation.field.attname)


def shared_person_ids(organisation_id: int, scope: ShareScope | None = None) -> QuerySet[Any, Any]:
    """Ids of persons with an active share to the organisation (optionally covering `scope`)."""
    shares = RecordShare.objects.active(timezone.now()).filter(organisation_id=organisation_id)
    if scope is not None:
        shares = shares.with_scope(scope)
    return shares.values("person_id")


def _staff_person_q(actor: Actor, *, field: str, scope: ShareScope | None) -> Q:
    if actor.role not in CLIENT_ROLES or actor.organisation_id is None:
        return NOTHING
    condition = Q(**{f"{field}__in": shared_person_ids(actor.organisation_id, scope)})
    engaged = engaged_person_ids(actor.organisation_id)
    if engaged is not None:
        condition |= Q(**{f"{field}__in": engaged})
    return condition


def _own_q(actor: Actor, *, field: str) -> Q:
    if actor.role != Role.CITIZEN or actor.user is None:
        return NOTHING
    return Q(**{field: actor.user.pk})


class PersonPolicy(Policy):
    actions = {
        "view": frozenset({Role.CITIZEN, *CLIENT_ROLES}),
        "register": frozenset(CLIENT_ROLES),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.CITIZEN:
            return _own_q(actor, field="user_id")
        return _staff_person_q(actor, field="id", scope=None)


class LifeStatusPolicy(Policy):
    """The timeline: the citizen's own; a provider's own clients; shared with scope timeline."""

    actions = {
        "view": frozenset({Role.CITIZEN, *CLIENT_ROLES}),
        "record": frozenset({Role.CITIZEN, *CLIENT_ROLES}),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.CITIZEN:
            return _own_q(actor, field="person__user_id")
        return _staff_person_q(actor, field="person_id", scope=ShareScope.TIMELINE)


class OwnRecordPolicy(Policy):
    """Consents, shares granted, equity profile, erasure requests: the citizen's alone."""

    actions = {"view": frozenset({Role.CITIZEN}), "manage": frozenset({Role.CITIZEN})}

    def visible(self, actor: Actor) -> Q:
        return _own_q(actor, field="person__user_id")


class ReceivedSharePolicy(Policy):
    """Shares granted to the actor's organisation, while active."""

    actions = {"view": frozenset(CLIENT_ROLES)}

    def visible(self, actor: Actor) -> Q:
        if not self.can(actor, "view") or actor.organisation_id is None:
            return NOTHING
        return Q(organisation_id=actor.organisation_id)


person_policy = PersonPolicy()
life_status_policy = LifeStatusPolicy()
own_record_policy = OwnRecordPolicy()
received_share_policy = ReceivedSharePolicy()
