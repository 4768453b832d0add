"""The indicator engine: one grouped SQL query per indicator and breakdown, for one organisation
or all of them at once, stored as snapshots. No unit is ever loaded into Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Expression,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils import timezone

from koers.delivery.models import ActivityParticipant, Attendance
from koers.organisations.models import Organisation
from koers.people.models import LifeStatus
from koers.quality.indicators import CATALOGUE, Indicator, Kind, Period
from koers.quality.models import IndicatorSnapshot

UNKNOWN = "unknown"
TOTAL = ""
AGE_BANDS = ((18, "0-17"), (25, "18-24"), (45, "25-44"), (65, "45-64"))


@dataclass(frozen=True)
class Cell:
    organisation_id: int
    breakdown: str
    group: str
    numerator: float | None
    denominator: float | None
    value: float | None


def _birth_cutoff(period: Period, age: int) -> dt.date:
    """Born after this day: younger than `age` on the period's last day."""
    return dt.date(period.end.year - age, period.end.month, period.end.day)


def breakdown_expression(indicator: Indicator, name: str, period: Period) -> Expression | F:
    """The group of a unit for one breakdown, as an SQL expression ('unknown' when not recorded)."""
    person = indicator.person
    engagement = indicator.engagement
    text: CharField[Any, Any] = CharField()
    if name == "age_band":
        born = f"{person}__date_of_birth"
        whens = [
            When(**{f"{born}__gt": _birth_cutoff(period, age)}, then=Value(label))
            for age, label in AGE_BANDS
        ]
        return Case(
            When(**{f"{born}__isnull": True}, then=Value(UNKNOWN)),
            *whens,
            default=Value("65+"),
            output_field=text,
        )
    equity_fields = {
        "gender": "gender",
        "education": "highest_education",
        "migration": "migration_background",
        "disability": "disability",
    }
    if name in equity_fields:
        field = F(f"{person}__equity_profile__{equity_fields[name]}")
        return Coalesce(NullIf(field, Value("")), Value(UNKNOWN), output_field=text)
    if name == "life_status":
        latest = LifeStatus.objects.filter(
            person=OuterRef(person), start_date__lte=period.end
        ).order_by("-start_date", "-id")
        return Coalesce(Subquery(latest.values("status")[:1]), Value(UNKNOWN), output_field=text)
    if name == "service_level":
        prefix = "" if engagement == "pk" else f"{engagement}__"
        return F(f"{prefix}service_level")
    if name == "channel":
        first = ActivityParticipant.objects.filter(
            engagement=OuterRef(engagement), attendance=Attendance.ATTENDED
        ).order_by("activity__occurred_on", "id")
        return Coalesce(
            Subquery(first.values("activity__service__channel")[:1]),
            Value(UNKNOWN),
            output_field=text,
        )
    raise ValueError(f"unknown breakdown {name!r}")


def _scoped(units: QuerySet, organisation_ids: list[int] | None) -> QuerySet:  # type: ignore[type-arg]
    if organisation_ids is not None:
        units = units.filter(organisation_id__in=organisation_ids)
    return units


def _percent(numerator: float, denominator: float) -> float | None:
    return None if not denominator else 100.0 * numerator / denominator


def evaluate(
    indicator: Indicator, period: Period, organisation_ids: list[int] | None = None
) -> list[Cell]:
    """Every cell of one indicator: the total and each breakdown group, per organisation."""
    if indicator.kind == Kind.RATIO:
        return _evaluate_ratio(indicator, period, organisation_ids)
    if indicator.kind == Kind.MEDIAN:
        return _evaluate_median(indicator, period, organisation_ids)
    units = _scoped(indicator.units(period), organisation_ids)
    cells: list[Cell] = []
    for breakdown in (TOTAL, *indicator.breakdowns):
        group = breakdown_expression(indicator, breakdown, period) if breakdown else Value("")
        grouped = units.annotate(group=group).order_by().values("organisation_id", "group")
        cells += _aggregate(indicator, period, breakdown, grouped)
    return cells


