"""Import the official ESCO CSV download (folders, zips or single CSV files; any languages).

The importer streams every CSV row by row and writes in batches. Concepts are matched by their
concept URI, so a newer release updates rows in place; a concept missing from a re-imported file
is marked obsolete, never deleted. Columns are found by header name, because their order differs
between files and ESCO versions. The whole import is one transaction: bad input leaves the
database as it was.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from koers.careerinfo.models import (
    ConceptText,
    EscoConcept,
    EscoRelease,
    IscoGroup,
    Occupation,
    OccupationSkill,
    RelationType,
    Skill,
    SkillBroader,
    SkillKind,
)
from koers.careerinfo.text import normalise, split_labels

# ESCO descriptions can exceed the csv module's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

BATCH_SIZE = 1000
ESCO_PREFIX = "http://data.europa.eu/esco/"
FILE_NAME = re.compile(
    r"^(?P<kind>[A-Za-z]+)(?:_(?P<language>[a-z]{2,3}(?:-[A-Za-z]+)?))?(?:_v\d+(?:\.\d+)*)?\.csv$"
)
VERSION = re.compile(r"v(\d+(?:\.\d+)+)")
ISCO_CODE = re.compile(r"^\d{1,4}$")
ISCO_UNIT_CODE = re.compile(r"^\d{4}$")

# ESCO file name stem -> what it holds, in the order the import must handle them.
KINDS = {
    "ISCOGroups": "isco",
    "skillGroups": "skill_group",
    "skills": "skill",
    "occupations": "occupation",
    "broaderRelationsOccPillar": "occupation_broader",
    "broaderRelationsSkillPillar": "skill_broader",
    "occupationSkillRelations": "occupation_skill",
}
ORDER = list(KINDS.values())
LANGUAGE_KINDS = {"isco", "skill_group", "skill", "occupation"}
REQUIRED_COLUMNS = {
    "isco": ("conceptUri", "code", "preferredLabel"),
    "skill_group": ("conceptUri", "preferredLabel"),
    "skill": ("conceptUri", "preferredLabel"),
    "occupation": ("conceptUri", "preferredLabel", "iscoGroup"),
    "occupation_broader": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "skill_broader": ("conceptUri", "broaderUri"),
    "occupation_skill": ("occupationUri", "relationType", "skillUri"),
}

Progress = Callable[[str, int, int], None]


class EscoImportError(Exception):
    """The input is not an ESCO download we can import; nothing was changed."""


@dataclass(frozen=True)
class CsvSource:
    name: str  # what the summary shows: "occupations_en.csv" or "x.zip:occupations_en.csv"
    kind: str
    language: str
    path: Path
    member: str = ""  # the file inside a zip

    @contextmanager
    def open(self) -> Iterator[tuple[IO[str], IO[bytes], int]]:
        """The text stream, its underlying byte stream (for progress) and the size in bytes."""
        if self.member:
            with zipfile.ZipFile(self.path) as archive:
                size = archive.getinfo(self.member).file_size
                with archive.open(self.member) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""), raw, size
        else:
            with self.path.open("rb") as raw:
                size = self.path.stat().st_size
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""), raw, size


@dataclass(frozen=True)
class Rejection:
    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.reason}"


@dataclass
class Tally:
    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    obsolete: int = 0
    # Concepts whose language-independent fields a file of this import has already written:
    # when two languages' files of different versions disagree, the first path given wins.
    seen: set[str] = field(default_factory=set)


@dataclass
class ImportSummary:
    release: EscoRelease
    tallies: dict[str, Tally]
    relations: dict[str, int]
    rejections: list[Rejection]
    sources: list[CsvSource]

    def count(self, what: str) -> int:
        if what == "obsolete":
            return sum(tally.obsolete for tally in self.tallies.values())
        return sum(len(getattr(tally, what)) for tally in self.tallies.values())


def discover(paths: list[Path]) -> list[CsvSource]:
    """The ESCO CSV files in folders, zips or single files, in import order."""
    sources: list[CsvSource] = []
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if p.suffix.lower() in {".csv", ".zip"})
            sources.extend(source for child in children for source in _sources_of_file(child))
        elif path.is_file():
            sources.extend(_sources_of_file(path))
        else:
            raise EscoImportError(_("%(path)s does not exist.") % {"path": path})
    if not sources:
        raise EscoImportError(
            _(
                "No ESCO CSV files found in %(paths)s. Expected files such as occupations_en.csv "
                "from the official ESCO download (CSV format)."
            )
            % {"paths": ", ".join(str(p) for p in paths)}
        )
    return sorted(sources, key=lambda source: ORDER.index(source.kind))


def _sources_of_file(path: Path) -> list[CsvSource]:
    if path.suffix.lower() == ".csv":
        source = _source(path.name, path, "")
        return [source] if source else []
    if path.suffix.lower() != ".zip":
        raise EscoImportError(_("%(path)s is not a CSV or zip file.") % {"path": path})
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info.filename for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile as error:
        raise EscoImportError(_("%(path)s is not a valid zip file.") % {"path": path}) from error
    found = (_source(PurePosixPath(member).name, path, member) for member in members)
    return [source for source in found if source]


def _source(file_name: str, path: Path, member: str) -> CsvSource | None:
    match = FILE_NAME.match(file_name)
    if not match or match["kind"] not in KINDS:
        return None  # collections, concept schemes, hierarchies: not needed
    kind = KINDS[match["kind"]]
    language = match["language"] or ""
    name = f"{path.name}:{file_name}" if member else file_name
    if kind in LANGUAGE_KINDS and not language:
        raise EscoImportError(
            _("Cannot tell the language of %(name)s: expected a name like occupations_en.csv.")
            % {"name": name}
        )
    return CsvSource(name=name, kind=kind, language=language, path=path, member=member)


def detect_version(paths: list[Path], sources: list[CsvSource]) -> str:
    """The highest version named in the paths or file names ('1.1.1'), or 'unknown'."""
    names = [str(p) for p in paths] + [source.member for source in sources]
    found = {match for name in names for match in VERSION.findall(name)}
    if not found:
        return "unknown"
    return str(max(found, key=lambda v: tuple(int(part) for part in v.split("."))))


def esco_import(
    *,
    paths: list[Path],
    version: str = "",
    release_date: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ESCO concepts, labels and relations from the official CSV download.

    Side effects: creates an EscoRelease; creates and updates concepts, texts and relations;
    marks concepts missing from a re-imported file obsolete. One transaction.
    """
    sources = discover(paths)
    with transaction.atomic():
        release = EscoRelease.objects.create(
            version=version or detect_version(paths, sources),
            release_date=release_date,
            languages=",".join(sorted({s.language for s in sources if s.language})),
            sources="\n".join(source.name for source in sources),
        )
        run = _Run(release=release, progress=progress)
        for source in sources:
            run.read(source)
        run.mark_obsolete({source.kind for source in sources})
        summary = ImportSummary(
            release=release,
            tallies=run.tallies,
            relations=run.relations,
            rejections=run.rejections,
            sources=sources,
        )
        release.created = summary.count("created")
        release.updated = summary.count("updated")
        release.obsolete = summary.count("obsolete")
        release.rejected = len(run.rejections)
        release.save(update_fields=["created", "updated", "obsolete", "rejected"])
    return summary


