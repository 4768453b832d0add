"""Import labour-market indicators from a CSV file, every figure with its source.

Columns (by header name): occupation_uri or isco_code (one of the two), region_code, indicator,
value, unit (optional), period, source_name, source_url, retrieved_on, licence. Each row is
checked on its own; rejected rows are reported with their line and reason. With
`all_or_nothing` one bad row keeps the whole file out.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.careerinfo.esco import Rejection
from koers.careerinfo.models import IndicatorType, IscoGroup, LabourMarketIndicator, Occupation

COLUMNS = (
    "region_code",
    "indicator",
    "value",
    "period",
    "source_name",
    "source_url",
    "retrieved_on",
    "licence",
)
PERIOD = re.compile(r"^\d{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$")
ISCO_CODE = re.compile(r"^\d{1,4}$")
VALUE_FIELDS = ("value", "unit", "source_url", "retrieved_on", "licence")


class LmiImportError(Exception):
    """The file cannot be imported at all; nothing was changed."""


@dataclass
class LmiSummary:
    created: int = 0
    updated: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    saved: bool = True


def lmi_import(*, path: Path, all_or_nothing: bool = False) -> LmiSummary:
    """Create or update labour-market indicators from a CSV file.

    Side effects: creates and updates LabourMarketIndicator rows, unless `all_or_nothing` and
    a row was rejected. One transaction.
    """
    if not path.is_file():
        raise LmiImportError(_("%(path)s does not exist.") % {"path": path})
    summary = LmiSummary()
    rows: dict[tuple[Any, ...], LabourMarketIndicator] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader, [])]
        missing = [c for c in COLUMNS if c not in header]
        if "occupation_uri" not in header and "isco_code" not in header:
            missing.append("occupation_uri / isco_code")
        if missing:
            raise LmiImportError(
                _("%(name)s is missing the column(s) %(columns)s.")
                % {"name": path.name, "columns": ", ".join(missing)}
            )
        cells_of = list(_lines(reader, header, path.name, summary))
    occupations = _ids(Occupation, "uri", {c.get("occupation_uri", "") for _l, c in cells_of})
    groups = _ids(IscoGroup, "code", {c.get("isco_code", "") for _l, c in cells_of})
    for line, cells in cells_of:
        try:
            indicator = _parse(cells, occupations, groups)
        except ValidationError as error:
            summary.rejections.append(Rejection(path.name, line, " ".join(error.messages)))
            continue
        key = _key(indicator)
        if key in rows:
            summary.rejections.append(
                Rejection(path.name, line, _("the same figure appears earlier in the file"))
            )
            continue
        rows[key] = indicator
    if all_or_nothing and summary.rejections:
        summary.saved = False
        return summary
    with transaction.atomic():
        _save(rows, summary)
    return summary


def _lines(reader: Any, header: list[str], name: str, summary: LmiSummary) -> Any:
    start = reader.line_num + 1
    for cells in reader:
        if len(cells) != len(header):
            summary.rejections.append(
                Rejection(
                    name,
                    start,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": len(header), "found": len(cells)},
                )
            )
        elif any(cell.strip() for cell in cells):
            yield start, {h: c.strip() for h, c in zip(header, cells, strict=True)}
        start = reader.line_num + 1


def _ids(model: Any, field_name: str, values: set[str]) -> dict[str, int]:
    values.discard("")
    found = model.objects.filter(**{f"{field_name}__in": values}).values_list(field_name, "id")
    return dict(found)


def _parse(
    cells: dict[str, str], occupations: dict[str, int], groups: dict[str, int]
) -> LabourMarketIndicator:
    errors: list[str] = []
    occupation_id, group_id = _target(cells, occupations, groups, errors)
    if not cells["region_code"] or len(cells["region_code"]) > 16:  # noqa: PLR2004 - max_length
        errors.append(_("region_code must have 1 to 16 characters"))
    if cells["indicator"] not in IndicatorType.values:
        errors.append(
            _("indicator %(value)r is not one of %(choices)s")
            % {"value": cells["indicator"], "choices": ", ".join(IndicatorType.values)}
        )
    try:
        value = Decimal(cells["value"])
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.append(_("value %(value)r is not a number") % {"value": cells["value"]})
        value = Decimal(0)
    if not PERIOD.match(cells["period"]):
        errors.append(
            _("period %(value)r is not YYYY, YYYY-Qn or YYYY-MM") % {"value": cells["period"]}
        )
    if not cells["source_name"]:
        errors.append(_("source_name is empty"))
    try:
        URLValidator(schemes=["http", "https"])(cells["source_url"])
    except ValidationError:
        errors.append(
            _("source_url %(value)r is not a web address") % {"value": cells["source_url"]}
        )
    retrieved_on = _retrieved_on(cells["retrieved_on"], errors)
    if not cells["licence"]:
        errors.append(_("licence is empty"))
    if errors:
        raise ValidationError(errors)
    return LabourMarketIndicator(
        occupation_id=occupation_id,
        isco_group_id=group_id,
        region_code=cells["region_code"],
        indicator=cells["indicator"],
        value=value,
        unit=cells.get("unit", "")[:32],
        period=cells["period"],
        source_name=cells["source_name"][:200],
        source_url=cells["source_url"],
        retrieved_on=retrieved_on,
        licence=cells["licence"][:100],
    )


def _target(
    cells: dict[str, str],
    occupations: dict[str, int],
    groups: dict[str, int],
    errors: list[str],
) -> tuple[int | None, int | None]:
    """The occupation or ISCO group a row is about (ISCO codes stay strings: "0110")."""
    uri, code = cells.get("occupation_uri", ""), cells.get("isco_code", "")
    if bool(uri) == bool(code):
        errors.append(_("give either occupation_uri or isco_code"))
    elif uri:
        if uri in occupations:
            return occupations[uri], None
        errors.append(_("unknown occupation %(uri)s") % {"uri": uri})
    elif not ISCO_CODE.match(code):
        errors.append(_("ISCO-08 code %(code)r is not 1 to 4 digits") % {"code": code})
    elif code in groups:
        return None, groups[code]
    else:
        errors.append(_("unknown ISCO-08 group %(code)s") % {"code": code})
    return None, None


def _retrieved_on(text: str, errors: list[str]) -> date:
    try:
        retrieved_on = date.fromisoformat(text)
    except ValueError:
        errors.append(_("retrieved_on %(value)r is not a date (YYYY-MM-DD)") % {"value": text})
        return date.min
    if retrieved_on > timezone.localdate():
        errors.append(_("retrieved_on lies in the future"))
    return retrieved_on


def _key(row: LabourMarketIndicator) -> tuple[Any, ...]:
    return (
        row.occupation_id,
        row.isco_group_id,
        row.region_code,
        row.indicator,
        row.period,
        row.source_name,
    )


def _save(rows: dict[tuple[Any, ...], LabourMarketIndicator], summary: LmiSummary) -> None:
    occupation_ids = {key[0] for key in rows if key[0]}
    group_ids = {key[1] for key in rows if key[1]}
    existing = {
        _key(row): row
        for row in LabourMarketIndicator.objects.filter(occupation_id__in=occupation_ids)
    } | {
        _key(row): row for row in LabourMarketIndicator.objects.filter(isco_group_id__in=group_ids)
    }
    new, changed = [], []
    for key, row in rows.items():
        current = existing.get(key)
        if current is None:
            new.append(row)
        elif any(getattr(current, name) != getattr(row, name) for name in VALUE_FIELDS):
            for name in VALUE_FIELDS:
                setattr(current, name, getattr(row, name))
            changed.append(current)
    LabourMarketIndicator.objects.bulk_create(new, batch_size=1000)
    LabourMarketIndicator.objects.bulk_update(changed, list(VALUE_FIELDS), batch_size=1000)
    summary.created, summary.updated = len(new), len(changed)
