"""Data sets for a study, assembled from an organisation's own records instead of a file.

- Pre/post: per person, the latest "before" and the latest "after" total score on the career
  management skills questionnaire taken with the organisation (current version only: scores
  compare within a version).
- Matched comparison: one unit per ended trajectory; treated = intensive guidance (service
  level individual_case_managed); outcome = a score taken with the organisation after the
  trajectory started (the after-score, or a follow-up scale); covariates from the person's
  record at the start (age, unemployed, in education). Each is one query, whatever the number
  of trajectories.

Both return a `Table` (the same shape an uploaded file gives), so the analysis, its checks and
its warnings are exactly those of a study run on a file; a unit without an outcome stays in as
an empty cell, so the study reports how many were left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.delivery.models import Engagement
from koers.delivery.triage import ServiceLevel
from koers.evaluation.dataset import Table
from koers.instruments.models import InstrumentVersion, Occasion, Score
from koers.people.models import LifeStatus, LifeStatusKind

CMS_INSTRUMENT = "career-management-skills"
CMS_SCALE = "total"


@dataclass(frozen=True)
class RecordOutcome:
    label: Promise
    instrument: str
    scale: str
    occasions: tuple[str, ...]


RECORD_OUTCOMES = {
    "cms_post": RecordOutcome(
        _("Career management skills after guidance"), CMS_INSTRUMENT, CMS_SCALE, (Occasion.POST,)
    ),
    "follow_up_goals": RecordOutcome(
        _("Goal progress at follow-up"), "outcome-follow-up", "goal_progress", (Occasion.FOLLOW_UP,)
    ),
    "follow_up_cms": RecordOutcome(
        _("Career management skills at follow-up"),
        "outcome-follow-up",
        "cms_short",
        (Occasion.FOLLOW_UP,),
    ),
}
COVARIATES = ("age", "unemployed", "in_education")


def _cell(value: float | int | bool | None) -> str:
    return "" if value is None else str(float(value))


def prepost_table(*, organisation_id: int) -> Table:
    """Columns person, pre, post: the latest CMS total before and after, per person."""
    version = InstrumentVersion.objects.current_of(CMS_INSTRUMENT)
    scores = (
        Score.objects.filter(
            organisation_id=organisation_id,
            version=version,
            scale__key=CMS_SCALE,
            value__isnull=False,
            administration__completed_at__isnull=False,
            administration__occasion__in=[Occasion.PRE, Occasion.POST],
        )
        .order_by("administration__completed_at", "administration_id")
        .values_list("administration__person_id", "administration__occasion", "value")
    )
    latest: dict[int, dict[str, float | None]] = {}
    for person_id, occasion, value in scores:  # ordered: later scores overwrite earlier ones
        latest.setdefault(person_id, {})[occasion] = value
    rows = [
        [str(person_id), _cell(values.get(Occasion.PRE)), _cell(values.get(Occasion.POST))]
        for person_id, values in sorted(latest.items())
    ]
    return Table(
        header=["person", "pre", "post"],
        rows=rows,
        lines=list(range(2, len(rows) + 2)),
        source=str(_("Koers records")),
    )


def _status_at_start(status: LifeStatusKind) -> Exists:
    return Exists(
        LifeStatus.objects.filter(
            person_id=OuterRef("person_id"),
            status=status,
            start_date__lte=OuterRef("started_on"),
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("started_on")))
    )


def matched_table(*, organisation_id: int, outcome: str) -> Table:
    """Columns treated, outcome and COVARIATES: one row per ended trajectory."""
    spec = RECORD_OUTCOMES[outcome]
    version = InstrumentVersion.objects.current_of(spec.instrument)
    score = (
        Score.objects.filter(
            organisation_id=organisation_id,
            version=version,
            scale__key=spec.scale,
            value__isnull=False,
            administration__person_id=OuterRef("person_id"),
            administration__occasion__in=spec.occasions,
            administration__completed_at__date__gte=OuterRef("started_on"),
        )
        .order_by("-administration__completed_at", "-administration_id")
        .values("value")[:1]
    )
    units = (
        Engagement.objects.filter(organisation_id=organisation_id, ended_on__isnull=False)
        .annotate(
            outcome_value=Subquery(score),
            birth_year=ExtractYear("person__date_of_birth"),
            start_year=ExtractYear("started_on"),
            unemployed=_status_at_start(LifeStatusKind.UNEMPLOYED),
            in_education=_status_at_start(LifeStatusKind.IN_EDUCATION),
            treated=Q(service_level=ServiceLevel.INDIVIDUAL_CASE_MANAGED),
        )
        .annotate(age=F("start_year") - F("birth_year"))
        .order_by("id")
        .values_list("treated", "outcome_value", "age", "unemployed", "in_education")
    )
    rows = [[_cell(value) for value in unit] for unit in units]
    return Table(
        header=["treated", "outcome", *COVARIATES],
        rows=rows,
        lines=list(range(2, len(rows) + 2)),
        source=str(_("Koers records")),
    )
