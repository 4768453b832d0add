"""Privacy use cases that write: erasure reviews, retention, key rotation.

Erasure and retention pseudonymise rather than delete: a trajectory, its activities and a
person row stay, so every count, indicator snapshot and published figure stays as it was; what
goes is everything that says who the person is or what they said (names, contact details, exact
birth date, free text, equity attributes, their login).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose, User
from koers.core.roles import Role
from koers.delivery import encryption
from koers.delivery.models import (
    ActivityParticipant,
    Engagement,
    Goal,
    Participation,
    Referral,
    Step,
)
from koers.evaluation.models import OutcomeRecord
from koers.instruments.models import Administration, Response, ResponseScaleType
from koers.people.models import (
    Consent,
    EquityProfile,
    ErasureRequest,
    ErasureStatus,
    LifeStatus,
    Person,
    RecordShare,
    new_reference,
)
from koers.privacy.erasers import run_erasers
from koers.privacy.models import (
    MAX_RETENTION_YEARS,
    Decision,
    ErasureReview,
    RecordType,
    RetentionMark,
    RetentionRule,
)

OPEN_STATUSES = (ErasureStatus.RECEIVED, ErasureStatus.IN_PROGRESS)
# The birth year is kept as the middle of that year: ages stay right to within six months.
KEPT_BIRTH_MONTH, KEPT_BIRTH_DAY = 7, 1
ERASED_EMAIL_DOMAIN = "erased.invalid"


# --- Who holds a person's records -------------------------------------------------------------


def staff_organisation(actor: Actor, *roles: Role) -> int:
    """The actor's organisation, after checking the role; 403 otherwise."""
    actor.require_role(*roles)
    if actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def holds_records(organisation_id: int) -> Q:
    """ErasureRequest rows whose person has records at the organisation."""
    engagements = Engagement.objects.filter(
        person_id=OuterRef("person_id"), organisation_id=organisation_id
    )
    administrations = Administration.objects.filter(
        person_id=OuterRef("person_id"), organisation_id=organisation_id
    )
    return Q(Exists(engagements)) | Q(Exists(administrations))


def holding_organisation_ids(person_id: int) -> set[int]:
    """The organisations that hold records about the person (trajectories, completions,
    outcome records)."""
    engagements = (
        Engagement.objects.filter(person_id=person_id).order_by().values_list("organisation_id")
    )
    administrations = (
        Administration.objects.filter(person_id=person_id, organisation__isnull=False)
        .order_by()
        .values_list("organisation_id")
    )
    outcomes = (
        OutcomeRecord.objects.filter(person_id=person_id).order_by().values_list("organisation_id")
    )
    return {org_id for (org_id,) in engagements.union(administrations, outcomes)}


# --- Erasure ----------------------------------------------------------------------------------


