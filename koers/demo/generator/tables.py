"""Columns of generated rows, and how they become SQLite parameters or PostgreSQL COPY text.

A `Rows` holds one table's rows column-wise as numpy arrays (one array per column), so nothing
is ever one Python object per row until the last moment, when the writer turns a block of
columns into `executemany` tuples (SQLite) or tab-separated COPY text (PostgreSQL).

Nulls: a column may carry a boolean mask (`nulls`), or be a float array with NaN, a date or
datetime array with NaT, or an object array with None.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import models

COPY_NULL = "\\N"


@dataclass
class Rows:
    """Rows of one table (a Django model, or an auto-created many-to-many table)."""

    model: type[models.Model]
    columns: dict[str, npt.NDArray[Any]]  # attribute name (e.g. "person_id") -> values
    nulls: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    @property
    def table(self) -> str:
        return str(self.model._meta.db_table)


def _null_mask(values: npt.NDArray[Any], explicit: npt.NDArray[np.bool_] | None) -> Any:
    mask: npt.NDArray[np.bool_] | None = explicit
    kind = values.dtype.kind
    if kind == "f":
        found = np.isnan(values)
    elif kind == "M":
        found = np.isnat(values)
    elif kind == "O":
        found = np.array([v is None for v in values], dtype=bool)
    else:
        found = None
    if found is not None and found.any():
        mask = found if mask is None else (mask | found)
    return mask


def _constant(field_: models.Field[Any, Any], created: dt.datetime) -> Any:
    """The value a column gets when the generator does not set it: Django's default."""
    if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
        return created
    if field_.has_default() and not callable(field_.default):
        return field_.default
    if field_.has_default():
        value = field_.default()
        if isinstance(value, dict | list):
            return value
    if field_.null:
        return None
    if isinstance(field_, models.CharField | models.TextField):
        return ""
    raise ValueError(
        f"The generator sets no value for {field_.model._meta.label}.{field_.name}, which has "
        "no default: teach koers/demo/generator/population.py about the new column."
    )


def full_columns(rows: Rows, created: dt.datetime) -> list[tuple[str, npt.NDArray[Any], Any]]:
    """Every concrete column of the table: (column name, values, null mask), with Django's
    defaults filled in for the columns the generator leaves out."""
    n = len(rows)
    result: list[tuple[str, npt.NDArray[Any], Any]] = []
    for model_field in rows.model._meta.concrete_fields:
        attname = model_field.attname
        if attname in rows.columns:
            values = rows.columns[attname]
            if len(values) != n:
                raise ValueError(f"{rows.table}.{attname}: {len(values)} values for {n} rows")
            result.append(
                (str(model_field.column), values, _null_mask(values, rows.nulls.get(attname)))
            )
            continue
        constant = _constant(model_field, created)
        if isinstance(model_field, models.JSONField) and constant is not None:
            constant = json.dumps(constant)
        values = np.full(n, constant, dtype=object)
        mask = np.ones(n, dtype=bool) if constant is None else None
        result.append((str(model_field.column), values, mask))
    return result


def _datetime_text(values: npt.NDArray[Any], *, postgres: bool) -> npt.NDArray[Any]:
    if values.dtype.kind != "M":
        return np.array([_as_datetime_text(v, postgres=postgres) for v in values], dtype=object)
    text = np.datetime_as_string(values.astype("datetime64[s]"), unit="s")
    if postgres:
        return np.char.add(text, "+00")
    return np.char.replace(text, "T", " ")


def _as_datetime_text(value: Any, *, postgres: bool) -> str | None:
    if value is None:
        return None
    stamp = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    return f"{stamp}+00" if postgres else stamp


def column_text(  # noqa: PLR0911 - one return per column kind
    model_field: models.Field[Any, Any], values: npt.NDArray[Any], *, postgres: bool
) -> npt.NDArray[Any]:
    """The column as strings (or Python values for SQLite), nulls not yet applied."""
    kind = values.dtype.kind
    if isinstance(model_field, models.DateTimeField):
        return _datetime_text(values, postgres=postgres)
    if isinstance(model_field, models.DateField):
        if kind == "M":
            return np.datetime_as_string(values.astype("datetime64[D]"), unit="D")
        return np.array([None if v is None else v.isoformat() for v in values], dtype=object)
    if kind == "b":
        if postgres:
            return np.where(values, "t", "f")
        return values.astype(np.int64)
    if isinstance(model_field, models.BooleanField) and kind == "O":
        return np.array([("t" if v else "f") if postgres else int(bool(v)) for v in values])
    if postgres and kind in "iuf":
        return values.astype(str)
    return values


def _field_by_column(model: type[models.Model]) -> Mapping[str, models.Field[Any, Any]]:
    return {str(f.column): f for f in model._meta.concrete_fields}


