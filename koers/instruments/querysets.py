from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from koers.instruments.models import Administration, InstrumentVersion


class InstrumentVersionQuerySet(models.QuerySet["InstrumentVersion"]):
    def current(self) -> InstrumentVersionQuerySet:
        return self.filter(is_current=True)

    def current_of(self, key: str) -> InstrumentVersion | None:
        return self.current().filter(instrument__key=key).first()


class AdministrationQuerySet(models.QuerySet["Administration"]):
    def completed(self) -> AdministrationQuerySet:
        return self.filter(completed_at__isnull=False)

    def open(self) -> AdministrationQuerySet:
        return self.filter(completed_at__isnull=True)

    def latest_completed(self) -> Administration | None:
        return self.completed().order_by("-completed_at", "-id").first()
