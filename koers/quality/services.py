"""Quality use cases that write."""

from __future__ import annotations

from django.db import transaction

from koers.core.actor import Actor
from koers.quality.engine import snapshots_compute
from koers.quality.indicators import Period
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
