"""CSV exports in the shapes the importer reads (see imports.py), streamed row by row so
memory stays flat however large the organisation."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from koers.api import selectors
from koers.api.imports import KINDS
from koers.core.actor import Actor
from koers.delivery.models import Engagement
from koers.people.models import LifeStatus

CHUNK = 2000


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _engagement_rows(engagements: QuerySet[Engagement]) -> Iterator[list[Any]]:
    for engagement in engagements.iterator(chunk_size=CHUNK):
        person = engagement.person
        yield [
            engagement.person_ref,  # type: ignore[attr-defined]  # annotated by the selector
            person.given_name,
            person.family_name,
            person.date_of_birth,
            person.email,
            person.phone,
            person.preferred_language,
            engagement.engagement_ref,  # type: ignore[attr-defined]  # annotated by the selector
            engagement.started_on,
            engagement.source,
            engagement.question,
            engagement.capability,
            engagement.complexity,
            engagement.decision_status,
        ]


def _person_rows(periods: QuerySet[LifeStatus]) -> Iterator[list[Any]]:
    for period in periods.iterator(chunk_size=CHUNK):
        yield [
            period.person_ref,  # type: ignore[attr-defined]  # annotated by the selector
            period.status,
            period.start_date,
            period.end_date,
            period.education_level,
            period.institution,
            period.employer,
            period.occupation,
        ]


def export_lines(*, actor: Actor, kind: str) -> Iterator[str]:
    """The kind's header, then one CSV line per record, produced lazily.

    Permission: service managers (checked here, before the first line is produced).
    """
    rows = (
        _engagement_rows(selectors.engagement_export(actor=actor))
        if kind == "engagements"
        else _person_rows(selectors.life_status_export(actor=actor))
    )
    return _lines([column.name for column in KINDS[kind]], rows)


def _lines(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield str(writer.writerow(header))
    for row in rows:
        yield str(writer.writerow([_text(value) for value in row]))
