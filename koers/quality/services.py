"""Quality use cases that write."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.db import transaction

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.quality.engine import snapshots_compute
from koers.quality.framework import FrameworkError, framework_read
from koers.quality.indicators import Period
from koers.quality.models import Framework
from koers.quality.selectors import QUALITY_ROLES


def indicators_recompute(*, year: int, organisation_id: int | None = None) -> int:
    """Recompute snapshots for a year; returns the number of rows stored.

    Side effects: replaces the year's snapshots of the organisation (or of all organisations).
    """
    ids = None if organisation_id is None else [organisation_id]
    return snapshots_compute(period=Period(year), organisation_ids=ids)


def indicators_recompute_request(*, actor: Actor, year: int) -> None:
    """Queue a recomputation for the actor's organisation once the transaction commits.

    Permission: service managers and organisation administrators.
    Side effects: enqueues the indicators_recompute task.
    """
    from koers.quality.tasks import indicators_recompute  # noqa: PLC0415 - tasks import services

    actor.require_role(*QUALITY_ROLES)
    organisation_id = actor.organisation_id
    transaction.on_commit(
        lambda: indicators_recompute.enqueue(year=year, organisation_id=organisation_id)
    )


@transaction.atomic
def framework_load(*, actor: Actor, path: Path) -> Framework:
    """Load a framework file as the current version of its key; loads nothing on any error.

    Side effects: a Framework row (or none when this exact version is already loaded); the
    previous current version of the key stops being current; audit event.
    """
    definition = framework_read(path)
    checksum = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
    existing = Framework.objects.filter(
        key=definition["key"], version=definition["version"]
    ).first()
    if existing is not None:
        if existing.checksum != checksum:
            raise FrameworkError(
                f"{path}: version {definition['version']} of {definition['key']!r} is already "
                "loaded with other content; give the changed file a new version"
            )
        return existing
    Framework.objects.filter(key=definition["key"], is_current=True).update(is_current=False)
    framework = Framework.objects.create(
        key=definition["key"],
        version=definition["version"],
        name=definition["name"],
        definition=definition,
        checksum=checksum,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=framework,
        summary=str(framework),
    )
    return framework
