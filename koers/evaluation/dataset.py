"""Reading a data set (CSV or XLSX) into named numeric columns, with errors people can act on.

Used by `koers evaluate` and by studies run on an uploaded file. Line numbers in messages are
the file's own: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.evaluation.stats._arrays import FloatArray

MAX_REPORTED_ROWS = 10
CSV_DELIMITERS = ",;\t"


class DatasetError(ValueError):
    """The file cannot be read or lacks what the analysis needs."""


@dataclass
class Table:
    """The cells of a data set as text, with each row's line number in the file."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    decimal_comma: bool = False
    source: str = ""

    def column_index(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            raise DatasetError(
                _('The column "%(name)s" is not in %(source)s. Available columns: %(available)s.')
                % {
                    "name": name,
                    "source": self.source or _("the data"),
                    "available": ", ".join(self.header),
                }
            ) from None


@dataclass
class Columns:
    """Numeric columns for the rows that are complete in every requested column."""

    values: dict[str, FloatArray]
    lines: list[int]
    dropped_lines: list[int] = field(default_factory=list)
    missing_by_column: dict[str, int] = field(default_factory=dict)


def read_table(data: bytes | IO[bytes] | Path, *, filename: str) -> Table:
    """Read a CSV (comma, semicolon or tab separated, UTF-8) or an XLSX (first sheet) file."""
    if isinstance(data, Path):
        raw = data.read_bytes()
    elif isinstance(data, bytes):
        raw = data
    else:
        raw = data.read()
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(raw)
    elif filename.lower().endswith((".csv", ".txt", ".tsv")):
        table = _read_csv(raw)
    else:
        raise DatasetError(_("Upload a CSV or XLSX file."))
    table.source = Path(filename).name
    if not table.header or not any(table.header):
        raise DatasetError(_("The file has no header row with column names."))
    duplicates = sorted({name for name in table.header if table.header.count(name) > 1})
    if duplicates:
        raise DatasetError(
            _("Column names must be unique; repeated: %(names)s.")
            % {"names": ", ".join(duplicates)}
        )
    if not table.rows:
        raise DatasetError(_("The file has a header but no data rows."))
    return table


def _read_csv(raw: bytes) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for line_number, row in enumerate(reader, start=1):
            if line_number == 1:
                header = [cell.strip() for cell in row]
            elif any(cell.strip() for cell in row):
                rows.append(row)
                lines.append(line_number)
    except csv.Error as error:
        raise DatasetError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    # With semicolons or tabs, a comma in a number is the decimal separator (Dutch spreadsheets).
    return Table(header=header, rows=rows, lines=lines, decimal_comma=delimiter != ",")


def _read_xlsx(raw: bytes) -> Table:
    from openpyxl import (  # type: ignore[import-untyped,unused-ignore]  # no stubs pinned  # noqa: PLC0415
        load_workbook,
    )

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DatasetError(
            _("The spreadsheet cannot be read: %(error)s") % {"error": error}
        ) from None
    sheet = workbook.worksheets[0]
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    for line_number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = ["" if cell is None else str(cell) for cell in cells]
        if line_number == 1:
            header = [text.strip() for text in texts]
        elif any(text.strip() for text in texts):
            rows.append(texts)
            lines.append(line_number)
    workbook.close()
    return Table(header=header, rows=rows, lines=lines)


def _column_values(table: Table, index: int) -> tuple[FloatArray, list[str]]:
    """One column as floats (NaN for empty cells) and the lines with values that are not numbers.

    The fast path converts the whole column in numpy; only a column with a bad value is walked
    cell by cell to say where.
    """
    cells = [row[index].strip() if index < len(row) else "" for row in table.rows]
    if table.decimal_comma:
        cells = [c.replace(",", ".") if "," in c and "." not in c else c for c in cells]
    texts = ["nan" if not c or c.upper() in {"NA", "N/A"} else c for c in cells]
    try:
        values = np.asarray(texts, dtype=np.float64)
    except ValueError:
        values = np.full(len(texts), np.nan)
        bad_lines = []
        for i, (text, line) in enumerate(zip(texts, table.lines, strict=True)):
            try:
                values[i] = float(text)
            except ValueError:
                bad_lines.append(f"{line} ({table.rows[i][index].strip()!r})")
        return values, bad_lines
    infinite = np.flatnonzero(np.isinf(values))
    return values, [f"{table.lines[i]} ({cells[i]!r})" for i in infinite]


def numeric_columns(table: Table, names: Sequence[str]) -> Columns:
    """The named columns as numbers; rows missing any of them are left out and counted.

    Raises DatasetError naming every column that is absent, and every line (up to ten per
    column) with a value that is not a number.
    """
    indexes = {name: table.column_index(name) for name in dict.fromkeys(names)}
    parsed: dict[str, FloatArray] = {}
    problems: list[str] = []
    for name, index in indexes.items():
        parsed[name], bad_lines = _column_values(table, index)
        if bad_lines:
            shown = ", ".join(bad_lines[:MAX_REPORTED_ROWS])
            more = len(bad_lines) - MAX_REPORTED_ROWS
            message = ngettext(
                'Column "%(name)s" has a value that is not a number on line %(lines)s.',
                'Column "%(name)s" has values that are not numbers on lines %(lines)s.',
                len(bad_lines),
            ) % {"name": name, "lines": shown}
            if more > 0:
                message += " " + _("And %(count)d more.") % {"count": more}
            problems.append(message)
    if problems:
        raise DatasetError(" ".join(problems))
    missing = {name: np.isnan(values) for name, values in parsed.items()}
    complete = ~np.logical_or.reduce(list(missing.values()))
    lines = np.asarray(table.lines)
    return Columns(
        values={name: values[complete] for name, values in parsed.items()},
        lines=lines[complete].tolist(),
        dropped_lines=lines[~complete].tolist(),
        missing_by_column={
            name: int(flags.sum()) for name, flags in missing.items() if flags.any()
        },
    )