@transaction.atomic
def erasure_request_review(
    *, actor: Actor, request_id: int, decision: Decision | str, reason: str
) -> ErasureReview:
    """Approve or decline an erasure request; approval pseudonymises the person at once.

    Permission: a service manager of an organisation holding the person's records; the citizen
    themselves when no organisation holds records about them (only self-held data).
    Side effects: an ErasureReview; on approval the person's personal data is erased
    (see `person_erase`); audit events that say what happened, never what was erased.
    """
    reason = reason.strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose to approve or to decline.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    request = (
        ErasureRequest.objects.select_for_update()
        .filter(id=request_id, person__isnull=False)
        .first()
    )
    if request is None or request.person_id is None:
        raise Http404
    organisation_id = _reviewing_organisation(actor, request.person_id)
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("This request has already been handled."))
    person_id = request.person_id
    review = ErasureReview.objects.create(
        request=request,
        organisation_id=organisation_id,
        decision=decision,
        reason=reason,
        reviewed_by_user_id=actor.user.pk if actor.user else None,
    )
    request.handled_at = timezone.now()
    if decision == Decision.DECLINED:
        request.status = ErasureStatus.REFUSED
        request.save(update_fields=["status", "handled_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            purpose=_purpose(actor),
            obj=request,
            person_id=person_id,
            organisation_id=organisation_id,
            summary="erasure request declined",
        )
        return review
    person_erase(actor=actor, person_id=person_id, organisation_id=organisation_id)
    # The request keeps its receipt (the old reference), not a link to the pseudonymised row,
    # and not the citizen's own words.
    request.status = ErasureStatus.COMPLETED
    request.person = None
    request.reason = ""
    request.save(update_fields=["status", "handled_at", "person", "reason"])
    return review


def _reviewing_organisation(actor: Actor, person_id: int) -> int | None:
    holders = holding_organisation_ids(person_id)
    if actor.role == Role.SERVICE_MANAGER and actor.organisation_id in holders:
        return actor.organisation_id
    own = (
        actor.role == Role.CITIZEN
        and actor.user is not None
        and Person.objects.filter(id=person_id, user_id=actor.user.pk).exists()
    )
    if own and not holders:
        return None
    # "Not yours" looks like "not there".
    raise Http404


def _purpose(actor: Actor) -> AuditPurpose:
    return AuditPurpose.OWN_RECORD if actor.role == Role.CITIZEN else AuditPurpose.ADMINISTRATION


def person_erase(*, actor: Actor, person_id: int, organisation_id: int | None) -> Person:
    """Irreversibly pseudonymise one person everywhere; counts stay as they were.

    Kept: the rows (trajectories, activities, completions, scores, life-situation periods with
    their dates and kinds) and the birth year. Gone: names, contact details, the exact birth
    date, the old reference number, the login, free text, equity attributes, active consents
    and record shares.
    Permission: checked by the caller (erasure review or retention).
    Side effects: one audit event (delete) without any of the erased data.
    """
    person = Person.objects.select_for_update().get(id=person_id)
    now = timezone.now()
    engagements = Engagement.objects.filter(person_id=person.id)
    clear_engagement_text(engagements)
    Response.objects.filter(
        administration__person_id=person.id, item__response_scale__type=ResponseScaleType.TEXT
    ).update(value="")
    LifeStatus.objects.filter(person_id=person.id).update(
        institution="", employer="", occupation=""
    )
    EquityProfile.objects.filter(person_id=person.id).delete()
    Consent.objects.filter(person_id=person.id, revoked_at__isnull=True).update(revoked_at=now)
    RecordShare.objects.filter(person_id=person.id, revoked_at__isnull=True).update(revoked_at=now)
    pseudonym = new_reference()
    OutcomeRecord.objects.filter(person_id=person.id).update(person_reference=pseudonym)
    if person.user_id is not None:
        _erase_login(person.user_id)
    run_erasers(person.id)
    birth = person.date_of_birth
    person.reference = pseudonym
    person.given_name = ""
    person.family_name = pseudonym
    person.date_of_birth = dt.date(birth.year, KEPT_BIRTH_MONTH, KEPT_BIRTH_DAY) if birth else None
    person.email = ""
    person.phone = ""
    person.user = None
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        purpose=_purpose(actor),
        object_type=Person._meta.label_lower,
        object_id=person.id,
        person_id=person.id,
        organisation_id=organisation_id,
        summary="personal data erased",
    )
    return person


def clear_engagement_text(engagements: QuerySet[Engagement]) -> None:
    """Clear the free text of the trajectories and everything under them, in set-based updates."""
    ids = engagements.values("id")
    Engagement.objects.filter(id__in=ids).update(question="", level_override_reason="")
    ActivityParticipant.objects.filter(engagement_id__in=ids).update(
        takeaway="", confidential_note=""
    )
    Goal.objects.filter(plan__engagement_id__in=ids).update(text="")
    Step.objects.filter(goal__plan__engagement_id__in=ids).update(text="")
    Referral.objects.filter(engagement_id__in=ids).update(
        reason="", outcome="", region_override_reason=""
    )
    Participation.objects.filter(engagement_id__in=ids).update(
        person_feedback="", employer_feedback=""
    )


def _erase_login(user_id: int) -> None:
    user = User.objects.select_for_update().get(id=user_id)
    old_email = user.email
    TOTPDevice.objects.filter(user_id=user_id).delete()
    StaticDevice.objects.filter(user_id=user_id).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=old_email).delete()
    User.objects.filter(id=user_id).update(
        email=f"erased-{secrets.token_hex(8)}@{ERASED_EMAIL_DOMAIN}",
        full_name="",
        is_active=False,
        password=make_password(None),
    )


# --- Retention --------------------------------------------------------------------------------


