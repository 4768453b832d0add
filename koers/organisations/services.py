from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose, User
from koers.core.roles import Role
from koers.organisations import tasks
from koers.organisations.models import Funding, Membership, Organisation, Sector
from koers.organisations.permissions import membership_policy
from koers.organisations.selectors import membership_get


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    name: str,
    sector: Sector,
    funding: Funding,
    region_code: str = "",
    parent: Organisation | None = None,
) -> Organisation:
    """Register an organisation (set-up and command-line work, not a page).

    Side effects: audit event.
    """
    organisation = Organisation(
        name=name, sector=sector, funding=funding, region_code=region_code, parent=parent
    )
    organisation.full_clean(exclude=["path"])
    organisation.save()
    organisation.path = f"{parent.path if parent else '/'}{organisation.id}/"
    organisation.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=organisation,
        organisation_id=organisation.id,
        summary=name,
    )
    return organisation


@transaction.atomic
def membership_add(
    *, actor: Actor, organisation_id: int, email: str, full_name: str, role: Role
) -> Membership:
    """Give a person a role in the organisation, creating their login when they have none.

    Permission: organisation administrators of that organisation (or Koers itself at set-up).
    Side effects: audit event; a welcome e-mail with a link to set a password for new users.
    """
    if actor.user is not None:
        membership_policy.require(actor, "manage")
        if organisation_id != actor.organisation_id:
            raise ValidationError(_("You can only add people to your own organisation."))
    if role == Role.CITIZEN:
        raise ValidationError(_("Citizens do not get a role in an organisation."))
    email = User.objects.normalize_email(email).lower()
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _created = Membership.objects.get_or_create(
        organisation_id=organisation_id, user=user, role=role
    )
    if membership.is_active and not _created:
        raise ValidationError(
            _("%(email)s already has this role in your organisation.") % {"email": email}
        )
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=membership,
        organisation_id=organisation_id,
        summary=f"{email} {role}",
    )
    transaction.on_commit(lambda: tasks.membership_welcome.enqueue(membership_id=membership.id))
    return membership


@transaction.atomic
def membership_deactivate(*, actor: Actor, membership_id: int) -> Membership:
    """End someone's role in the organisation; their history stays.

    Permission: organisation administrators; never their own membership, so an organisation
    cannot lock itself out.
    Side effects: audit event.
    """
    membership_policy.require(actor, "manage")
    membership = membership_get(actor=actor, membership_id=membership_id)
    if membership.id == actor.membership_id:
        raise ValidationError(_("You cannot end your own role."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=membership,
        summary=f"{membership.user.email} {membership.role}",
        changes={"is_active": [True, False]},
    )
    return membership
