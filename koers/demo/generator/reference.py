"""What the generator needs from the database before it starts: the shared intervention types,
the current versions of the shipped instruments with the ids of their items, scales and bands,
and the first free id of every table it writes to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, models

from koers.core.actor import Actor
from koers.delivery.models import InterventionType
from koers.instruments.definition import Definition, parse
from koers.instruments.models import Band, InstrumentVersion, Item, Scale
from koers.instruments.services import instruments_load_shipped

INSTRUMENTS = (
    "career-management-skills",
    "readiness-screener",
    "user-satisfaction",
    "outcome-follow-up",
)


@dataclass(frozen=True)
class InstrumentRef:
    version_id: int
    definition: Definition
    item_ids: dict[str, int]
    scale_ids: dict[str, int]
    band_ids: dict[tuple[str, str], int]  # (scale key, band key) -> id


@dataclass(frozen=True)
class InterventionRef:
    id: int
    kind: str
    channel: str
    mode: str
    minutes: int


@dataclass
class Reference:
    interventions: list[InterventionRef]
    instruments: dict[str, InstrumentRef]
    next_ids: dict[str, int] = field(default_factory=dict)  # db_table -> first free id

    def take(self, model: type[models.Model], count: int) -> int:
        """Reserve `count` ids in the table; return the first."""
        table = str(model._meta.db_table)
        first = self.next_ids[table]
        self.next_ids[table] = first + count
        return first


def ensure_instruments() -> None:
    """Load the shipped instruments when they are not there yet (through the normal loader)."""
    present = set(
        InstrumentVersion.objects.current()
        .filter(instrument__key__in=INSTRUMENTS)
        .values_list("instrument__key", flat=True)
    )
    if not set(INSTRUMENTS) <= present:
        instruments_load_shipped(actor=Actor.system())


def _instrument(key: str) -> InstrumentRef:
    version = InstrumentVersion.objects.current_of(key)
    if version is None:
        raise LookupError(f"instrument {key} is not loaded")
    return InstrumentRef(
        version_id=version.id,
        definition=parse(version.definition),
        item_ids=dict(Item.objects.filter(version=version).values_list("key", "id")),
        scale_ids=dict(Scale.objects.filter(version=version).values_list("key", "id")),
        band_ids={
            (scale_key, band_key): band_id
            for scale_key, band_key, band_id in Band.objects.filter(
                scale__version=version
            ).values_list("scale__key", "key", "id")
        },
    )


def load_reference(written: list[type[models.Model]]) -> Reference:
    interventions = [
        InterventionRef(t.id, t.kind, t.channel, t.mode, t.typical_minutes)
        for t in InterventionType.objects.order_by("id")
    ]
    if not interventions:
        raise LookupError("the intervention catalogue is empty: run koers migrate first")
    next_ids = {}
    with connection.cursor() as cursor:
        for model in written:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608 - table names from Django models
            next_ids[str(model._meta.db_table)] = int(cursor.fetchone()[0])
    return Reference(
        interventions=interventions,
        instruments={key: _instrument(key) for key in INSTRUMENTS},
        next_ids=next_ids,
    )
