"""Use cases that change a person's record. Each is one transaction with its audit line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.organisations.models import Organisation, Sector
from koers.people import selectors
from koers.people.export import export_person
from koers.people.models import (
    Consent,
    ConsentPurpose,
    Disability,
    EquityProfile,
    ErasureRequest,
    ErasureStatus,
    Gender,
    IscedLevel,
    Language,
    LifeStatus,
    LifeStatusKind,
    MigrationBackground,
    Person,
    RecordShare,
    ShareScope,
)
from koers.people.permissions import life_status_policy, own_record_policy, person_policy


def _purpose(actor: Actor) -> AuditPurpose:
    return AuditPurpose.OWN_RECORD if actor.role == Role.CITIZEN else AuditPurpose.GUIDANCE


def _own_person_for_update(actor: Actor) -> Person:
    """The citizen's own Person, locked: concurrent changes to one record queue up."""
    own_record_policy.require(actor, "manage")
    person = selectors.person_list(actor=actor).select_for_update().first()
    if person is None:
        # Pages create the record on the first visit; only a stranger to it gets here.
        raise Http404
    return person


def _split_name(full_name: str) -> tuple[str, str]:
    given, _sep, family = full_name.strip().partition(" ")
    return given, family


@transaction.atomic
def person_register_self(*, actor: Actor) -> Person:
    """Give a logged-in citizen their own record (once); return it when it already exists.

    Permission: citizens, for themselves.
    Side effects: audit event when a record is created.
    """
    if actor.role != Role.CITIZEN or actor.user is None:
        raise PermissionDenied
    user = actor.user
    given, family = _split_name(user.full_name)
    person, created = Person.objects.get_or_create(
        user=user,
        defaults={
            "given_name": given or user.email.split("@", maxsplit=1)[0],
            "family_name": family,
            "email": user.email,
            "preferred_language": user.preferred_language,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            purpose=AuditPurpose.OWN_RECORD,
            obj=person,
            person_id=person.id,
            summary=person.reference,
        )
    return person


def _check_birth_date(date_of_birth: dt.date | None) -> None:
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})


@transaction.atomic
def person_register(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    email: str = "",
    phone: str = "",
    preferred_language: Language = Language.DUTCH,
) -> Person:
    """Create a record for a new client at intake, for a person without a login yet.

    The person becomes visible to the organisation through the engagement the caller opens in
    the same transaction (delivery), not through this record.
    Permission: practitioners and service managers.
    Side effects: audit event.
    """
    person_policy.require(actor, "register")
    _check_birth_date(date_of_birth)
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        preferred_language=preferred_language,
    )
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.GUIDANCE,
        obj=person,
        person_id=person.id,
        summary=person.reference,
    )
    return person


@transaction.atomic
def person_update_details(
    *,
    actor: Actor,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None,
    email: str,
    phone: str,
    preferred_language: Language,
) -> Person:
    """The citizen corrects their own details.

    Permission: citizens, for themselves.
    Side effects: audit event with the changed fields.
    """
    person = _own_person_for_update(actor)
    _check_birth_date(date_of_birth)
    new = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "date_of_birth": date_of_birth,
        "email": email,
        "phone": phone,
        "preferred_language": preferred_language,
    }
    # The audit trail is append-only and outlives an erasure: it records which fields
    # changed, never the personal data itself.
    changes: dict[str, Any] = {}
    for field, value in new.items():
        if getattr(person, field) != value:
            changes[field] = ["", "changed"]
            setattr(person, field, value)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=person,
        person_id=person.id,
        changes=changes,
    )
    return person


def _check_period(start_date: dt.date, end_date: dt.date | None) -> None:
    today = timezone.localdate()
    if start_date > today:
        raise ValidationError({"start_date": _("The start date cannot be in the future.")})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if end_date is not None and end_date > today:
        raise ValidationError({"end_date": _("The end date cannot be in the future.")})


