"""Funding schemes: define a scheme, decide and issue vouchers, redeem them, claim and decide.

Dates, decided once (see also facts.py):
- A voucher is valid from `issued_on` up to and including `expires_on`;
  `expires_on = issued_on + validity_days - 1` (a 365-day voucher issued on 1 January 2026 is
  valid through 31 December 2026).
- A redemption needs an attended activity that took place while the voucher was valid, and must
  be recorded on or before `expires_on` (no redemptions after expiry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.delivery.models import Activity, ActivityParticipant, Attendance, Engagement
from koers.organisations.models import Organisation
from koers.people.models import Person
from koers.policy.facts import person_facts
from koers.policy.models import (
    Claim,
    ClaimStatus,
    EligibilityDecision,
    EntitlementUnit,
    FundingScheme,
    Redemption,
    Voucher,
)
from koers.policy.permissions import scheme_policy, voucher_policy
from koers.policy.rules import evaluate, validate_rule

CENT = Decimal("0.01")
MINUTES_PER_HOUR = Decimal(60)


def own_organisation(actor: Actor) -> int:
    if actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def _organisations_under(actor: Actor, ids: Collection[int]) -> list[Organisation]:
    found = list(
        Organisation.objects.filter(id__in=ids, path__startswith=actor.organisation_path or "-")
    )
    if len(found) != len(set(ids)):
        raise ValidationError(
            {"providers": _("Choose organisations in your own region or network.")}
        )
    return found


def _check_terms(entitlement: Decimal, value_per_unit: Decimal, validity_days: int) -> None:
    errors: dict[str, str] = {}
    if entitlement <= 0:
        errors["entitlement"] = _("The entitlement must be more than zero.")
    if value_per_unit < 0:
        errors["value_per_unit"] = _("The value per unit cannot be negative.")
    if validity_days < 1:
        errors["validity_days"] = _("A voucher must be valid for at least one day.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def scheme_create(
    *,
    actor: Actor,
    name: str,
    rule: Any,
    unit: EntitlementUnit,
    entitlement: Decimal,
    value_per_unit: Decimal,
    validity_days: int,
    provider_ids: Collection[int] = (),
    description: str = "",
) -> FundingScheme:
    """Define a scheme owned by the analyst's region or network; the rule is checked first.

    Permission: policy analysts.
    Side effects: audit event.
    """
    scheme_policy.require(actor, "manage")
    try:
        validate_rule(rule)
    except ValidationError as error:
        raise ValidationError({"rule": error.messages}) from error
    _check_terms(entitlement, value_per_unit, validity_days)
    if not name.strip():
        raise ValidationError({"name": _("Give the scheme a name.")})
    providers = _organisations_under(actor, provider_ids)
    scheme = FundingScheme.objects.create(
        owner_id=own_organisation(actor),
        name=name.strip(),
        description=description.strip(),
        rule=rule,
        unit=unit,
        entitlement=entitlement,
        value_per_unit=value_per_unit,
        validity_days=validity_days,
    )
    scheme.providers.set(providers)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=scheme,
        summary=scheme.name,
        changes={"rule": rule, "providers": sorted(p.id for p in providers)},
    )
    return scheme


@transaction.atomic
def scheme_update(
    *,
    actor: Actor,
    scheme_id: int,
    rule: Any,
    provider_ids: Collection[int],
    is_active: bool,
) -> FundingScheme:
    """Change the rule, the accredited providers or whether new vouchers can be issued.

    Vouchers already issued keep their entitlement and stored decision.
    Permission: policy analysts of the owner.
    Side effects: audit event.
    """
    scheme_policy.require(actor, "manage")
    scheme = (
        FundingScheme.objects.select_for_update()
        .filter(scheme_policy.visible(actor), id=scheme_id)
        .first()
    )
    if scheme is None:
        raise Http404
    try:
        validate_rule(rule)
    except ValidationError as error:
        raise ValidationError({"rule": error.messages}) from error
    providers = _organisations_under(actor, provider_ids)
    scheme.rule = rule
    scheme.is_active = is_active
    scheme.save(update_fields=["rule", "is_active"])
    scheme.providers.set(providers)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=scheme,
        summary=scheme.name,
        changes={"rule": rule, "providers": sorted(p.id for p in providers), "active": is_active},
    )
    return scheme


def _scheme_for_provider(actor: Actor, scheme_id: int) -> FundingScheme:
    scheme = FundingScheme.objects.filter(scheme_policy.visible(actor), id=scheme_id).first()
    if scheme is None:
        raise Http404
    return scheme


def _client(actor: Actor, reference: str) -> Person:
    """A person the actor's organisation guides (an own trajectory); else 'not found'."""
    person = Person.objects.filter(
        reference=reference.strip().upper(),
        id__in=Engagement.objects.filter(organisation_id=own_organisation(actor)).values(
            "person_id"
        ),
    ).first()
    if person is None:
        raise ValidationError(
            {"person_reference": _("None of your clients has this reference number.")}
        )
    return person


