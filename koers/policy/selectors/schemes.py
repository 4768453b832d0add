"""Reads of funding schemes, vouchers and claims, scoped by the actor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.delivery.models import ActivityParticipant, Attendance
from koers.organisations.models import Organisation
from koers.policy.models import Claim, FundingScheme, Redemption, Voucher
from koers.policy.permissions import claim_policy, scheme_policy, voucher_policy


def scheme_list(*, actor: Actor) -> QuerySet[FundingScheme]:
    """Permission: analysts (their region's schemes) and staff of accredited providers."""
    scheme_policy.require(actor, "view")
    return (
        FundingScheme.objects.filter(
            id__in=FundingScheme.objects.filter(scheme_policy.visible(actor)).values("id")
        )
        .select_related("owner")
        .annotate(voucher_count=Count("vouchers"))
        .order_by("name", "id")
    )


def scheme_get(*, actor: Actor, scheme_id: int) -> FundingScheme:
    scheme = scheme_list(actor=actor).prefetch_related("providers").filter(id=scheme_id).first()
    if scheme is None:
        raise Http404
    return scheme


@dataclass(frozen=True)
class SchemeMonitor:
    decisions: int
    eligible: int
    vouchers: int
    spend: Decimal
    by_provider: list[Any]
    claims: list[Any]


def scheme_monitor(*, actor: Actor, scheme: FundingScheme) -> SchemeMonitor:
    """Uptake and spend of a scheme, per provider (administrative counts of the funder).

    Permission: policy analysts of the owner.
    """
    scheme_policy.require(actor, "manage")
    decided = scheme.decisions.aggregate(
        n=Count("id"), eligible=Count("id", filter=Q(eligible=True))
    )
    by_provider = list(
        Redemption.objects.filter(voucher__scheme=scheme)
        .order_by()
        .values("provider__name")
        .annotate(
            redemptions=Count("id"),
            people=Count("voucher__person", distinct=True),
            units=Sum("units"),
            amount=Sum("amount"),
        )
        .order_by("provider__name")
    )
    claims = list(
        Claim.objects.filter(scheme=scheme)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("status")
    )
    return SchemeMonitor(
        decisions=decided["n"],
        eligible=decided["eligible"],
        vouchers=scheme.vouchers.count(),
        spend=sum((row["amount"] for row in by_provider), Decimal(0)),
        by_provider=by_provider,
        claims=claims,
    )


def voucher_list(*, actor: Actor, scheme: FundingScheme) -> QuerySet[Voucher]:
    """Vouchers of a scheme the provider issued (staff), none listed by name for analysts."""
    if actor.role == Role.POLICY_ANALYST:
        return Voucher.objects.none()
    return (
        Voucher.objects.filter(scheme=scheme, issued_by_id=actor.organisation_id or 0)
        .select_related("person")
        .annotate(used=Sum("redemptions__units"))
        .order_by("-issued_on", "-id")
    )


def voucher_get(*, actor: Actor, voucher_id: int) -> Voucher:
    """One voucher with its decision; a read of a person's record, so it is audited.

    Permission: practitioners and service managers of the issuing or an accredited provider.
    """
    if actor.role not in (Role.PRACTITIONER, Role.SERVICE_MANAGER):
        raise Http404
    voucher = (
        Voucher.objects.filter(
            id__in=Voucher.objects.filter(voucher_policy.visible(actor)).values("id"),
            pk=voucher_id,
        )
        .select_related("scheme", "person", "decision", "issued_by")
        .first()
    )
    if voucher is None:
        raise Http404
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        purpose=AuditPurpose.GUIDANCE,
        obj=voucher,
        person_id=voucher.person_id,
    )
    return voucher


def redemption_list(*, voucher: Voucher) -> QuerySet[Redemption]:
    return voucher.redemptions.select_related("provider", "activity").order_by("-redeemed_on")


def redeemable_activities(*, actor: Actor, voucher: Voucher) -> QuerySet[ActivityParticipant]:
    """Attended activities of the voucher's person at the actor's organisation, not redeemed."""
    return (
        ActivityParticipant.objects.filter(
            organisation_id=actor.organisation_id or 0,
            engagement__person_id=voucher.person_id,
            attendance=Attendance.ATTENDED,
            activity__occurred_on__gte=voucher.issued_on,
            activity__occurred_on__lte=voucher.expires_on,
        )
        .exclude(activity_id__in=voucher.redemptions.values("activity_id"))
        .select_related("activity__service")
        .order_by("-activity__occurred_on")
    )


def claim_list(*, actor: Actor) -> QuerySet[Claim]:
    """Permission: analysts (claims on their region's schemes) and providers' service managers."""
    claim_policy.require(actor, "view")
    return (
        Claim.objects.filter(claim_policy.visible(actor))
        .select_related("scheme", "provider")
        .annotate(redemption_count=Count("redemptions"))
        .order_by("-submitted_on", "-id")
    )


def providers_for(*, actor: Actor) -> list[tuple[int, str]]:
    """Providers an analyst may accredit: the organisations under their region or network."""
    return list(
        Organisation.objects.filter(path__startswith=actor.organisation_path or "-")
        .exclude(id=actor.organisation_id or 0)
        .values_list("id", "name")
    )
