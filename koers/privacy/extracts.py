"""Pseudonymised research extracts for approved evaluation projects.

One row per guidance trajectory of the organisation. Nothing in a row names the person:
- pseudonyms are HMAC-SHA256 of the person's (and trajectory's) id under the project's secret:
  stable within a project (the same person links across trajectories and later extracts of the
  project), unlinkable between projects;
- dates are months, ages five-year bands at the start of the trajectory;
- equity attributes only for people who consented both to equity monitoring and to research;
- no free text at all (questions, notes, takeaways, goals never leave).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose, User
from koers.core.roles import Role
from koers.delivery.models import Attendance, Engagement
from koers.organisations.models import Membership, Organisation
from koers.people.models import Consent, ConsentPurpose
from koers.privacy.models import ExtractRecord, ResearchProject

APPROVER_ROLES = (Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)
AGE_BAND_YEARS = 5
PSEUDONYM_LENGTH = 20
EQUITY_FIELDS = ("gender", "migration_background", "disability", "highest_education")
# Coded values that say nothing about who the person is; copied as they are.
PLAIN_COLUMNS = (
    "end_reason",
    "source",
    "readiness",
    "service_level",
    "decision_status",
    "activities",
    "activities_attended",
)
COLUMNS = (
    "person",
    "trajectory",
    "age_band_at_start",
    "started_month",
    "ended_month",
    "end_reason",
    "source",
    "readiness",
    "service_level",
    "decision_status",
    "activities",
    "activities_attended",
    "minutes_attended",
    "equity_consent",
    *EQUITY_FIELDS,
)


def pseudonym(secret: str, kind: str, value: int) -> str:
    """A keyed hash: without the project's secret nobody can go from id to pseudonym."""
    digest = hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def age_band(date_of_birth: dt.date | None, on: dt.date) -> str:
    if date_of_birth is None:
        return ""
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    low = age // AGE_BAND_YEARS * AGE_BAND_YEARS
    return f"{low}-{low + AGE_BAND_YEARS - 1}"


def month(day: dt.date | None) -> str:
    return day.strftime("%Y-%m") if day else ""


def extract_rows(*, organisation_id: int, secret: str) -> Iterator[dict[str, Any]]:
    """The extract's rows, streamed in trajectory order, in a fixed number of queries."""
    consented = Consent.objects.filter(person_id=OuterRef("person_id"), revoked_at__isnull=True)
    attended = Q(activity_links__attendance=Attendance.ATTENDED)
    engagements = (
        Engagement.objects.filter(organisation_id=organisation_id)
        .annotate(
            activities=Count("activity_links"),
            activities_attended=Count("activity_links", filter=attended),
            minutes_attended=Sum("activity_links__activity__duration_minutes", filter=attended),
            equity_consent=Exists(consented.filter(purpose=ConsentPurpose.EQUITY_MONITORING))
            & Exists(consented.filter(purpose=ConsentPurpose.RESEARCH)),
        )
        .order_by("id")
        .values(
            "id",
            "person_id",
            "person__date_of_birth",
            "started_on",
            "ended_on",
            "end_reason",
            "source",
            "readiness",
            "service_level",
            "decision_status",
            "activities",
            "activities_attended",
            "minutes_attended",
            "equity_consent",
            *(f"person__equity_profile__{name}" for name in EQUITY_FIELDS),
        )
    )
    for row in engagements.iterator(chunk_size=2000):
        with_equity = (
            bool(row["equity_consent"]) and row["person__equity_profile__gender"] is not None
        )
        yield {
            "person": pseudonym(secret, "person", row["person_id"]),
            "trajectory": pseudonym(secret, "trajectory", row["id"]),
            "age_band_at_start": age_band(row["person__date_of_birth"], row["started_on"]),
            "started_month": month(row["started_on"]),
            "ended_month": month(row["ended_on"]),
            **{name: row[name] for name in PLAIN_COLUMNS},
            "minutes_attended": row["minutes_attended"] or 0,
            "equity_consent": "yes" if with_equity else "no",
            **{
                name: row[f"person__equity_profile__{name}"] if with_equity else ""
                for name in EQUITY_FIELDS
            },
        }


def _approver(organisation_id: int, email: str) -> User:
    membership = (
        Membership.objects.filter(
            organisation_id=organisation_id,
            user__email__iexact=email.strip(),
            user__is_active=True,
            role__in=APPROVER_ROLES,
        )
        .select_related("user")
        .first()
    )
    if membership is None:
        raise ValidationError(
            _(
                "%(email)s is not a service manager or administrator of this organisation; "
                "only they can approve an extract."
            )
            % {"email": email}
        )
    return membership.user


def research_extract_write(
    *, organisation_id: int, project: str, approved_by: str, purpose: str, out: Path
) -> ExtractRecord:
    """Write the project's pseudonymised extract to `out` and record it.

    Permission: the operator, with the approval of a service manager or administrator of the
    organisation (named by e-mail, checked here).
    Side effects: the CSV file (written to a temporary name, then moved into place, so a crash
    leaves no partial file); an ExtractRecord; an audit event (export).
    """
    organisation = Organisation.objects.filter(id=organisation_id).first()
    if organisation is None:
        raise ValidationError(_("There is no organisation %(id)d.") % {"id": organisation_id})
    purpose, project = purpose.strip(), project.strip()
    if not purpose:
        raise ValidationError(_("State the purpose of the extract."))
    if not project:
        raise ValidationError(_("Name the research project."))
    approver = _approver(organisation.id, approved_by)
    partial = out.with_name(f".{out.name}.partial")
    with transaction.atomic():
        research, _created = ResearchProject.objects.get_or_create(
            organisation=organisation,
            name=project,
            defaults={"secret": secrets.token_hex(32)},
        )
        rows = 0
        try:
            with partial.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=COLUMNS)
                writer.writeheader()
                for row in extract_rows(organisation_id=organisation.id, secret=research.secret):
                    writer.writerow(row)
                    rows += 1
            checksum = hashlib.sha256(partial.read_bytes()).hexdigest()
            record = ExtractRecord.objects.create(
                organisation=organisation,
                project=research,
                purpose=purpose,
                approved_by=approver.email,
                approved_by_user_id=approver.pk,
                row_count=rows,
                checksum=checksum,
                file_name=out.name,
                created_at=timezone.now(),
            )
            audit_record(
                actor=Actor.system(),
                action=AuditAction.EXPORT,
                purpose=AuditPurpose.EVALUATION,
                obj=record,
                organisation_id=organisation.id,
                summary=f"research extract {research.name}: {rows} rows, approved by "
                f"{approver.email}",
            )
            partial.replace(out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return record