@transaction.atomic
def voucher_issue(
    *,
    actor: Actor,
    scheme_id: int,
    person_reference: str,
    today: dt.date | None = None,
) -> tuple[EligibilityDecision, Voucher | None]:
    """Decide whether a client is eligible and, if so, issue a voucher.

    The decision (facts, rule, explanation in Dutch and English) is stored either way.
    Permission: practitioners and service managers of an accredited provider, for their clients.
    Side effects: an EligibilityDecision, a Voucher when eligible; audit event with the person.
    """
    scheme_policy.require(actor, "issue")
    day = today or timezone.localdate()
    scheme = _scheme_for_provider(actor, scheme_id)
    if not scheme.is_active:
        raise ValidationError(_("This scheme does not issue new vouchers."))
    person = _client(actor, person_reference)
    # Serialise decisions for one person and scheme, so the waiting period cannot be raced.
    Person.objects.select_for_update().filter(id=person.id).first()
    last = Voucher.objects.filter(scheme=scheme, person=person).aggregate(last=Max("issued_on"))
    facts = person_facts(person=person, day=day, last_voucher_on=last["last"])
    outcome = evaluate(scheme.rule, facts)
    decision = EligibilityDecision.objects.create(
        scheme=scheme,
        person=person,
        organisation_id=own_organisation(actor),
        decided_on=day,
        eligible=outcome.eligible,
        facts=facts,
        rule=scheme.rule,
        explanation=outcome.explanation,
        decided_by_user_id=actor.user.pk if actor.user else None,
    )
    voucher = None
    if outcome.eligible:
        voucher = Voucher.objects.create(
            scheme=scheme,
            person=person,
            decision=decision,
            issued_by_id=own_organisation(actor),
            issued_on=day,
            expires_on=day + dt.timedelta(days=scheme.validity_days - 1),
            unit=scheme.unit,
            entitlement=scheme.entitlement,
            value_per_unit=scheme.value_per_unit,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.GUIDANCE,
        obj=voucher or decision,
        person_id=person.id,
        summary=f"{scheme.name}: {'eligible' if outcome.eligible else 'not eligible'}",
    )
    return decision, voucher


def voucher_remaining(voucher: Voucher) -> Decimal:
    used = voucher.redemptions.aggregate(used=Sum("units"))["used"] or Decimal(0)
    return voucher.entitlement - used


def _units_of(voucher: Voucher, activity: Activity) -> Decimal:
    if voucher.unit == EntitlementUnit.SESSIONS:
        return Decimal(1)
    hours = Decimal(activity.duration_minutes) / MINUTES_PER_HOUR
    return hours.quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def redemption_record(
    *,
    actor: Actor,
    voucher_id: int,
    activity_id: int,
    today: dt.date | None = None,
) -> Redemption:
    """Use part of a voucher for an activity the person attended at the actor's organisation.

    Refused: a provider that is not accredited, an activity the person did not attend, an
    activity outside the voucher's validity, a redemption after expiry, more than what is left,
    or the same activity twice.
    Permission: practitioners and service managers of an accredited provider.
    Side effects: a Redemption; audit event with the person.
    """
    scheme_policy.require(actor, "redeem")
    day = today or timezone.localdate()
    voucher = (
        Voucher.objects.select_for_update()
        .select_related("scheme")
        .filter(
            id=voucher_id,
            # A subquery: the visibility joins can repeat rows, and FOR UPDATE refuses DISTINCT.
            pk__in=Voucher.objects.filter(voucher_policy.visible(actor)).values("id"),
        )
        .first()
    )
    if voucher is None:
        raise Http404
    if not voucher.scheme.providers.filter(id=own_organisation(actor)).exists():
        raise PermissionDenied
    attended = ActivityParticipant.objects.filter(
        activity_id=activity_id,
        organisation_id=own_organisation(actor),
        engagement__person_id=voucher.person_id,
        attendance=Attendance.ATTENDED,
    ).select_related("activity")
    participant = attended.first()
    if participant is None:
        raise ValidationError(
            {"activity": _("Choose an activity at your organisation that this person attended.")}
        )
    activity = participant.activity
    if not voucher.issued_on <= activity.occurred_on <= voucher.expires_on:
        raise ValidationError(
            {
                "activity": _(
                    "The activity took place on %(date)s, outside the voucher's validity "
                    "(%(start)s to %(end)s)."
                )
                % {
                    "date": activity.occurred_on.isoformat(),
                    "start": voucher.issued_on.isoformat(),
                    "end": voucher.expires_on.isoformat(),
                }
            }
        )
    if day > voucher.expires_on:
        raise ValidationError(
            _("This voucher expired on %(date)s.") % {"date": voucher.expires_on.isoformat()}
        )
    if Redemption.objects.filter(voucher=voucher, activity=activity).exists():
        raise ValidationError({"activity": _("This activity has already been redeemed.")})
    units = _units_of(voucher, activity)
    remaining = voucher_remaining(voucher)
    if units > remaining:
        raise ValidationError(
            _("This activity needs %(units)s, but only %(left)s is left on the voucher.")
            % {"units": units, "left": remaining}
        )
    redemption = Redemption.objects.create(
        voucher=voucher,
        provider_id=own_organisation(actor),
        activity=activity,
        units=units,
        amount=(units * voucher.value_per_unit).quantize(CENT, rounding=ROUND_HALF_UP),
        redeemed_on=day,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.GUIDANCE,
        obj=redemption,
        person_id=voucher.person_id,
        summary=f"{voucher.reference}: {units}",
    )
    return redemption


