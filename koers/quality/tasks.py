from __future__ import annotations

from django_tasks import task

from koers.quality import services


@task()
def indicators_recompute(*, year: int, organisation_id: int | None = None) -> int:
    """Recompute the year's snapshots for one organisation, or for all when none is given."""
    return services.indicators_recompute(year=year, organisation_id=organisation_id)