@transaction.atomic
def life_status_add(
    *,
    actor: Actor,
    person_id: int,
    status: LifeStatusKind,
    start_date: dt.date,
    end_date: dt.date | None = None,
    education_level: IscedLevel | str = "",
    institution: str = "",
    employer: str = "",
    occupation: str = "",
) -> LifeStatus:
    """Add a period to a person's life-status timeline.

    Permission: the citizen on their own record; practitioners and service managers for a person
    their organisation may see (the period is marked as recorded by their organisation).
    Side effects: audit event.
    """
    life_status_policy.require(actor, "record")
    person = get_object_or_404(selectors.person_list(actor=actor).select_for_update(), id=person_id)
    _check_period(start_date, end_date)
    if status == LifeStatusKind.IN_EDUCATION and not (education_level or institution):
        raise ValidationError(
            {"institution": _("Say where or at which level you are in education.")}
        )
    life_status = LifeStatus(
        person=person,
        status=status,
        start_date=start_date,
        end_date=end_date,
        education_level=education_level,
        institution=institution.strip(),
        employer=employer.strip(),
        occupation=occupation.strip(),
        recorded_by_organisation_id=actor.organisation_id,
    )
    life_status.full_clean()
    life_status.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=_purpose(actor),
        obj=life_status,
        person_id=person.id,
        summary=status,
    )
    return life_status


@transaction.atomic
def life_status_end(*, actor: Actor, life_status_id: int, end_date: dt.date) -> LifeStatus:
    """Close an open period of the citizen's own timeline.

    Permission: citizens, for their own record.
    Side effects: audit event.
    """
    own_record_policy.require(actor, "manage")
    life_status = get_object_or_404(
        selectors.own_life_status_list(actor=actor).select_for_update(), id=life_status_id
    )
    if life_status.end_date is not None:
        raise ValidationError(_("This period has already ended."))
    _check_period(life_status.start_date, end_date)
    life_status.end_date = end_date
    life_status.save(update_fields=["end_date", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=life_status,
        person_id=life_status.person_id,
        changes={"end_date": ["", end_date.isoformat()]},
    )
    return life_status


@transaction.atomic
def consent_grant(*, actor: Actor, purpose: ConsentPurpose) -> Consent:
    """The citizen consents to one purpose.

    Permission: citizens, for their own record.
    Side effects: audit event.
    """
    person = _own_person_for_update(actor)
    if person.consents.filter(purpose=purpose, revoked_at__isnull=True).exists():
        raise ValidationError(
            _("You have already given consent for %(purpose)s.")
            % {"purpose": ConsentPurpose(purpose).label}
        )
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        granted_at=timezone.now(),
        recorded_by_user_id=actor.user.pk if actor.user else None,
        organisation_id=actor.organisation_id,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=consent,
        person_id=person.id,
        summary=purpose,
    )
    return consent


@transaction.atomic
def consent_revoke(*, actor: Actor, consent_id: int) -> Consent:
    """The citizen withdraws a consent. Withdrawing equity monitoring deletes the attributes.

    Permission: citizens, for their own record.
    Side effects: audit event; for equity monitoring, the equity profile is deleted (audited).
    """
    person = _own_person_for_update(actor)
    consent = get_object_or_404(person.consents.all(), id=consent_id)
    if consent.revoked_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=consent,
        person_id=person.id,
        summary=consent.purpose,
        changes={"revoked_at": ["", consent.revoked_at.isoformat()]},
    )
    if consent.purpose == ConsentPurpose.EQUITY_MONITORING:
        deleted, _detail = EquityProfile.objects.filter(person=person).delete()
        if deleted:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                purpose=AuditPurpose.OWN_RECORD,
                object_type=EquityProfile._meta.label_lower,
                object_id=person.id,
                person_id=person.id,
                summary=_("Equity attributes deleted after consent was withdrawn."),
            )
    return consent