def _aggregate(
    indicator: Indicator,
    period: Period,
    breakdown: str,
    grouped: QuerySet,  # type: ignore[type-arg]
) -> list[Cell]:
    if indicator.kind == Kind.RATE:
        assert indicator.numerator is not None  # noqa: S101 - a rate always has one
        rows = grouped.annotate(
            den=Count("pk"), num=Count("pk", filter=indicator.numerator(period))
        )
        return [
            Cell(
                r["organisation_id"],
                breakdown,
                r["group"],
                r["num"],
                r["den"],
                _percent(r["num"], r["den"]),
            )
            for r in rows
        ]
    if indicator.kind == Kind.MEAN:
        rows = grouped.annotate(
            den=Count(indicator.value), num=Sum(indicator.value), mean=Avg(indicator.value)
        )
        return [
            Cell(r["organisation_id"], breakdown, r["group"], r["num"], r["den"], r["mean"])
            for r in rows
        ]
    rows = grouped.annotate(num=Count(indicator.person, distinct=True))
    return [
        Cell(r["organisation_id"], breakdown, r["group"], r["num"], None, r["num"]) for r in rows
    ]


def _evaluate_ratio(
    indicator: Indicator, period: Period, organisation_ids: list[int] | None
) -> list[Cell]:
    assert indicator.ratio is not None  # noqa: S101 - a ratio always has its parts
    top_units, bottom_units, what = indicator.ratio
    top_query = _scoped(top_units(period), organisation_ids).order_by().values("organisation_id")
    if what == "person":
        top_query = top_query.annotate(n=Count("person", distinct=True))
    else:
        top_query = top_query.annotate(n=Sum(what))
    top = {r["organisation_id"]: float(r["n"]) for r in top_query}
    bottom_query = _scoped(bottom_units(period), organisation_ids).order_by()
    bottom = {
        r["organisation_id"]: r["n"]
        for r in bottom_query.values("organisation_id").annotate(n=Count("pk"))
    }
    return [
        Cell(
            org,
            TOTAL,
            "",
            top.get(org, 0.0),
            bottom.get(org, 0),
            _ratio(top.get(org, 0.0), bottom.get(org, 0)),
        )
        for org in sorted(set(top) | set(bottom))
    ]


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


def _evaluate_median(
    indicator: Indicator, period: Period, organisation_ids: list[int] | None
) -> list[Cell]:
    """The median in SQL: number the values per organisation and keep the middle one or two."""
    units = _scoped(indicator.units(period), organisation_ids).annotate(
        position=Window(
            RowNumber(), partition_by=[F("organisation_id")], order_by=[F(indicator.value).asc()]
        ),
        size=Window(Count("pk"), partition_by=[F("organisation_id")]),
    )
    middle = units.filter(
        position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2
    ).values("organisation_id", indicator.value, "size")
    found: dict[int, tuple[list[float], int]] = {}
    for row in middle:  # at most two rows per organisation
        value = row[indicator.value]
        days = value.days if isinstance(value, dt.timedelta) else float(value)
        found.setdefault(row["organisation_id"], ([], row["size"]))[0].append(days)
    return [
        Cell(org, TOTAL, "", None, size, sum(values) / len(values))
        for org, (values, size) in sorted(found.items())
    ]


def _with_empty_totals(cells: list[Cell], organisation_ids: Iterable[int]) -> list[Cell]:
    """Organisations without any unit still get a total row: no data (NULL), not 0%."""
    have = {cell.organisation_id for cell in cells if cell.breakdown == TOTAL}
    return cells + [Cell(org, TOTAL, "", 0, 0, None) for org in organisation_ids if org not in have]


@transaction.atomic
def snapshots_compute(
    *,
    period: Period,
    organisation_ids: list[int] | None,
    indicators: Iterable[Indicator] = CATALOGUE,
) -> int:
    """Recompute and store snapshots for these organisations (None: all) and this period;
    returns the number of rows stored.

    Side effects: replaces the period's snapshots of the organisations for these indicators.
    """
    now = timezone.now()
    scope = organisation_ids
    if organisation_ids is None:
        organisation_ids = list(Organisation.objects.values_list("id", flat=True))
    rows: list[IndicatorSnapshot] = []
    codes = []
    for indicator in indicators:
        codes.append(indicator.code)
        cells = evaluate(indicator, period, scope)
        for cell in _with_empty_totals(cells, organisation_ids):
            rows.append(
                IndicatorSnapshot(
                    organisation_id=cell.organisation_id,
                    indicator=indicator.code,
                    period=period.key,
                    breakdown=cell.breakdown,
                    breakdown_value=cell.group,
                    value=cell.value,
                    numerator=cell.numerator,
                    denominator=cell.denominator,
                    definition_version=indicator.version,
                    computed_at=now,
                )
            )
    IndicatorSnapshot.objects.filter(
        organisation_id__in=organisation_ids, period=period.key, indicator__in=codes
    ).delete()
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