def sqlite_params(rows: Rows, created: dt.datetime) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and one parameter tuple per row, for `executemany`."""
    fields = _field_by_column(rows.model)
    names, lists = [], []
    for column, values, mask in full_columns(rows, created):
        converted = column_text(fields[column], values, postgres=False)
        if mask is not None:
            converted = converted.astype(object)
            converted[mask] = None
        names.append(column)
        lists.append(converted.tolist())
    return names, list(zip(*lists, strict=True))


def _digits(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Non-negative integers as zero-padded ASCII (PostgreSQL reads 000123 as 123), computed
    with arithmetic instead of one Python string per value."""
    numbers = values.astype(np.int64)
    width = max(1, len(str(int(numbers.max())))) if numbers.size else 1
    matrix = np.empty((numbers.size, width), dtype=np.uint8)
    rest = numbers.copy()
    for position in range(width - 1, -1, -1):
        matrix[:, position] = 48 + rest % 10
        rest //= 10
    return matrix.view(f"S{width}").ravel()


def _fixed_point(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Non-negative floats with six decimals (scores, answers): "003.250000"."""
    scaled = np.rint(np.nan_to_num(values) * 1_000_000).astype(np.int64)
    whole, fraction = _digits(scaled // 1_000_000), _digits(scaled % 1_000_000 + 1_000_000)
    dot = np.full(values.size, b".", dtype="S1")
    return _join_fixed([whole, dot, fraction.view(np.uint8).reshape(values.size, -1)[:, 1:]])


def _join_fixed(parts: list[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """Glue fixed-width byte columns side by side (NUL padding stays, removed at the end)."""
    n = len(parts[0])
    matrix = np.hstack([p.view(np.uint8).reshape(n, -1) for p in parts])
    return np.ascontiguousarray(matrix).view(f"S{matrix.shape[1]}").ravel()


_TIMES = np.array(
    [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)],
    dtype="S8",
)


def _day_text(days: npt.NDArray[Any]) -> npt.NDArray[Any]:
    numbers = days.astype("datetime64[D]").astype(np.int64)
    valid = numbers[~np.isnat(days)] if days.dtype.kind == "M" else numbers
    low = int(valid.min()) if valid.size else 0
    high = int(valid.max()) if valid.size else 0
    table = np.datetime_as_string(np.arange(low, high + 1).astype("datetime64[D]")).astype("S10")
    return table[np.clip(numbers - low, 0, high - low)]


def _copy_bytes(  # noqa: PLR0911 - one return per column kind
    model_field: models.Field[Any, Any], values: npt.NDArray[Any]
) -> npt.NDArray[Any]:
    """One column as a fixed-width byte array in COPY text format (nulls not yet applied)."""
    kind = values.dtype.kind
    if isinstance(model_field, models.DateTimeField) and kind == "M":
        seconds = values.astype("datetime64[s]")
        safe = np.where(np.isnat(seconds), np.datetime64(0, "s"), seconds)
        of_day = (safe - safe.astype("datetime64[D]")).astype(np.int64)
        n = values.size
        return _join_fixed(
            [_day_text(safe), np.full(n, b" ", "S1"), _TIMES[of_day], np.full(n, b"+00", "S3")]
        )
    if isinstance(model_field, models.DateField) and kind == "M":
        return _day_text(np.where(np.isnat(values), np.datetime64(0, "D"), values))
    if kind == "b":
        return np.where(values, b"t", b"f").astype("S1")
    if kind in "iu" and (values.size == 0 or values.min() >= 0):
        return _digits(values)
    if kind == "f" and np.nan_to_num(values).min(initial=0.0) >= 0:
        return _fixed_point(values)
    if kind == "U":
        try:
            return values.astype("S")
        except UnicodeEncodeError:
            return np.strings.encode(values, "utf-8")
    text = [v if isinstance(v, str) else ("" if v is None else str(v)) for v in values.tolist()]
    if isinstance(model_field, models.DateTimeField):
        text = [_as_datetime_text(v, postgres=True) or "" for v in values.tolist()]
    if isinstance(model_field, models.BooleanField):
        text = ["t" if v else "f" for v in values.tolist()]
    return np.strings.encode(np.array(text, dtype=str), "utf-8")


def copy_text(rows: Rows, created: dt.datetime) -> tuple[list[str], Iterator[bytes]]:
    """Column names and the rows as PostgreSQL COPY text, built with numpy byte matrices (no
    Python object per row or per value).

    The generator's texts never hold a tab, newline, backslash or NUL (they come from fixed
    word lists), so no escaping is needed; `check_plain` guards the word lists.
    """
    fields = _field_by_column(rows.model)
    names, parts = [], []
    n = len(rows)
    tab = np.full(n, b"\t", dtype="S1")
    for column, values, mask in full_columns(rows, created):
        converted = _copy_bytes(fields[column], values)
        if mask is not None:
            width = max(converted.dtype.itemsize, 2)
            converted = np.where(mask, np.array(COPY_NULL.encode(), f"S{width}"), converted)
        names.append(column)
        parts.extend([converted, tab])
    parts[-1] = np.full(n, b"\n", dtype="S1")

    def blocks(step: int = 200_000) -> Iterator[bytes]:
        for start in range(0, n, step):
            flat = _join_fixed([p[start : start + step] for p in parts]).view(np.uint8)
            yield flat[flat != 0].tobytes()

    return names, blocks()


def check_plain(*texts: str) -> None:
    """Refuse word lists that would need COPY escaping."""
    for text in texts:
        if any(c in text for c in "\t\n\r\\\x00"):
            raise ValueError(f"generator text needs escaping: {text!r}")