@transaction.atomic
def retention_rule_set(*, actor: Actor, record_type: RecordType | str, years: int) -> RetentionRule:
    """Set how many years the actor's organisation keeps a type of record.

    Permission: service managers and organisation administrators.
    Side effects: audit event.
    """
    organisation_id = staff_organisation(actor, Role.SERVICE_MANAGER, Role.ORGANISATION_ADMIN)
    if record_type not in RecordType.values:
        raise ValidationError({"record_type": _("Choose a type of record.")})
    if not 1 <= years <= MAX_RETENTION_YEARS:
        raise ValidationError(
            {"years": _("Enter between 1 and %(max)d years.") % {"max": MAX_RETENTION_YEARS}}
        )
    rule, created = RetentionRule.objects.update_or_create(
        organisation_id=organisation_id, record_type=record_type, defaults={"years": years}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=rule,
        summary=f"{record_type} {years}",
    )
    return rule


def years_before(today: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def past_retention(*, today: dt.date, organisation_id: int | None = None) -> QuerySet[Engagement]:
    """Ended trajectories past their organisation's retention, not yet pseudonymised."""
    rules = RetentionRule.objects.filter(record_type=RecordType.ENDED_ENGAGEMENT)
    if organisation_id is not None:
        rules = rules.filter(organisation_id=organisation_id)
    due = Q(pk__in=[])
    for rule in rules:  # one rule per organisation: a handful, not rows
        due |= Q(organisation_id=rule.organisation_id, ended_on__lt=years_before(today, rule.years))
    return Engagement.objects.filter(due, retention_mark__isnull=True)


@dataclass(frozen=True)
class RetentionResult:
    engagements: int
    persons: int
    dry_run: bool


def persons_past_retention(engagements: QuerySet[Engagement]) -> QuerySet[Person]:
    """People among `engagements` who would have nothing left within retention anywhere:
    no login of their own, and every trajectory ended and pseudonymised or about to be."""
    due_ids = engagements.values("id")
    still_kept = Engagement.objects.filter(person_id=OuterRef("pk")).exclude(
        Q(id__in=due_ids) | Q(retention_mark__isnull=False)
    )
    return Person.objects.filter(
        Exists(Engagement.objects.filter(person_id=OuterRef("pk"), id__in=due_ids)),
        user__isnull=True,
    ).exclude(Exists(still_kept))


def retention_apply(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionResult:
    """Pseudonymise every ended trajectory past its organisation's retention, and the people
    who have nothing left within retention. Idempotent: done trajectories carry a mark.

    Permission: the system (the daily task, `koers retention`).
    Side effects: free text cleared, people pseudonymised, marks written, one audit event per
    organisation and per person; nothing when `dry_run`.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = past_retention(today=today)
        persons = list(persons_past_retention(due).values_list("id", flat=True))
        rows = list(due.values_list("id", "organisation_id"))
        if dry_run:
            return RetentionResult(engagements=len(rows), persons=len(persons), dry_run=True)
        clear_engagement_text(Engagement.objects.filter(id__in=[row[0] for row in rows]))
        RetentionMark.objects.bulk_create(
            RetentionMark(engagement_id=engagement_id, organisation_id=organisation_id)
            for engagement_id, organisation_id in rows
        )
        system = Actor.system()
        counts: dict[int, int] = {}
        for _engagement_id, organisation_id in rows:
            counts[organisation_id] = counts.get(organisation_id, 0) + 1
        for organisation_id, count in sorted(counts.items()):
            audit_record(
                actor=system,
                action=AuditAction.UPDATE,
                purpose=AuditPurpose.ADMINISTRATION,
                object_type=Engagement._meta.label_lower,
                organisation_id=organisation_id,
                summary=f"retention: {count} ended trajectories pseudonymised",
            )
        for person_id in persons:
            person_erase(actor=system, person_id=person_id, organisation_id=None)
    return RetentionResult(engagements=len(rows), persons=len(persons), dry_run=False)


# --- Key rotation -----------------------------------------------------------------------------


@transaction.atomic
def field_keys_rotate() -> int:
    """Re-encrypt every confidential note with the newest key in KOERS_FIELD_KEYS; returns how
    many notes were rewritten. All or nothing: a note that no key opens stops the rotation.

    Permission: the operator (`koers rotate-keys`).
    """
    return encryption.transform_column(
        connection,
        table=ActivityParticipant._meta.db_table,
        column="confidential_note",
        transform=encryption.rotate,
    )
