"""Erasure: the organisations' own references (student or client numbers) identify a person in
another system, so an approved erasure forgets them too. Registered with the privacy app."""

from __future__ import annotations

from koers.api.models import ImportedEngagement, ImportedPerson


def imported_references_erase(person_id: int) -> None:
    ImportedEngagement.objects.filter(engagement__person_id=person_id).delete()
    ImportedPerson.objects.filter(person_id=person_id).delete()
