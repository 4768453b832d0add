"""Small builders for career information rows (real imports live in tests/data.py)."""

from __future__ import annotations

import itertools

from koers.careerinfo.models import ConceptText, IscoGroup, Occupation
from koers.careerinfo.text import normalise

_numbers = itertools.count(1)


def isco_group(code: str = "2512") -> IscoGroup:
    group, _created = IscoGroup.objects.get_or_create(
        code=code, defaults={"uri": f"http://data.europa.eu/esco/isco/C{code}"}
    )
    return group


def occupation_with_labels(label_en: str, label_nl: str = "", alt_en: str = "") -> Occupation:
    number = next(_numbers)
    occupation = Occupation.objects.create(
        uri=f"http://data.europa.eu/esco/occupation/test-{number}",
        code=f"2512.{number}",
        isco_group=isco_group(),
    )
    for language, label, alt in (("en", label_en, alt_en), ("nl", label_nl, "")):
        if label:
            ConceptText.objects.create(
                occupation=occupation,
                language=language,
                preferred_label=label,
                alt_labels=alt,
                search_text=normalise(f"{label}\n{alt}"),
            )
    return occupation
