"""Demo data for the policy app: one goal with targets, a voucher scheme and, when indicator
snapshots exist, a publication of them — all owned by one region or network."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.organisations.models import Organisation
from koers.policy.aggregates import publishable_indicators, unscoped_table
from koers.policy.models import EntitlementUnit, EvidenceItem, PublicationStatus
from koers.policy.services import goals, publications, schemes
from koers.quality.models import IndicatorSnapshot

TARGET_INDICATORS = ("CI4", "CU1")
DEFAULT_BASELINE = 50.0
VOUCHER_RULE = {
    "all": [
        {"fact": "age", "op": ">=", "value": 25},
        {"fact": "years_worked", "op": ">=", "value": 2},
        {"fact": "months_since_last_voucher", "op": ">=", "value": 72, "if_unknown": True},
    ]
}


def _analyst(region: Organisation) -> Actor:
    """Koers acting as the region's policy analyst."""
    return Actor(
        user=None,
        role=Role.POLICY_ANALYST,
        organisation_id=region.id,
        organisation_name=region.name,
        organisation_path=region.path,
    )


@transaction.atomic
def policy_demo(*, region: Organisation, year: int | None = None) -> dict[str, int | None]:
    """Build the policy demo for `region`; returns the ids made (publication None without data).

    `year` defaults to the latest year with snapshots under the region (or the current year).
    """
    actor = _analyst(region)
    snapshots = IndicatorSnapshot.objects.filter(organisation__path__startswith=region.path)
    latest = snapshots.aggregate(latest=Max("period"))["latest"]
    period = str(year or latest or dt.date.today().year)
    codes = [code for code in TARGET_INDICATORS if code in publishable_indicators()]
    providers = list(
        Organisation.objects.filter(path__startswith=region.path)
        .exclude(id=region.id)
        .values_list("id", flat=True)
    )
    goal = goals.goal_create(
        actor=actor,
        title="Iedereen die begeleiding afsluit, krijgt een vervolgmeting",
        rationale=(
            "Zonder vervolgmeting weten we niet wat begeleiding oplevert. Meta-analyses laten "
            "zien dat loopbaanbegeleiding gemiddeld werkt; wij willen weten of dat hier ook zo is."
        ),
        organisation_ids=providers,
        evidence_ids=list(EvidenceItem.objects.values_list("id", flat=True)[:3]),
    )
    for code in codes:
        total = unscoped_table(
            actor=actor, scope=region, indicator=code, period=period, breakdown=""
        ).total
        baseline = total.value if total.value is not None else DEFAULT_BASELINE
        goals.target_add(
            actor=actor,
            goal_id=goal.id,
            indicator=code,
            baseline=baseline,
            baseline_period=period,
            target_value=min(100.0, round(baseline + 20, 1)),
            deadline=dt.date(int(period) + 2, 12, 31),
        )
    goals.goal_advance(actor=actor, goal_id=goal.id)
    scheme = schemes.scheme_create(
        actor=actor,
        name="Loopbaancheque",
        description="Acht uur loopbaanbegeleiding voor werkenden, eens in de zes jaar.",
        rule=VOUCHER_RULE,
        unit=EntitlementUnit.HOURS,
        entitlement=Decimal(8),
        value_per_unit=Decimal("95.00"),
        validity_days=365,
        provider_ids=providers,
    )
    publication_id = None
    if snapshots.filter(period=period, indicator__in=codes).exists():
        draft = publications.publication_create(
            actor=actor,
            title=f"Loopbaanbegeleiding in {region.name}, {period}",
            summary="Kerncijfers over bereik en vervolgmeting, zonder herleidbare kleine groepen.",
            period=period,
            indicators=codes,
            breakdowns=["organisation", "gender"],
        )
        published = publications.publication_publish(actor=actor, publication_id=draft.id)
        assert published.status == PublicationStatus.PUBLISHED  # noqa: S101
        publication_id = published.id
    return {"goal": goal.id, "scheme": scheme.id, "publication": publication_id}
