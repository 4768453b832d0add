"""The citizen's "download my data": one JSON document with everything Koers holds about them.

Extension point: each app that holds data about a person registers an exporter, a function that
takes the Person and returns a JSON-serialisable dict, under a section name. People never imports
those apps; an app registers its exporter in its AppConfig.ready():

    from koers.people.export import register_exporter
    register_exporter("delivery", delivery_export)

Contract for exporters: everything about the person that the citizen is entitled to receive, in
plain values (dates as ISO strings are fine; the view encodes dates too). Never a provider's
confidential notes, never another person's data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from koers.people.models import Person

Exporter = Callable[[Person], dict[str, Any]]

_exporters: dict[str, Exporter] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    """Add `exporter` under `section`; registering a section twice replaces it (reloads)."""
    _exporters[section] = exporter


def registered_sections() -> list[str]:
    return list(_exporters)


def export_person(person: Person) -> dict[str, Any]:
    """Run every registered exporter; the sections keep their registration order."""
    return {section: exporter(person) for section, exporter in _exporters.items()}


def people_export(person: Person) -> dict[str, Any]:
    """The people app's own section: details, timeline, consents, equity profile, shares."""
    equity = getattr(person, "equity_profile", None)
    return {
        "person": {
            "reference": person.reference,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "email": person.email,
            "phone": person.phone,
            "preferred_language": person.preferred_language,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        },
        "life_statuses": list(
            person.life_statuses.order_by("start_date", "id").values(
                "status",
                "education_level",
                "institution",
                "employer",
                "occupation",
                "start_date",
                "end_date",
                "recorded_by_organisation__name",
            )
        ),
        "consents": list(
            person.consents.order_by("granted_at", "id").values(
                "purpose", "granted_at", "revoked_at", "organisation__name"
            )
        ),
        "equity_profile": None
        if equity is None
        else {
            "gender": equity.gender,
            "migration_background": equity.migration_background,
            "disability": equity.disability,
            "highest_education_isced": equity.highest_education,
        },
        "record_shares": list(
            person.shares.order_by("created_at", "id").values(
                "organisation__name",
                "scope_timeline",
                "scope_action_plan",
                "scope_assessment_results",
                "scope_activity_summary",
                "created_at",
                "expires_at",
                "revoked_at",
            )
        ),
        "erasure_requests": list(
            person.erasure_requests.order_by("requested_at", "id").values(
                "status", "reason", "requested_at", "handled_at"
            )
        ),
    }


register_exporter("people", people_export)