@transaction.atomic
def claim_submit(
    *,
    actor: Actor,
    scheme_id: int,
    idempotency_key: str,
    today: dt.date | None = None,
) -> tuple[Claim, bool]:
    """Claim every unclaimed redemption of the actor's organisation for a scheme.

    Idempotent: the same claim reference returns the claim made with it (and `False`); a
    redemption is never in two claims.
    Permission: service managers of an accredited provider.
    Side effects: a Claim linking the redemptions; audit event.
    """
    scheme_policy.require(actor, "claim")
    key = idempotency_key.strip()
    if not key:
        raise ValidationError({"idempotency_key": _("Give the claim a reference.")})
    existing = Claim.objects.filter(
        provider_id=own_organisation(actor), idempotency_key=key
    ).first()
    if existing is not None:
        if existing.scheme_id != scheme_id:
            raise ValidationError(
                {"idempotency_key": _("This claim reference is already used for another scheme.")}
            )
        return existing, False
    scheme = _scheme_for_provider(actor, scheme_id)
    open_ids = list(
        Redemption.objects.select_for_update()
        .filter(provider_id=own_organisation(actor), voucher__scheme=scheme, claim__isnull=True)
        .values_list("id", flat=True)
    )
    if not open_ids:
        raise ValidationError(_("There are no redemptions left to claim for this scheme."))
    amount = Redemption.objects.filter(id__in=open_ids).aggregate(total=Sum("amount"))["total"]
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                scheme=scheme,
                provider_id=own_organisation(actor),
                idempotency_key=key,
                amount=amount,
                submitted_on=today or timezone.localdate(),
            )
    except IntegrityError:
        # A simultaneous submission with the same key won: answer with its claim.
        return Claim.objects.get(provider_id=own_organisation(actor), idempotency_key=key), False
    Redemption.objects.filter(id__in=open_ids).update(claim=claim)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=claim,
        summary=f"{key}: {amount}",
    )
    return claim, True


NEXT_STATUS = {
    ClaimStatus.SUBMITTED: {ClaimStatus.APPROVED, ClaimStatus.REJECTED},
    ClaimStatus.APPROVED: {ClaimStatus.PAID},
}


@transaction.atomic
def claim_decide(
    *, actor: Actor, claim_id: int, status: ClaimStatus, today: dt.date | None = None
) -> Claim:
    """Approve, reject or mark as paid a claim on a scheme of the analyst's region.

    Permission: policy analysts of the scheme's owner.
    Side effects: audit event.
    """
    scheme_policy.require(actor, "decide_claim")
    claim = (
        Claim.objects.select_for_update()
        .filter(scheme__in=FundingScheme.objects.filter(scheme_policy.visible(actor)), id=claim_id)
        .first()
    )
    if claim is None:
        raise Http404
    if status not in NEXT_STATUS.get(ClaimStatus(claim.status), set()):
        raise ValidationError(
            _("A claim that is %(current)s cannot become %(new)s.")
            % {"current": claim.get_status_display().lower(), "new": status.label.lower()}
        )
    before = claim.status
    claim.status = status
    claim.decided_on = today or timezone.localdate()
    claim.save(update_fields=["status", "decided_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=claim,
        summary=claim.idempotency_key,
        changes={"status": [before, status.value]},
    )
    return claim
