"""Cost records of an organisation, and cost per person, per activity hour and per positive
outcome (set-based: one aggregate query each)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.delivery.models import Activity, ActivityParticipant, Attendance, Engagement, Service
from koers.evaluation.models import OutcomeRecord, OutcomeType
from koers.policy.models import CostKind, CostRecord
from koers.policy.permissions import cost_policy
from koers.policy.services.schemes import own_organisation

CENT = Decimal("0.01")
POSITIVE_OUTCOMES = (OutcomeType.EMPLOYMENT, OutcomeType.ENROLMENT, OutcomeType.QUALIFICATION)


@transaction.atomic
def cost_record_add(
    *,
    actor: Actor,
    year: int,
    kind: CostKind,
    description: str,
    amount: Decimal | None = None,
    hours: Decimal | None = None,
    rate: Decimal | None = None,
    service_id: int | None = None,
) -> CostRecord:
    """Record a cost; for staff costs the amount is hours x rate.

    Permission: service managers.
    Side effects: audit event.
    """
    cost_policy.require(actor, "record")
    organisation_id = own_organisation(actor)
    errors: dict[str, str] = {}
    if kind == CostKind.STAFF:
        if hours is None or rate is None or hours <= 0 or rate < 0:
            errors["hours"] = _("Give the hours and the rate per hour for staff costs.")
        else:
            amount = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount is None or amount < 0:
        errors["amount"] = _("Give an amount of zero or more.")
    if not description.strip():
        errors["description"] = _("Describe the cost.")
    if (
        service_id is not None
        and not Service.objects.filter(id=service_id, organisation_id=organisation_id).exists()
    ):
        errors["service"] = _("Choose one of your own services.")
    if errors:
        raise ValidationError(errors)
    assert amount is not None  # noqa: S101 - checked above
    record = CostRecord.objects.create(
        organisation_id=organisation_id,
        service_id=service_id,
        year=year,
        kind=kind,
        description=description.strip(),
        hours=hours if kind == CostKind.STAFF else None,
        rate=rate if kind == CostKind.STAFF else None,
        amount=amount,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=record,
        summary=f"{record.year} {record.kind}: {record.amount}",
    )
    return record


@dataclass(frozen=True)
class CostSummary:
    year: int
    total: Decimal
    people: int
    activity_hours: Decimal
    positive_outcomes: int

    def _per(self, count: Decimal | int) -> Decimal | None:
        return (self.total / Decimal(count)).quantize(CENT) if count else None

    @property
    def per_person(self) -> Decimal | None:
        return self._per(self.people)

    @property
    def per_activity_hour(self) -> Decimal | None:
        return self._per(self.activity_hours)

    @property
    def per_positive_outcome(self) -> Decimal | None:
        return self._per(self.positive_outcomes)


def cost_summary(*, actor: Actor, year: int) -> CostSummary:
    """Cost per person served, per activity hour and per positive outcome of the actor's
    organisation in a year (people with a trajectory open in the year; attended activity time;
    employment, enrolment or qualification outcomes recorded in the year).

    Permission: service managers.
    """
    cost_policy.require(actor, "record")
    organisation_id = own_organisation(actor)
    total = CostRecord.objects.filter(organisation_id=organisation_id, year=year).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    people = Engagement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__year__gte=year),
        organisation_id=organisation_id,
        started_on__year__lte=year,
    ).aggregate(n=Count("person", distinct=True))["n"]
    # Activity time counts once, also for a group activity with many participants.
    attended = ActivityParticipant.objects.filter(
        organisation_id=organisation_id, attendance=Attendance.ATTENDED
    ).values("activity_id")
    minutes = (
        Activity.objects.filter(
            organisation_id=organisation_id, occurred_on__year=year, id__in=attended
        ).aggregate(m=Sum("duration_minutes"))["m"]
        or 0
    )
    outcomes = OutcomeRecord.objects.filter(
        organisation_id=organisation_id,
        outcome_type__in=POSITIVE_OUTCOMES,
        value__gt=0,
        date__year=year,
    ).aggregate(n=Count("person_reference", distinct=True))["n"]
    return CostSummary(
        year=year,
        total=total,
        people=people,
        activity_hours=(Decimal(minutes) / Decimal(60)).quantize(Decimal("0.1")),
        positive_outcomes=outcomes,
    )
