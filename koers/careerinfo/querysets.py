from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    # Used in the quoted type arguments of the base classes below.
    from koers.careerinfo.models import ConceptText, Occupation  # noqa: F401


class OccupationQuerySet(models.QuerySet["Occupation"]):
    def current(self) -> OccupationQuerySet:
        """Occupations in the latest imported release (obsolete ones stay for old links)."""
        return self.filter(is_obsolete=False)


class ConceptTextQuerySet(models.QuerySet["ConceptText"]):
    def in_languages(self, *languages: str) -> ConceptTextQuerySet:
        return self.filter(language__in=languages)
