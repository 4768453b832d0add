"""Bulk import of an organisation's records from CSV or XLSX, row by row through the services.

Two kinds, in this order for a new organisation:

- `engagements`: a trajectory with its person (as the intake form does). A person new to the
  organisation is registered; an organisation holds a person only through a trajectory, so this
  is also how persons arrive.
- `persons`: life-status periods of persons the organisation already holds, found by its own
  reference for them.

Every row is checked (columns, types, choices, then the service's own rules) and each problem is
reported with its line, column and reason in the user's language. By default the import is
all or nothing: one problem and nothing stays. With `atomic=False` the valid rows are kept and
the rejected ones reported. External references make a re-import idempotent: a row that is
already there is counted as unchanged, never duplicated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from koers.api.models import ImportedEngagement, ImportedPerson
from koers.core.actor import Actor
from koers.core.roles import Role
from koers.delivery import services as delivery_services
from koers.delivery.models import DecisionStatus, Source
from koers.delivery.triage import Capability, Complexity
from koers.organisations.models import Organisation
from koers.people import selectors as people_selectors
from koers.people import services as people_services
from koers.people.models import IscedLevel, Language, LifeStatusKind

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"  # text, date, or a choice set below
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    line: int  # 1 is the header
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, size, header)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _choices(values: list[str]) -> tuple[str, ...]:
    return tuple(values)


@dataclass(frozen=True)
class CommandActor(Actor):
    """A service manager of one organisation working from the command line (`koers import`)."""

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def email(self) -> str:
        return "command:koers-import"


def organisation_actor(*, organisation_id: int) -> Actor:
    """The actor `koers import --organisation ID` works as."""
    organisation = Organisation.objects.filter(id=organisation_id).first()
    if organisation is None:
        raise Http404
    return CommandActor(
        user=None,
        role=Role.SERVICE_MANAGER,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        organisation_path=organisation.path,
    )


PERSON_COLUMNS = (
    Column("person_reference", required=True),
    Column("given_name", required=True),
    Column("family_name", required=True),
    Column("date_of_birth", kind="date"),
    Column("email"),
    Column("phone"),
    Column("preferred_language", kind="choice", choices=_choices(Language.values)),
)
KINDS: dict[str, tuple[Column, ...]] = {
    "engagements": (
        *PERSON_COLUMNS,
        Column("engagement_reference", required=True),
        Column("started_on", required=True, kind="date"),
        Column("source", required=True, kind="choice", choices=_choices(Source.values)),
        Column("question", required=True),
        Column("capability", required=True, kind="choice", choices=_choices(Capability.values)),
        Column("complexity", required=True, kind="choice", choices=_choices(Complexity.values)),
        Column(
            "decision_status",
            required=True,
            kind="choice",
            choices=_choices(DecisionStatus.values),
        ),
    ),
    "persons": (
        Column("person_reference", required=True),
        Column(
            "life_status", required=True, kind="choice", choices=_choices(LifeStatusKind.values)
        ),
        Column("start_date", required=True, kind="date"),
        Column("end_date", kind="date"),
        Column("education_level", kind="choice", choices=_choices(IscedLevel.values)),
        Column("institution"),
        Column("employer"),
        Column("occupation"),
    ),
}


# --- Reading the file ------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            [
                Problem(
                    line,
                    "",
                    _(
                        "The file is not UTF-8 encoded (line %(line)s). Save it as “CSV UTF-8” "
                        "and try again."
                    )
                    % {"line": line},
                )
            ]
        ) from error
    first = text.split("\n", 1)[0]
    # Dutch spreadsheet programs write semicolons; both are read.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [
        [cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


def _read_xlsx(data: bytes) -> list[list[str]]:
    # Only when an XLSX arrives; no stubs are pinned for openpyxl.
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(
            [Problem(1, "", _("This is not a readable XLSX file; save it again from Excel."))]
        ) from error
    sheet = workbook.worksheets[0]
    merged = [str(cells) for cells in sheet.merged_cells.ranges]
    if merged:
        raise ImportFileError(
            [
                Problem(
                    1,
                    "",
                    _("The sheet has merged cells (%(cells)s); unmerge them and try again.")
                    % {"cells": ", ".join(merged[:5])},
                )
            ]
        )
    rows: list[list[str]] = []
    problems: list[Problem] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        for cell in row:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        number,
                        str(cell.coordinate),
                        _("Cell %(cell)s holds a formula; paste the values instead.")
                        % {"cell": cell.coordinate},
                    )
                )
        rows.append([_cell_text(cell.value) for cell in row])
    if problems:
        raise ImportFileError(problems)
    return rows


def read_table(*, name: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells (header first). Raises ImportFileError."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            [
                Problem(
                    0,
                    "",
                    _("The file is larger than %(mb)s MB; split it into smaller files.")
                    % {"mb": MAX_BYTES // (1024 * 1024)},
                )
            ]
        )
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return _read_xlsx(data)
    if name.lower().endswith((".csv", ".txt")) or not name:
        return _read_csv(data)
    raise ImportFileError([Problem(0, "", _("Upload a .csv or .xlsx file."))])


# --- Checking rows ---------------------------------------------------------------------------


def parse_date(text: str) -> dt.date:
    """ISO (2026-01-31) or Dutch (31-01-2026, 31/01/2026) dates."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _header(rows: list[list[str]], columns: tuple[Column, ...]) -> list[str]:
    if not rows:
        raise ImportFileError([Problem(1, "", _("The file is empty."))])
    header = [cell.strip().lower() for cell in rows[0]]
    known = {column.name for column in columns}
    problems = [
        Problem(
            1,
            column.name,
            _("The required column “%(column)s” is missing.") % {"column": column.name},
        )
        for column in columns
        if column.required and column.name not in header
    ]
    problems += [
        Problem(1, name, _("Unknown column “%(column)s”.") % {"column": name})
        for name in header
        if name and name not in known
    ]
    if len(rows) - 1 > MAX_ROWS:
        problems.append(
            Problem(0, "", _("A file may hold at most %(rows)s rows.") % {"rows": MAX_ROWS})
        )
    if problems:
        raise ImportFileError(problems)
    return header


