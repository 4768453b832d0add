"""The real ESCO, O*NET and crosswalk files in the shared data folder, and subsets of them.

Koers commits no third-party data; tests read it from ../shared/data beside the repository (or
KOERS_DATA_DIR) and fail with a clear reason where it is absent — never skip.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA
CLASSIFICATION = DATA / "esco-v1.1.1" / "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = DATA / "esco-v1.1.1" / "esco-v1.1.1-relations-csv.zip"
ESCO_NL = DATA / "esco-nl"
ONET = DATA / "onet-29.3"
CROSSWALKS = DATA / "crosswalks"


def require_data() -> None:
    if not CLASSIFICATION.is_file() or not ESCO_NL.is_dir():
        pytest.fail(f"the ESCO download is not in {DATA} (set KOERS_DATA_DIR)")


def read_rows(archive: Path, member: str) -> tuple[list[str], list[list[str]]]:
    with zipfile.ZipFile(archive) as handle, handle.open(member) as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        header = next(reader)
        return header, list(reader)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def build_subset(folder: Path, occupations: int = 40) -> dict[str, int]:
    """A folder of real ESCO files: all ISCO groups, the first `occupations` occupations, their
    skill relations and the skills those name. Returns the row counts written per file."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    header, rows = read_rows(CLASSIFICATION, "ISCOGroups_en.csv")
    write_csv(folder / "ISCOGroups_en.csv", header, rows)
    counts["ISCOGroups_en.csv"] = len(rows)
    header, rows = read_rows(CLASSIFICATION, "occupations_en.csv")
    rows = rows[:occupations]
    write_csv(folder / "occupations_en.csv", header, rows)
    counts["occupations_en.csv"] = len(rows)
    uris = {row[header.index("conceptUri")] for row in rows}
    # 21 MB without multi-line cells: filter lines before parsing them.
    with zipfile.ZipFile(RELATIONS) as handle, handle.open("occupationSkillRelations.csv") as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        header = next(csv.reader([next(lines)]))
        wanted = [line for line in lines if line.split(",", 1)[0].strip('"') in uris]
        rows = list(csv.reader(wanted))
    write_csv(folder / "occupationSkillRelations.csv", header, rows)
    counts["occupationSkillRelations.csv"] = len(rows)
    counts["essential"] = sum(1 for row in rows if row[header.index("relationType")] == "essential")
    skills = {row[header.index("skillUri")] for row in rows}
    header, rows = read_rows(CLASSIFICATION, "skills_en.csv")
    rows = [row for row in rows if row[header.index("conceptUri")] in skills]
    write_csv(folder / "skills_en.csv", header, rows)
    counts["skills_en.csv"] = len(rows)
    return counts
