"""The open-data package of a publication: CSV files and a Frictionless `datapackage.json`,
built from the frozen (disclosure-controlled) tables only."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.utils import translation
from django.utils.text import slugify

from koers.policy.models import DisclosedTable, Publication
from koers.quality.indicators import INDICATORS

LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}

FIGURE_FIELDS: list[dict[str, str]] = [
    {"name": "indicator", "type": "string", "description": "Indicator code (Koers catalogue)"},
    {"name": "indicator_title", "type": "string", "description": "Indicator in English"},
    {"name": "period", "type": "year", "description": "Calendar year"},
    {"name": "breakdown", "type": "string", "description": "Empty for the total"},
    {"name": "group", "type": "string", "description": "Group within the breakdown"},
    {"name": "numerator", "type": "number", "description": "Empty when suppressed"},
    {"name": "denominator", "type": "number", "description": "Empty when suppressed"},
    {"name": "value", "type": "number", "description": "Percentage or mean; empty when suppressed"},
    {"name": "suppressed", "type": "boolean", "description": "Hidden by disclosure control"},
]
STUDY_FIELDS: list[dict[str, str]] = [
    {"name": "study", "type": "string", "description": "Study title"},
    {"name": "design", "type": "string", "description": "Evaluation design"},
    {"name": "sms_level", "type": "integer", "description": "Maryland Scientific Methods Scale"},
    {"name": "nesta_level", "type": "integer", "description": "Nesta standards of evidence"},
    {"name": "outcome", "type": "string", "description": "Outcome"},
    {"name": "estimand", "type": "string", "description": "What the estimate means"},
    {"name": "estimate", "type": "number", "description": "Empty when withheld"},
    {"name": "ci_low", "type": "number", "description": "Lower limit of the 95% interval"},
    {"name": "ci_high", "type": "number", "description": "Upper limit of the 95% interval"},
    {"name": "n_treated", "type": "integer", "description": "People who took part"},
    {"name": "n_control", "type": "integer", "description": "People in the comparison group"},
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _title(code: str) -> str:
    with translation.override("en"):
        return str(INDICATORS[code].title) if code in INDICATORS else ""


def figure_rows(tables: list[DisclosedTable]) -> list[list[str]]:
    rows = []
    for table in tables:
        title = _title(table.indicator)
        for row in table.rows:
            if table.breakdown and not row["group"]:
                continue  # the total is published once, from the total table
            rows.append(
                [
                    table.indicator,
                    title,
                    table.period,
                    table.breakdown,
                    row["group"],
                    _cell(row["numerator"]),
                    _cell(row["denominator"]),
                    _cell(row["value"]),
                    _cell(row["denominator"] is None),
                ]
            )
    return rows


def study_rows(frozen_studies: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            study["title"],
            study["design"],
            _cell(study["sms_level"]),
            _cell(study["nesta_level"]),
            *(
                _cell(estimate[key])
                for key in (
                    "outcome",
                    "estimand",
                    "estimate",
                    "ci_low",
                    "ci_high",
                    "n_treated",
                    "n_control",
                )
            ),
        ]
        for study in frozen_studies
        for estimate in study["estimates"]
    ]


def _csv(header: list[dict[str, str]], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([field["name"] for field in header])
    writer.writerows(rows)
    return out.getvalue()


def package_name(publication: Publication) -> str:
    return f"koers-{publication.id}-{slugify(publication.title)[:40]}-v{publication.version}"


def datapackage(publication: Publication, tables: list[DisclosedTable]) -> dict[str, Any]:
    licence_title, licence_path = LICENCES.get(publication.licence, (publication.licence, ""))
    licence = {"name": publication.licence, "title": licence_title}
    if licence_path:
        licence["path"] = licence_path
    resources = []
    if tables:
        resources.append(
            {
                "name": "figures",
                "path": "figures.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": FIGURE_FIELDS, "missingValues": [""]},
            }
        )
    if publication.frozen_studies:
        resources.append(
            {
                "name": "studies",
                "path": "studies.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": STUDY_FIELDS, "missingValues": [""]},
            }
        )
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": package_name(publication),
        "title": publication.title,
        "description": publication.summary,
        "version": f"{publication.version}.0.0",
        "licenses": [licence],
        "sources": [{"title": f"Koers – {publication.owner.name}"}],
        "resources": resources,
    }
    if publication.published_at:
        descriptor["created"] = publication.published_at.isoformat(timespec="seconds")
    return descriptor


def package_zip(publication: Publication, tables: list[DisclosedTable]) -> bytes:
    """The zip a visitor downloads: datapackage.json and its CSV files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        descriptor = datapackage(publication, tables)
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        if tables:
            archive.writestr("figures.csv", _csv(FIGURE_FIELDS, figure_rows(tables)))
        if publication.frozen_studies:
            archive.writestr(
                "studies.csv", _csv(STUDY_FIELDS, study_rows(publication.frozen_studies))
            )
    return buffer.getvalue()