@transaction.atomic
def equity_profile_save(
    *,
    actor: Actor,
    gender: Gender | str,
    migration_background: MigrationBackground | str,
    disability: Disability | str,
    highest_education: IscedLevel | str,
) -> EquityProfile:
    """Store the citizen's equity attributes; refused unless equity-monitoring consent is active.

    Permission: citizens, for their own record.
    Side effects: audit event (without the values: they are special-category data).
    """
    person = _own_person_for_update(actor)
    consented = person.consents.filter(
        purpose=ConsentPurpose.EQUITY_MONITORING, revoked_at__isnull=True
    ).exists()
    if not consented:
        raise ValidationError(
            _("Give consent for equity monitoring first; without it we do not store these details.")
        )
    profile, created = EquityProfile.objects.get_or_create(person=person)
    profile.gender = gender
    profile.migration_background = migration_background
    profile.disability = disability
    profile.highest_education = highest_education
    profile.full_clean()
    profile.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD,
        object_type=EquityProfile._meta.label_lower,
        object_id=person.id,
        person_id=person.id,
    )
    return profile


@transaction.atomic
def record_share_grant(
    *,
    actor: Actor,
    organisation_id: int,
    scopes: Collection[ShareScope | str],
    expires_at: dt.datetime,
) -> RecordShare:
    """The citizen lets a provider see part of their record until `expires_at`.

    Permission: citizens, for their own record.
    Side effects: audit event.
    """
    person = _own_person_for_update(actor)
    organisation = (
        Organisation.objects.exclude(sector=Sector.NETWORK).filter(id=organisation_id).first()
    )
    if organisation is None:
        raise ValidationError({"organisation": _("Choose a provider from the list.")})
    chosen = {ShareScope(scope) for scope in scopes}
    if not chosen:
        raise ValidationError({"scopes": _("Choose at least one part of your record to share.")})
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The end date of a share must be in the future.")})
    if person.shares.active(now).filter(organisation=organisation).exists():
        raise ValidationError(
            _(
                "You already share your record with %(organisation)s. Withdraw that share "
                "first if you want to change it."
            )
            % {"organisation": organisation.name}
        )
    share = RecordShare(
        person=person,
        organisation=organisation,
        expires_at=expires_at,
        granted_by_user_id=actor.user.pk if actor.user else None,
        **{f"scope_{scope.value}": True for scope in chosen},
    )
    share.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=share,
        person_id=person.id,
        # The receiving organisation sees in its own audit trail that it was given access.
        organisation_id=organisation.id,
        summary=", ".join(sorted(scope.value for scope in chosen)),
    )
    return share


@transaction.atomic
def record_share_revoke(*, actor: Actor, share_id: int) -> RecordShare:
    """The citizen withdraws a share; the provider loses access at once.

    Permission: citizens, for their own record.
    Side effects: audit event.
    """
    person = _own_person_for_update(actor)
    share = get_object_or_404(person.shares.all(), id=share_id)
    if share.revoked_at is not None:
        raise ValidationError(_("This share has already been withdrawn."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=share,
        person_id=person.id,
        organisation_id=share.organisation_id,
        changes={"revoked_at": ["", share.revoked_at.isoformat()]},
    )
    return share


@transaction.atomic
def erasure_request_submit(*, actor: Actor, reason: str = "") -> ErasureRequest:
    """Record the citizen's request to erase their record, for the privacy service to handle.

    Permission: citizens, for their own record.
    Side effects: audit event.
    """
    person = _own_person_for_update(actor)
    open_statuses = [ErasureStatus.RECEIVED, ErasureStatus.IN_PROGRESS]
    if person.erasure_requests.filter(status__in=open_statuses).exists():
        raise ValidationError(_("We are already handling your request to erase your record."))
    request = ErasureRequest.objects.create(
        person=person, person_reference=person.reference, reason=reason.strip()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.OWN_RECORD,
        obj=request,
        person_id=person.id,
    )
    return request


@transaction.atomic
def person_export_own(*, actor: Actor) -> dict[str, Any]:
    """Everything Koers holds about the citizen, from every app that registered an exporter.

    Permission: citizens, for their own record.
    Side effects: audit event (export).
    """
    own_record_policy.require(actor, "view")
    person = selectors.person_for_citizen(actor=actor)
    if person is None:
        raise ValidationError(_("You do not have a career record yet."))
    data = {"exported_at": timezone.now(), **export_person(person)}
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        purpose=AuditPurpose.OWN_RECORD,
        obj=person,
        person_id=person.id,
    )
    return data