Row = dict[str, str]
Parsed = tuple[int, dict[str, Any], dict[str, str]]  # line, concept fields, text fields

MODELS: dict[str, type[EscoConcept]] = {
    "isco": IscoGroup,
    "skill_group": Skill,
    "skill": Skill,
    "occupation": Occupation,
}
TEXT_KEY = {
    "isco": "isco_group",
    "skill_group": "skill",
    "skill": "skill",
    "occupation": "occupation",
}
TEXT_FIELDS = ("preferred_label", "alt_labels", "hidden_labels", "description")


class RowError(ValueError):
    pass


class _Run:
    """The state of one import: counts, rejections and the look-ups relations need."""

    def __init__(self, *, release: EscoRelease, progress: Progress | None) -> None:
        self.release = release
        self.progress = progress
        self.tallies: dict[str, Tally] = {kind: Tally() for kind in ("isco", "skill", "occupation")}
        self.relations: dict[str, int] = {}
        self.rejections: list[Rejection] = []
        self.isco_ids: dict[str, int] | None = None

    # Reading -------------------------------------------------------------------------------

    def read(self, source: CsvSource) -> None:
        with source.open() as (text, raw, size):
            reader = csv.reader(text)
            header = [column.strip() for column in next(reader, [])]
            missing = [c for c in REQUIRED_COLUMNS[source.kind] if c not in header]
            if missing:
                raise EscoImportError(
                    _(
                        "%(name)s is missing the column(s) %(columns)s; "
                        "is this a file of the official ESCO CSV download?"
                    )
                    % {"name": source.name, "columns": ", ".join(missing)}
                )
            rows = self._rows(source, reader, header, raw, size)
            if source.kind in LANGUAGE_KINDS:
                self._concepts(source, rows)
            elif source.kind == "occupation_broader":
                self._occupation_broader(source, rows)
            elif source.kind == "skill_broader":
                self._skill_broader(source, rows)
            else:
                self._occupation_skills(source, rows)

    def _rows(
        self,
        source: CsvSource,
        reader: Any,
        header: list[str],
        raw: IO[bytes],
        size: int,
    ) -> Iterator[tuple[int, Row]]:
        """(line, row by column name); a row's line is where it starts, as labels span lines."""
        start = reader.line_num + 1
        for number, cells in enumerate(reader):
            if len(cells) != len(header):
                self.reject(
                    source,
                    start,
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": len(header), "found": len(cells)},
                )
            else:
                yield start, dict(zip(header, cells, strict=True))
            start = reader.line_num + 1
            if self.progress and number % 2000 == 0:
                self.progress(source.name, min(raw.tell(), size), size)
        if self.progress:
            self.progress(source.name, size, size)

    def reject(self, source: CsvSource, line: int, reason: str) -> None:
        self.rejections.append(Rejection(source.name, line, reason))

    # Concepts ------------------------------------------------------------------------------

    def _concepts(self, source: CsvSource, rows: Iterator[tuple[int, Row]]) -> None:
        parse = getattr(self, f"_parse_{source.kind}")
        batch: list[Parsed] = []
        for line, row in rows:
            try:
                batch.append((line, *parse(row)))
            except RowError as error:
                self.reject(source, line, str(error))
                continue
            if len(batch) >= BATCH_SIZE:
                self._save_concepts(source, batch)
                batch = []
        self._save_concepts(source, batch)
        if source.kind == "isco":
            self._link_isco_parents()

    def _common(self, row: Row) -> tuple[dict[str, Any], dict[str, str]]:
        uri = row["conceptUri"].strip()
        if not uri.startswith(ESCO_PREFIX):
            raise RowError(_("conceptUri %(uri)r is not an ESCO concept URI") % {"uri": uri})
        label = row["preferredLabel"].strip()
        if not label:
            raise RowError(_("preferredLabel is empty"))
        modified = row.get("modifiedDate", "").strip()
        try:
            modified_at = datetime.fromisoformat(modified) if modified else None
        except ValueError:
            raise RowError(
                _("modifiedDate %(value)r is not a date") % {"value": modified}
            ) from None
        if modified_at and modified_at.tzinfo is None:
            modified_at = modified_at.replace(tzinfo=UTC)
        fields = {"uri": uri, "status": row.get("status", "").strip(), "modified_at": modified_at}
        alt = split_labels(row.get("altLabels", ""))
        hidden = split_labels(row.get("hiddenLabels", ""))
        texts = {
            "preferred_label": label,
            "alt_labels": "\n".join(alt),
            "hidden_labels": "\n".join(hidden),
            "description": row.get("description", "").strip(),
            "search_text": normalise("\n".join([label, *alt, *hidden])),
        }
        return fields, texts

    def _parse_isco(self, row: Row) -> tuple[dict[str, Any], dict[str, str]]:
        fields, texts = self._common(row)
        code = row["code"].strip()
        if not ISCO_CODE.match(code):
            raise RowError(_("ISCO-08 code %(code)r is not 1 to 4 digits") % {"code": code})
        fields["code"] = code
        return fields, texts

    def _parse_skill(self, row: Row) -> tuple[dict[str, Any], dict[str, str]]:
        fields, texts = self._common(row)
        fields["kind"] = SkillKind.SKILL
        fields["skill_type"] = row.get("skillType", "").strip()
        fields["reuse_level"] = row.get("reuseLevel", "").strip()
        fields["code"] = row.get("code", "").strip()
        return fields, texts

    def _parse_skill_group(self, row: Row) -> tuple[dict[str, Any], dict[str, str]]:
        fields, texts = self._parse_skill(row)
        fields["kind"] = SkillKind.GROUP
        return fields, texts

    def _parse_occupation(self, row: Row) -> tuple[dict[str, Any], dict[str, str]]:
        fields, texts = self._common(row)
        code = row["iscoGroup"].strip()
        if not ISCO_UNIT_CODE.match(code):
            raise RowError(
                _("iscoGroup %(code)r is not a four-digit ISCO-08 unit group code") % {"code": code}
            )
        isco_ids = self._isco_ids()
        if code not in isco_ids:
            raise RowError(
                _("ISCO-08 group %(code)s is unknown; import ISCOGroups first") % {"code": code}
            )
        fields["isco_group_id"] = isco_ids[code]
        fields["code"] = row.get("code", "").strip()
        fields["regulated_note"] = row.get("regulatedProfessionNote", "").strip()[:255]
        return fields, texts

    def _isco_ids(self) -> dict[str, int]:
        if self.isco_ids is None:
            self.isco_ids = dict(IscoGroup.objects.values_list("code", "id"))
        return self.isco_ids

    def _save_concepts(self, source: CsvSource, batch: list[Parsed]) -> None:
        """Create or update one batch of concepts and their texts in `source.language`."""
        if not batch:
            return
        kind = "skill" if source.kind == "skill_group" else source.kind
        model = MODELS[source.kind]
        tally = self.tallies[kind]
        by_uri = {fields["uri"]: (line, fields, texts) for line, fields, texts in batch}
        existing = {row.uri: row for row in model._default_manager.filter(uri__in=by_uri)}
        new = [
            model(**fields, last_release=self.release)
            for uri, (_line, fields, _texts) in by_uri.items()
            if uri not in existing
        ]
        model._default_manager.bulk_create(new, batch_size=BATCH_SIZE)
        tally.created.update(row.uri for row in new)
        changed: list[EscoConcept] = []
        field_names: set[str] = set()
        for uri, row in existing.items():
            if uri in tally.seen:
                continue  # an earlier file of this import already set the shared fields
            fields = by_uri[uri][1]
            differs = [name for name, value in fields.items() if getattr(row, name) != value]
            if differs or row.is_obsolete:
                for name in differs:
                    setattr(row, name, fields[name])
                field_names.update(differs)
                changed.append(row)
                if uri not in tally.created:
                    tally.updated.add(uri)
        if changed:
            model._default_manager.bulk_update(changed, sorted(field_names), batch_size=BATCH_SIZE)
        # One statement marks the whole batch as seen in this release (and no longer obsolete).
        model._default_manager.filter(uri__in=existing).update(
            last_release=self.release, is_obsolete=False
        )
        tally.seen.update(by_uri)
        ids = {row.uri: row.pk for row in [*new, *existing.values()]}
        if not all(ids.values()):  # bulk_create returns no ids on some backends
            ids = dict(model._default_manager.filter(uri__in=by_uri).values_list("uri", "pk"))
        if model is IscoGroup:
            self.isco_ids = None
        self._save_texts(source, kind, by_uri, ids)

    def _save_texts(
        self,
        source: CsvSource,
        kind: str,
        by_uri: dict[str, tuple[int, dict[str, Any], dict[str, str]]],
        ids: dict[str, int],
    ) -> None:
        key = TEXT_KEY[source.kind]
        existing = {
            getattr(text, f"{key}_id"): text
            for text in ConceptText.objects.filter(
                **{f"{key}_id__in": ids.values()}, language=source.language
            )
        }
        tally = self.tallies[kind]
        new: list[ConceptText] = []
        changed: list[ConceptText] = []
        for uri, (_line, _fields, texts) in by_uri.items():
            concept_id = ids[uri]
            text = existing.get(concept_id)
            if text is None:
                new.append(
                    ConceptText(**{f"{key}_id": concept_id}, language=source.language, **texts)
                )
                if uri not in tally.created:
                    tally.updated.add(uri)
            elif any(getattr(text, name) != texts[name] for name in TEXT_FIELDS):
                for name, value in texts.items():
                    setattr(text, name, value)
                changed.append(text)
                if uri not in tally.created:
                    tally.updated.add(uri)
        ConceptText.objects.bulk_create(new, batch_size=BATCH_SIZE)
        ConceptText.objects.bulk_update(
            changed, [*TEXT_FIELDS, "search_text"], batch_size=BATCH_SIZE
        )

    def _link_isco_parents(self) -> None:
        """An ISCO group's parent is the group whose code is its code minus the last digit."""
        groups = list(IscoGroup.objects.only("id", "code", "parent_id"))
        ids = {group.code: group.id for group in groups}
        changed = []
        for group in groups:
            parent_id = ids.get(group.code[:-1]) if len(group.code) > 1 else None
            if group.parent_id != parent_id:
                group.parent_id = parent_id
                changed.append(group)
        IscoGroup.objects.bulk_update(changed, ["parent"], batch_size=BATCH_SIZE)

    def mark_obsolete(self, kinds: set[str]) -> None:
        """Concepts of an imported kind that this release did not mention become obsolete."""
        for kind, model in (("isco", IscoGroup), ("occupation", Occupation)):
            if kind in kinds:
                self.tallies[kind].obsolete = self._obsolete(model._default_manager.all())
        for skill_kind, file_kind in ((SkillKind.SKILL, "skill"), (SkillKind.GROUP, "skill_group")):
            if file_kind in kinds:
                self.tallies["skill"].obsolete += self._obsolete(
                    Skill.objects.filter(kind=skill_kind)
                )

    def _obsolete(self, queryset: models.QuerySet[Any]) -> int:
        stale = queryset.filter(is_obsolete=False).exclude(last_release=self.release)
        return int(stale.update(is_obsolete=True))

    # Relations -----------------------------------------------------------------------------

    def _occupation_broader(self, source: CsvSource, rows: Iterator[tuple[int, Row]]) -> None:
        occupations = dict(Occupation.objects.values_list("uri", "id"))
        current = dict(Occupation.objects.values_list("id", "broader_id"))
        wanted: dict[int, int | None] = {}
        for line, row in rows:
            if row["conceptType"].strip() != "Occupation":
                continue  # ISCO groups: their parent follows from the code
            occupation_id = occupations.get(row["conceptUri"].strip())
            if occupation_id is None:
                self.reject(
                    source, line, _("unknown occupation %(uri)s") % {"uri": row["conceptUri"]}
                )
                continue
            if row["broaderType"].strip() != "Occupation":
                wanted.setdefault(occupation_id, None)
                continue
            broader_id = occupations.get(row["broaderUri"].strip())
            if broader_id is None:
                self.reject(
                    source,
                    line,
                    _("unknown broader occupation %(uri)s") % {"uri": row["broaderUri"]},
                )
                continue
            wanted[occupation_id] = broader_id
        changed = [
            Occupation(id=occupation_id, broader_id=broader_id)
            for occupation_id, broader_id in wanted.items()
            if current.get(occupation_id) != broader_id
        ]
        Occupation.objects.bulk_update(changed, ["broader"], batch_size=BATCH_SIZE)
        self.relations["occupation broader"] = len(changed)

    def _skill_broader(self, source: CsvSource, rows: Iterator[tuple[int, Row]]) -> None:
        skills = dict(Skill.objects.values_list("uri", "id"))
        wanted: set[tuple[int, int]] = set()
        for line, row in rows:
            skill_id = skills.get(row["conceptUri"].strip())
            broader_id = skills.get(row["broaderUri"].strip())
            if skill_id is None or broader_id is None:
                uri = row["conceptUri"] if skill_id is None else row["broaderUri"]
                self.reject(source, line, _("unknown skill %(uri)s") % {"uri": uri.strip()})
                continue
            wanted.add((skill_id, broader_id))
        current = {
            (s, b): pk
            for pk, s, b in SkillBroader.objects.values_list("id", "skill_id", "broader_id")
        }
        SkillBroader.objects.bulk_create(
            [SkillBroader(skill_id=s, broader_id=b) for s, b in wanted - current.keys()],
            batch_size=BATCH_SIZE,
        )
        _delete_ids(SkillBroader, [pk for key, pk in current.items() if key not in wanted])
        self.relations["skill broader"] = len(wanted)

    def _occupation_skills(self, source: CsvSource, rows: Iterator[tuple[int, Row]]) -> None:
        """Essential and optional skills: the file is the whole truth, so relations it no
        longer lists are removed (the concepts themselves stay).

        About 125,000 rows: the wanted and current sets are held as integer tuples (~20 MB),
        which keeps this to a handful of set-based statements instead of a query per row.
        """
        occupations = dict(Occupation.objects.values_list("uri", "id"))
        skills = dict(Skill.objects.values_list("uri", "id"))
        types = set(RelationType.values)
        wanted: dict[tuple[int, int], str] = {}
        for line, row in rows:
            occupation_id = occupations.get(row["occupationUri"].strip())
            skill_id = skills.get(row["skillUri"].strip())
            relation = row["relationType"].strip()
            if occupation_id is None:
                reason = _("unknown occupation %(uri)s") % {"uri": row["occupationUri"].strip()}
            elif skill_id is None:
                reason = _("unknown skill %(uri)s") % {"uri": row["skillUri"].strip()}
            elif relation not in types:
                reason = _("relationType %(value)r is not essential or optional") % {
                    "value": relation
                }
            else:
                wanted[(occupation_id, skill_id)] = relation
                continue
            self.reject(source, line, reason)
        current = {
            (o, s): (pk, relation)
            for pk, o, s, relation in OccupationSkill.objects.values_list(
                "id", "occupation_id", "skill_id", "relation_type"
            )
        }
        OccupationSkill.objects.bulk_create(
            [
                OccupationSkill(occupation_id=o, skill_id=s, relation_type=relation)
                for (o, s), relation in wanted.items()
                if (o, s) not in current
            ],
            batch_size=BATCH_SIZE,
        )
        retyped = [
            OccupationSkill(id=current[key][0], relation_type=relation)
            for key, relation in wanted.items()
            if key in current and current[key][1] != relation
        ]
        OccupationSkill.objects.bulk_update(retyped, ["relation_type"], batch_size=BATCH_SIZE)
        _delete_ids(
            OccupationSkill, [pk for key, (pk, _relation) in current.items() if key not in wanted]
        )
        self.relations["occupation skills"] = len(wanted)


def _delete_ids(model: type[models.Model], ids: list[int]) -> None:
    for start in range(0, len(ids), BATCH_SIZE):
        model._default_manager.filter(pk__in=ids[start : start + BATCH_SIZE]).delete()
