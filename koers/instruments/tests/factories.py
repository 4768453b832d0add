"""Definitions for tests, built as plain data; `minimal_definition` is small enough to read."""

from __future__ import annotations

import copy
from typing import Any

from koers.core.actor import Actor
from koers.instruments.definition import parse
from koers.instruments.models import InstrumentVersion
from koers.instruments.services import instrument_load


def t(en: str, nl: str | None = None) -> dict[str, str]:
    return {"en": en, "nl": nl or f"{en} (nl)"}


BANDS = [
    {"key": "low", "min": 1, "max": 2.5, "label": t("Low"), "text": t("Low text")},
    {"key": "mid", "min": 2.5, "max": 3.5, "label": t("Middle"), "text": t("Middle text")},
    {"key": "high", "min": 3.5, "max": 5, "label": t("High"), "text": t("High text")},
]


def minimal_definition(**overrides: Any) -> dict[str, Any]:
    """Two scales of items on a 1-5 scale (one reverse-keyed item), a composite, a free-text
    item, two sections."""
    data: dict[str, Any] = {
        "schema_version": 1,
        "key": "mini",
        "version": "1.0",
        "kind": "skills",
        "name": t("Mini questionnaire", "Mini-vragenlijst"),
        "description": t("For tests"),
        "source": "Koers tests",
        "licence": "EUPL-1.2",
        "validation_status": "unvalidated",
        "languages": ["nl", "en"],
        "missing_data": {"min_answered": 0.75},
        "response_scales": [
            {
                "key": "agree5",
                "type": "numeric",
                "options": [{"value": v, "label": t(f"option {v}")} for v in range(1, 6)],
            },
            {"key": "open", "type": "text", "max_length": 50},
        ],
        "sections": [
            {"key": "one", "title": t("Part one", "Deel een")},
            {"key": "two", "title": t("Part two", "Deel twee")},
        ],
        "items": [
            {
                "key": "a1",
                "section": "one",
                "text": t("A one"),
                "response_scale": "agree5",
                "scales": ["a"],
            },
            {
                "key": "a2",
                "section": "one",
                "text": t("A two"),
                "response_scale": "agree5",
                "scales": ["a"],
            },
            {
                "key": "a3",
                "section": "one",
                "text": t("A three"),
                "response_scale": "agree5",
                "scales": ["a"],
                "reverse": True,
            },
            {
                "key": "a4",
                "section": "one",
                "text": t("A four"),
                "response_scale": "agree5",
                "scales": ["a"],
            },
            {
                "key": "b1",
                "section": "two",
                "text": t("B one"),
                "response_scale": "agree5",
                "scales": ["b"],
            },
            {
                "key": "b2",
                "section": "two",
                "text": t("B two"),
                "response_scale": "agree5",
                "scales": ["b"],
            },
            {
                "key": "note",
                "section": "two",
                "text": t("Anything else?"),
                "response_scale": "open",
            },
        ],
        "scales": [
            {"key": "a", "name": t("Scale A"), "method": "mean", "bands": copy.deepcopy(BANDS)},
            {"key": "b", "name": t("Scale B"), "method": "sum"},
        ],
        "composites": [
            {"key": "total", "name": t("Total"), "method": "mean", "scales": ["a", "b"]},
        ],
    }
    data.update(overrides)
    return data


def load_definition(data: dict[str, Any] | None = None) -> InstrumentVersion:
    definition = parse(data or minimal_definition(), file="test.yaml")
    return instrument_load(actor=Actor.system(), definition=definition).version


# --- people and completions ------------------------------------------------------------------


def citizen_actor(user):
    from koers.organisations.selectors import actor_for_user

    return actor_for_user(user=user, membership_id=None)[0]


def person_of(user):
    """The citizen's own Person (created on first use, as the portal does)."""
    from koers.people.services import person_register_self

    return person_register_self(actor=citizen_actor(user))


def share_results_with(user, organisation, scopes=("assessment_results",)):
    """The citizen shares their questionnaire results with `organisation` for 30 days."""
    import datetime as dt

    from django.utils import timezone

    from koers.people.models import RecordShare
    from koers.people.services import record_share_grant

    person = person_of(user)
    if RecordShare.objects.active().filter(person=person, organisation=organisation).exists():
        return
    record_share_grant(
        actor=citizen_actor(user),
        organisation_id=organisation.id,
        scopes=list(scopes),
        expires_at=timezone.now() + dt.timedelta(days=30),
    )


def completed_administration(actor, version, answers, *, person_id=None, occasion="single"):
    from koers.instruments.services import (
        administration_complete,
        administration_start,
        responses_record,
    )

    administration = administration_start(
        actor=actor, version_id=version.id, person_id=person_id, occasion=occasion
    )
    responses_record(
        actor=actor,
        administration_id=administration.id,
        answers={k: str(v) for k, v in answers.items()},
    )
    return administration_complete(actor=actor, administration_id=administration.id)


FULL_ANSWERS = {"a1": 4, "a2": 4, "a3": 2, "a4": 4, "b1": 3, "b2": 5, "note": "fine"}