def _values(
    line: int, cells: dict[str, str], columns: tuple[Column, ...]
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in columns:
        text = cells.get(column.name, "").strip()
        if not text:
            if column.required:
                problems.append(Problem(line, column.name, _("This field is required.")))
            values[column.name] = None if column.kind == "date" else ""
            continue
        if column.kind == "date":
            try:
                values[column.name] = parse_date(text)
            except ValueError:
                problems.append(
                    Problem(
                        line,
                        column.name,
                        _("“%(value)s” is not a date; use 2026-01-31 or 31-01-2026.")
                        % {"value": text},
                    )
                )
        elif column.kind == "choice":
            if text.lower() not in column.choices:
                problems.append(
                    Problem(
                        line,
                        column.name,
                        _("“%(value)s” is not one of: %(choices)s.")
                        % {"value": text, "choices": ", ".join(column.choices)},
                    )
                )
            values[column.name] = text.lower()
        else:
            values[column.name] = text
    return values, problems


def _service_problems(
    line: int, error: ValidationError, columns: tuple[Column, ...]
) -> list[Problem]:
    names = {column.name for column in columns}
    aliases = {"person_reference": "person_reference", "status": "life_status"}
    if not hasattr(error, "error_dict"):
        return [Problem(line, "", message) for message in error.messages]
    problems = []
    for key, messages in error.message_dict.items():
        column = aliases.get(key, key)
        for message in messages:
            problems.append(Problem(line, column if column in names else "", message))
    return problems


# --- Writing rows ----------------------------------------------------------------------------


def _engagement_row(actor: Actor, organisation_id: int, values: dict[str, Any]) -> bool:
    """Open the row's trajectory (registering a new person); False when it is already there."""
    reference = values["engagement_reference"]
    if ImportedEngagement.objects.filter(
        organisation_id=organisation_id, reference=reference
    ).exists():
        return False
    known = ImportedPerson.objects.filter(
        organisation_id=organisation_id, reference=values["person_reference"]
    ).first()
    new_person = None
    if known is None:
        new_person = {
            "given_name": values["given_name"],
            "family_name": values["family_name"],
            "date_of_birth": values["date_of_birth"],
            "email": values["email"],
            "phone": values["phone"],
            "preferred_language": values["preferred_language"] or Language.DUTCH,
        }
    engagement = delivery_services.engagement_open(
        actor=actor,
        person_id=known.person_id if known else None,
        new_person=new_person,
        started_on=values["started_on"],
        source=Source(values["source"]),
        question=values["question"],
        capability=Capability(values["capability"]),
        complexity=Complexity(values["complexity"]),
        decision_status=DecisionStatus(values["decision_status"]),
    )
    if known is None:
        ImportedPerson.objects.create(
            organisation_id=organisation_id,
            reference=values["person_reference"],
            person_id=engagement.person_id,
        )
    ImportedEngagement.objects.create(
        organisation_id=organisation_id, reference=reference, engagement=engagement
    )
    return True


class RowRejectedError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _person_row(actor: Actor, organisation_id: int, values: dict[str, Any], line: int) -> bool:
    """Add the row's life-status period; False when the person has it already."""
    known = ImportedPerson.objects.filter(
        organisation_id=organisation_id, reference=values["person_reference"]
    ).first()
    if known is None:
        raise RowRejectedError(
            [
                Problem(
                    line,
                    "person_reference",
                    _(
                        "No person with reference “%(reference)s” at your organisation; import "
                        "their engagement first."
                    )
                    % {"reference": values["person_reference"]},
                )
            ]
        )
    timeline = people_selectors.life_status_list(actor=actor, person_id=known.person_id)
    if timeline.filter(status=values["life_status"], start_date=values["start_date"]).exists():
        return False
    people_services.life_status_add(
        actor=actor,
        person_id=known.person_id,
        status=LifeStatusKind(values["life_status"]),
        start_date=values["start_date"],
        end_date=values["end_date"],
        education_level=values["education_level"],
        institution=values["institution"],
        employer=values["employer"],
        occupation=values["occupation"],
    )
    return True


UNIQUE_IN_FILE: dict[str, Callable[[dict[str, Any]], tuple[str, Any]]] = {
    "engagements": lambda values: ("engagement_reference", values["engagement_reference"]),
    "persons": lambda values: (
        "start_date",
        (values["person_reference"], values["life_status"], values["start_date"]),
    ),
}


def _rows(rows: list[list[str]], header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        yield number, dict(zip(header, row, strict=False))


def _import_row(
    actor: Actor, kind: str, values: dict[str, Any], line: int, columns: tuple[Column, ...]
) -> tuple[bool, list[Problem]]:
    """Write one checked row in its own savepoint: (created, problems)."""
    organisation_id = actor.organisation_id or 0
    try:
        with transaction.atomic():
            if kind == "engagements":
                return _engagement_row(actor, organisation_id, values), []
            return _person_row(actor, organisation_id, values, line), []
    except ValidationError as error:
        return False, _service_problems(line, error, columns)
    except RowRejectedError as error:
        return False, error.problems
    except (Http404, PermissionDenied):
        return False, [Problem(line, "", _("Your organisation may not change this record."))]


def import_file(
    *,
    actor: Actor,
    kind: str,
    name: str,
    data: bytes,
    atomic: bool = True,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one file of `kind` for the actor's organisation; see the module's docstring.

    Permission: service managers (checked by the services each row calls).
    Side effects: the services' records and audit events, plus external-reference mappings;
    nothing at all when `atomic` and any row has a problem, or on a dry run.
    """
    if kind not in KINDS or actor.organisation_id is None:
        raise PermissionDenied
    columns = KINDS[kind]
    report = ImportReport(kind=kind)
    try:
        table = read_table(name=name, data=data)
        header = _header(table, columns)
    except ImportFileError as error:
        report.problems = error.problems
        return report
    seen: dict[Any, int] = {}
    body = list(_rows(table, header))
    with transaction.atomic():
        for done, (line, cells) in enumerate(body, start=1):
            report.rows += 1
            if progress is not None:
                progress(done, len(body))
            values, problems = _values(line, cells, columns)
            if not problems:
                column, key = UNIQUE_IN_FILE[kind](values)
                if key in seen:
                    message = _("This row repeats line %(line)s.") % {"line": seen[key]}
                    problems.append(Problem(line, column, message))
                seen.setdefault(key, line)
            created = False
            if not problems:
                created, problems = _import_row(actor, kind, values, line, columns)
            report.problems += problems
            if not problems:
                report.created += int(created)
                report.unchanged += int(not created)
        report.committed = not dry_run and not (atomic and report.problems)
        if not report.committed:
            transaction.set_rollback(True)
    return report


def template_csv(kind: str) -> str:
    """An empty file with the kind's header, to fill in."""
    out = io.StringIO()
    csv.writer(out).writerow([column.name for column in KINDS[kind]])
    return out.getvalue()
