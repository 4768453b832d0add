"""Cross-organisation aggregates of indicator snapshots: the only place the policy app reads
figures of several organisations at once. Every function requires an analyst whose region or
network contains the scope, and returns disclosure-controlled rows only.

A table is (scope, indicator, period, breakdown), where breakdown is "" (the total only),
"organisation" (each provider), "region" (the parent region or network of each provider) or
one of the indicator's equity breakdowns. Rows are summed over the providers under the scope in
SQL; only rates and means are published, because they add up over providers and groups (a
distinct count of people does not).

Disclosure rule (core.disclosure does the suppression):
- a rate is protected as the two-way table group x (in the numerator, not in it), so neither a
  group's size nor its numerator can be recovered from the totals;
- a mean is protected by its group sizes (one-way table with the total);
- the total of a table is the sum of its groups, so every table of the same indicator and period
  shares the same margin. A breakdown table whose margin would be hidden differently from the
  total table is withheld as a whole (see `consistent_with_total`), so publishing several tables
  of the same data never hides a cell in one and shows it in another.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from koers.core.actor import Actor
from koers.core.disclosure import DEFAULT_MINIMUM, TOTAL, suppress_counts, suppress_table
from koers.core.roles import Role
from koers.organisations.models import Organisation
from koers.quality.indicators import INDICATORS, Kind
from koers.quality.models import IndicatorSnapshot

PUBLISHABLE_KINDS = (Kind.RATE, Kind.MEAN)
ORGANISATION = "organisation"
REGION = "region"


@dataclass(frozen=True)
class Row:
    """One group of a table ("" is the total); all None when the group is hidden."""

    group: str
    numerator: float | None
    denominator: float | None
    value: float | None

    @property
    def hidden(self) -> bool:
        return self.denominator is None

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
        }


@dataclass(frozen=True)
class Table:
    indicator: str
    breakdown: str
    rows: list[Row]
    # True when the whole table is withheld (its margin would contradict the total table).
    withheld: bool = False

    @property
    def total(self) -> Row:
        return self.rows[0]

    @property
    def groups(self) -> list[Row]:
        return self.rows[1:]


def publishable_indicators() -> list[str]:
    return [code for code, ind in INDICATORS.items() if ind.kind in PUBLISHABLE_KINDS]


def breakdowns_of(code: str) -> tuple[str, ...]:
    return ("", REGION, ORGANISATION, *INDICATORS[code].breakdowns)


def require_scope(actor: Actor, scope: Organisation) -> None:
    """An analyst may aggregate over their own region or network, or anything under it."""
    if actor.role != Role.POLICY_ANALYST or not actor.organisation_path:
        raise PermissionDenied
    if not scope.path.startswith(actor.organisation_path):
        raise PermissionDenied


def _raw_groups(
    scope: Organisation, code: str, period: str, breakdown: str
) -> dict[str, tuple[float, float]]:
    """group -> (numerator, denominator), summed over the providers under the scope (one query)."""
    snapshots = IndicatorSnapshot.objects.filter(
        organisation__path__startswith=scope.path, indicator=code, period=period
    ).exclude(denominator__isnull=True)
    if breakdown in ("", ORGANISATION, REGION):
        snapshots = snapshots.filter(breakdown="")
        key = {
            "": "breakdown_value",
            ORGANISATION: "organisation__name",
            REGION: "organisation__parent__name",
        }[breakdown]
    else:
        snapshots = snapshots.filter(breakdown=breakdown)
        key = "breakdown_value"
    rows = (
        snapshots.order_by()
        .values(key)
        .annotate(numerator=Sum("numerator"), denominator=Sum("denominator"))
        .order_by(key)
    )
    return {
        str(row[key] or ""): (float(row["numerator"] or 0), float(row["denominator"] or 0))
        for row in rows
    }


def protect(
    kind: Kind, groups: Mapping[str, tuple[float, float]], *, minimum: int = DEFAULT_MINIMUM
) -> list[Row]:
    """The total row and one row per group, with small and recoverable cells hidden."""
    numerator = sum(n for n, _ in groups.values())
    denominator = sum(d for _, d in groups.values())
    total_raw = (numerator, denominator)
    if kind == Kind.RATE:
        table: dict[tuple[Hashable, Hashable], int] = {}
        for group, (num, den) in groups.items():
            table[(group, "in")] = int(num)
            table[(group, "out")] = int(den) - int(num)
        if not groups:
            return [_row(kind, "", total_raw, shown=False)]
        protected = suppress_table(table, minimum=minimum)
        shown = {
            key: protected.shown((key, "in")) and protected.shown((key, "out"))
            for key in [*groups, TOTAL]
        }
    else:
        sizes = {group: int(den) for group, (_, den) in groups.items()}
        counted = suppress_counts(sizes, minimum=minimum)
        shown = {key: counted.shown(key) for key in [*groups, TOTAL]}
    return [
        _row(kind, "", total_raw, shown=shown[TOTAL]),
        *(_row(kind, group, raw, shown=shown[group]) for group, raw in groups.items()),
    ]


def protect_total(
    kind: Kind, numerator: float, denominator: float, *, minimum: int = DEFAULT_MINIMUM
) -> Row:
    """The total on its own: shown when the group (and, for a rate, both parts) is big enough."""
    if kind == Kind.RATE:
        parts = {"in": int(numerator), "out": int(denominator) - int(numerator)}
        protected = suppress_counts(parts, minimum=minimum)
        shown = all(protected.shown(key) for key in (*parts, TOTAL))
    else:
        shown = suppress_counts({"all": int(denominator)}, minimum=minimum, with_total=False).shown(
            "all"
        )
    return _row(kind, "", (numerator, denominator), shown=shown)


def _row(kind: Kind, group: str, raw: tuple[float, float], *, shown: bool) -> Row:
    numerator, denominator = raw
    if not shown:
        return Row(group, None, None, None)
    if not denominator:
        return Row(group, numerator, denominator, None)
    value = 100.0 * numerator / denominator if kind == Kind.RATE else numerator / denominator
    return Row(group, numerator, denominator, round(value, 2))


def consistent_with_total(table: list[Row], total: Row) -> bool:
    return table[0].hidden == total.hidden


def unscoped_table(
    *,
    actor: Actor,
    scope: Organisation,
    indicator: str,
    period: str,
    breakdown: str,
    minimum: int = DEFAULT_MINIMUM,
) -> Table:
    """One disclosure-controlled table of an indicator over the providers under `scope`.

    Permission: policy analysts of the scope's region or network.
    """
    require_scope(actor, scope)
    definition = INDICATORS[indicator]
    if definition.kind not in PUBLISHABLE_KINDS:
        raise ValueError(f"{indicator} is not a rate or a mean and cannot be aggregated")
    if breakdown not in breakdowns_of(indicator):
        raise ValueError(f"{indicator} has no breakdown {breakdown!r}")
    total_groups = _raw_groups(scope, indicator, period, "")
    numerator = sum(n for n, _ in total_groups.values())
    denominator = sum(d for _, d in total_groups.values())
    total = protect_total(definition.kind, numerator, denominator, minimum=minimum)
    if breakdown == "":
        return Table(indicator, breakdown, [total])
    rows = protect(
        definition.kind, _raw_groups(scope, indicator, period, breakdown), minimum=minimum
    )
    if not consistent_with_total(rows, total):
        hidden = [Row(row.group, None, None, None) for row in rows[1:]]
        return Table(indicator, breakdown, [total, *hidden], withheld=True)
    return Table(indicator, breakdown, [total, *rows[1:]])
