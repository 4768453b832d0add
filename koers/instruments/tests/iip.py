"""A small converter: the public-domain IIP RIASEC marker items (shared data, not shipped in the
repository) into a Koers definition, built at test time."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.shared_data import SHARED_DATA

IIP_CSV = SHARED_DATA / "riasec-iip48" / "iip_riasec_48_items.csv"

LIKE = ["Dislike", "Slightly dislike", "Neutral", "Slightly enjoy", "Enjoy"]


def iip_definition(path: Path = IIP_CSV) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    scale_names = {row["scale"]: row["scale_name"] for row in rows}
    return {
        "schema_version": 1,
        "key": "iip-riasec-48",
        "version": "1",
        "kind": "interest_inventory",
        "name": {"en": "IIP RIASEC markers (48 items)"},
        "description": {"en": "Public-domain RIASEC marker scales, converted at test time."},
        "source": "Armstrong, Allison & Rounds (2008), Journal of Vocational Behavior 73(2)",
        "licence": "Public domain",
        "validation_status": "validated",
        "languages": ["en"],
        "missing_data": {"min_answered": 0.75},
        "profile": {"type": "holland", "scales": [s.lower() for s in scale_names]},
        "response_scales": [
            {
                "key": "like5",
                "type": "numeric",
                "options": [
                    {"value": i + 1, "label": {"en": label}} for i, label in enumerate(LIKE)
                ],
            }
        ],
        "sections": [{"key": "all", "title": {"en": "Activities"}}],
        "items": [
            {
                "key": row["item_id"].lower(),
                "section": "all",
                "text": {"en": row["text_en"]},
                "response_scale": "like5",
                "scales": [row["scale"].lower()],
            }
            for row in rows
        ],
        "scales": [
            {"key": key.lower(), "name": {"en": name}, "method": "sum"}
            for key, name in scale_names.items()
        ],
    }
