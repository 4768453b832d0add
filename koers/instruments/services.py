from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.instruments import definition as definitions
from koers.instruments.definition import Definition, DefinitionError, Problem, version_tuple
from koers.instruments.models import (
    Band,
    Instrument,
    InstrumentVersion,
    Item,
    Norm,
    ResponseScale,
    Scale,
)


@dataclass(frozen=True)
class LoadOutcome:
    version: InstrumentVersion
    status: str  # created | upgraded | replaced | unchanged

    def __str__(self) -> str:
        return f"{self.version.instrument.key} {self.version.version}: {self.status}"


def definition_checksum(definition: Definition) -> str:
    canonical = json.dumps(definition.raw, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def instrument_load(*, actor: Actor, definition: Definition, file: str = "") -> LoadOutcome:
    """Store a validated definition as a version of its instrument; idempotent.

    The same version with the same content changes nothing. The same version with other content
    replaces it only while nobody has taken it; afterwards a new version number is required.
    A higher version becomes the current one; older versions and their scores stay.
    Side effects: audit event when something was stored.
    """
    checksum = definition_checksum(definition)
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        key=definition.key, defaults={"kind": definition.kind}
    )
    existing = instrument.versions.filter(version=definition.version).first()
    status = "created"
    if existing is not None:
        if existing.checksum == checksum:
            return LoadOutcome(existing, "unchanged")
        # Checked in the database, not the app: the administrations table belongs to the same
        # version row and is PROTECTed, so this is the one place a change could slip through.
        if existing.administrations.exists():
            raise DefinitionError(
                [
                    Problem(
                        file or definition.key,
                        "version",
                        _(
                            "version %(version)s has already been used for completions and "
                            "cannot change; give the changed definition a new version number"
                        )
                        % {"version": definition.version},
                    )
                ]
            )
        existing.delete()
        status = "replaced"
    current = instrument.versions.filter(is_current=True).first()
    becomes_current = current is None or version_tuple(definition.version) >= version_tuple(
        current.version
    )
    if current is not None and status == "created":
        status = "upgraded"
    if becomes_current:
        instrument.versions.filter(is_current=True).update(is_current=False)
        instrument.kind = definition.kind
        instrument.save(update_fields=["kind"])
    raw = definition.raw
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        version=definition.version,
        name=definition.name,
        description=definition.description,
        languages=list(definition.languages),
        source=raw["source"],
        licence=raw["licence"],
        validation_status=raw["validation_status"],
        definition=raw,
        checksum=checksum,
        is_current=becomes_current,
    )
    _store_rows(version, definition)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=version,
        summary=f"{definition.key} {definition.version} {status}",
    )
    return LoadOutcome(version, status)


def _store_rows(version: InstrumentVersion, definition: Definition) -> None:
    response_scales = {
        key: ResponseScale.objects.create(
            version=version,
            key=key,
            type=rs.type,
            options=[{"value": o.value, "label": dict(o.label)} for o in rs.options],
            max_length=rs.max_length,
        )
        for key, rs in definition.response_scales.items()
    }
    items = Item.objects.bulk_create(
        Item(
            version=version,
            key=item.key,
            position=position,
            section=item.section,
            text=dict(item.text),
            response_scale=response_scales[item.response_scale],
            reverse=item.reverse,
            required=item.required,
        )
        for position, item in enumerate(definition.items)
    )
    item_ids = {item.key: item.id for item in items}
    scales = Scale.objects.bulk_create(
        Scale(
            version=version,
            key=scale.key,
            position=position,
            name=dict(scale.name),
            description=dict(scale.description),
            method=scale.method,
            min_answered=scale.min_answered,
            score_min=scale.score_min,
            score_max=scale.score_max,
        )
        for position, scale in enumerate(definition.scales)
    )
    scale_ids = {scale.key: scale.id for scale in scales}
    Scale.items.through.objects.bulk_create(
        Scale.items.through(scale_id=scale_ids[scale.key], item_id=item_ids[key])
        for scale in definition.scales
        for key in scale.items
    )
    Scale.components.through.objects.bulk_create(
        Scale.components.through(from_scale_id=scale_ids[scale.key], to_scale_id=scale_ids[key])
        for scale in definition.scales
        for key in scale.components
    )
    Band.objects.bulk_create(
        Band(
            scale_id=scale_ids[scale.key],
            key=band.key,
            position=position,
            low=band.low,
            high=band.high,
            label=dict(band.label),
            text=dict(band.text),
        )
        for scale in definition.scales
        for position, band in enumerate(scale.bands)
    )
    Norm.objects.bulk_create(
        Norm(
            scale_id=scale_ids[scale.key],
            population=dict(scale.norm.population),
            mean=scale.norm.mean,
            sd=scale.norm.sd,
            n=scale.norm.n,
            percentiles=[list(pair) for pair in scale.norm.percentiles],
        )
        for scale in definition.scales
        if scale.norm is not None
    )


def instrument_load_file(*, actor: Actor, path: Path) -> LoadOutcome:
    """Read, validate and store one definition file (atomically: all of it or nothing)."""
    return instrument_load(actor=actor, definition=definitions.load(path), file=str(path))


@transaction.atomic
def instruments_load_shipped(*, actor: Actor) -> list[LoadOutcome]:
    """Load every definition Koers ships; idempotent, and all or nothing."""
    paths = sorted(definitions.DEFINITIONS_DIR.glob("*.yaml"))
    return [instrument_load_file(actor=actor, path=path) for path in paths]
