"""Give ESCO occupations a RIASEC interest profile from O*NET, through published crosswalks.

Paths, tried in order, recorded per occupation (ProfilePath):
1. direct: the Nesta ESCO -> O*NET-SOC 2010 crosswalk names the occupation itself;
2. broader: it names the nearest broader ESCO occupation;
3. isco: the occupation's ISCO-08 unit group (or its minor group) -> 2010 SOC (BLS crosswalk).
O*NET-SOC 2010 codes are carried to the 2019 codes of O*NET 29.3. When several O*NET
occupations map to one ESCO occupation, the profile is their mean, computed by the database in
one aggregate query over the links (which stay as provenance).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from koers.careerinfo.matching import RIASEC, holland_code, unit_centred
from koers.careerinfo.models import (
    InterestProfile,
    Occupation,
    OnetLink,
    OnetOccupation,
    ProfilePath,
)

BATCH_SIZE = 1000
ELEMENTS = {
    "Realistic": "realistic",
    "Investigative": "investigative",
    "Artistic": "artistic",
    "Social": "social",
    "Enterprising": "enterprising",
    "Conventional": "conventional",
}
FIELDS = tuple(ELEMENTS.values())
SOURCE = "O*NET 29.3 via Nesta ESCO-O*NET crosswalk"
ONET_FILES = ("Interests.txt", "Occupation Data.txt", "Job Zones.txt")
CROSSWALK_FILES = (
    "nesta_esco_onet_crosswalk_Nov2020.csv",
    "onet_soc2010_to_onet_soc2019.csv",
    "bls_isco08_to_soc2010.csv",
)


class OnetImportError(Exception):
    """The folders are not what the importer expects; nothing was changed."""


@dataclass(frozen=True)
class OnetSummary:
    onet_occupations: int
    occupations: int
    profiles: dict[str, int]  # path -> occupations with a profile through it

    @property
    def coverage(self) -> float:
        return sum(self.profiles.values()) / self.occupations if self.occupations else 0.0


def _read(path: Path, *, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _check(folder: Path, names: tuple[str, ...]) -> None:
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise OnetImportError(
            _("%(folder)s lacks %(files)s.") % {"folder": folder, "files": ", ".join(missing)}
        )


def onet_import(*, onet_dir: Path, crosswalk_dir: Path) -> OnetSummary:
    """Load O*NET interests and job zones, link ESCO occupations to them, derive profiles.

    Side effects: upserts OnetOccupation; replaces all OnetLink and InterestProfile rows
    (both are derived, nothing links to them). One transaction.
    """
    _check(onet_dir, ONET_FILES)
    _check(crosswalk_dir, CROSSWALK_FILES)
    onet = _onet_occupations(onet_dir)
    esco_to_2010 = {
        row["concept_uri"].strip(): row["onet_code"].strip()
        for row in _read(crosswalk_dir / "nesta_esco_onet_crosswalk_Nov2020.csv")
    }
    to_2019: dict[str, set[str]] = defaultdict(set)
    for row in _read(crosswalk_dir / "onet_soc2010_to_onet_soc2019.csv"):
        to_2019[row["O*NET-SOC 2010 Code"].strip()].add(row["O*NET-SOC 2019 Code"].strip())
    by_soc: dict[str, set[str]] = defaultdict(set)  # 2010 SOC "55-1011" -> O*NET 2010 codes
    for code in to_2019:
        by_soc[code.split(".")[0]].add(code)
    isco_to_2010: dict[str, set[str]] = defaultdict(set)
    for row in _read(crosswalk_dir / "bls_isco08_to_soc2010.csv"):
        # A 3-digit code is a match at minor-group level (the BLS sheet says so in a comment).
        isco_to_2010[row["ISCO-08 Code"].strip()] |= by_soc.get(row["2010 SOC Code"].strip(), set())

    def onet_2019(codes_2010: set[str]) -> set[str]:
        return {c for code in codes_2010 for c in to_2019.get(code, ()) if c in onet}

    with transaction.atomic():
        ids = _save_onet(onet)
        occupations = list(
            Occupation.objects.values_list("id", "uri", "broader_id", "isco_group__code")
        )
        uri_of = {pk: uri for pk, uri, _broader, _code in occupations}
        broader_of = {pk: broader for pk, _uri, broader, _code in occupations}
        links: list[OnetLink] = []
        for pk, uri, _broader, isco_code in occupations:
            path, codes = ProfilePath.DIRECT, onet_2019({esco_to_2010.get(uri, "")})
            parent = broader_of.get(pk)
            while not codes and parent is not None:
                path, codes = ProfilePath.BROADER, onet_2019({esco_to_2010.get(uri_of[parent], "")})
                parent = broader_of.get(parent)
            if not codes and isco_code:
                path = ProfilePath.ISCO
                codes = onet_2019(
                    isco_to_2010.get(isco_code) or isco_to_2010.get(isco_code[:3], set())
                )
            links.extend(OnetLink(occupation_id=pk, onet_id=ids[c], path=path) for c in codes)
        OnetLink.objects.all().delete()
        OnetLink.objects.bulk_create(links, batch_size=BATCH_SIZE)
        profiles = _save_profiles()
    counts: dict[str, int] = defaultdict(int)
    for profile in profiles:
        counts[profile.path] += 1
    return OnetSummary(
        onet_occupations=len(onet),
        occupations=Occupation.objects.current().count(),
        profiles=dict(counts),
    )


def _onet_occupations(onet_dir: Path) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for row in _read(onet_dir / "Occupation Data.txt", delimiter="\t"):
        rows[row["O*NET-SOC Code"].strip()] = {"title": row["Title"].strip()[:255]}
    for row in _read(onet_dir / "Interests.txt", delimiter="\t"):
        field = ELEMENTS.get(row["Element Name"].strip())
        if row["Scale ID"].strip() == "OI" and field:
            code = row["O*NET-SOC Code"].strip()
            rows.setdefault(code, {"title": row["Title"].strip()[:255]})[field] = float(
                row["Data Value"]
            )
    for row in _read(onet_dir / "Job Zones.txt", delimiter="\t"):
        if row["O*NET-SOC Code"].strip() in rows:
            rows[row["O*NET-SOC Code"].strip()]["job_zone"] = int(row["Job Zone"])
    # Only occupations with all six interest levels can carry a profile.
    return {code: values for code, values in rows.items() if all(f in values for f in FIELDS)}


def _save_onet(onet: dict[str, dict[str, object]]) -> dict[str, int]:
    existing = {row.code: row for row in OnetOccupation.objects.all()}
    new, changed = [], []
    for code, values in onet.items():
        row = existing.get(code)
        if row is None:
            new.append(OnetOccupation(code=code, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    OnetOccupation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    OnetOccupation.objects.bulk_update(
        changed, ["title", *FIELDS, "job_zone"], batch_size=BATCH_SIZE
    )
    return dict(OnetOccupation.objects.values_list("code", "id"))


def _save_profiles() -> list[InterestProfile]:
    """Mean profile per occupation over its O*NET links, in one aggregate query."""
    means = (
        OnetLink.objects.values("occupation_id", "path")
        .annotate(
            **{name: Avg(f"onet__{name}") for name in FIELDS},
            job_zone=Avg("onet__job_zone"),
            onet_count=Count("onet"),
        )
        .order_by("occupation_id")
    )
    profiles = []
    for values in means:
        row: dict[str, Any] = dict(values)
        scores = [float(row[name]) for name in FIELDS]
        profiles.append(
            InterestProfile(
                occupation_id=row["occupation_id"],
                **dict(zip(FIELDS, scores, strict=True)),
                **dict(
                    zip(
                        ("z_r", "z_i", "z_a", "z_s", "z_e", "z_c"),
                        unit_centred(scores),
                        strict=True,
                    )
                ),
                holland_code=holland_code(dict(zip(RIASEC, scores, strict=True))),
                job_zone=round(row["job_zone"]) if row["job_zone"] is not None else None,
                path=row["path"],
                onet_count=row["onet_count"],
                source=SOURCE,
            )
        )
    InterestProfile.objects.all().delete()
    InterestProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    return profiles
