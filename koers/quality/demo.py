"""Quality demo data: both shipped frameworks, the year's indicators, and a self-evaluation in
progress for each demo provider (Petra's story in JOURNEYS.md: she finishes the annual
self-evaluation against the ten principles and opens an improvement action).

Idempotent: running it again loads nothing twice and starts nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.organisations.models import Membership, Organisation
from koers.quality import services
from koers.quality.framework import FRAMEWORKS_DIR
from koers.quality.models import CriterionResult, ImprovementAction, SelfEvaluation

TEN_PRINCIPLES = "ten-principles"
# Two self-assessed criteria answered in the demo, so the self-evaluation shows both kinds.
DEMO_ANSWERS = {
    "P1.3": ("partly", "Bij de intake lezen we het gedeelde dossier als de deelnemer dat wil.", ""),
    "P9.1": ("yes", "", "https://www.beroepeninbeeld.nl/"),
}


def _manager(organisation: Organisation) -> Actor:
    """The organisation's first service manager, or Koers acting in that role for the demo."""
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Role.SERVICE_MANAGER, is_active=True
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return Actor(
        user=membership.user if membership else None,
        role=Role.SERVICE_MANAGER,
        organisation_id=organisation.id,
        membership_id=membership.id if membership else None,
        organisation_name=organisation.name,
        organisation_path=organisation.path,
    )


def _plan_referral_action(manager: Actor, evaluation: SelfEvaluation) -> int:
    """Petra sees that referrals are rarely completed and plans an action (P6.2)."""
    result = CriterionResult.objects.filter(
        self_evaluation=evaluation, criterion_key="P6.2"
    ).first()
    if (
        manager.membership_id is None
        or result is None
        or result.met is True
        or ImprovementAction.objects.filter(criterion_result=result).exists()
    ):
        return 0
    services.improvement_action_create(
        actor=manager,
        self_evaluation_id=evaluation.id,
        criterion_key="P6.2",
        title="Terugkoppelafspraak met schuldhulp en taalaanbieders",
        owner_id=manager.membership_id,
        due_on=timezone.localdate() + dt.timedelta(days=90),
        expected_effect="Minstens 60% van de verstuurde doorverwijzingen wordt afgerond.",
    )
    return 1


@transaction.atomic
def quality_demo(*, organisation_names: list[str], period: int) -> dict[str, int]:
    """Load both frameworks, compute the period's indicators for the named organisations and
    start (not finalise) a ten-principles self-evaluation for each; returns what was made.

    Organisations that do not exist are skipped.
    """
    system = Actor.system()
    frameworks = {
        framework.key: framework
        for framework in (
            services.framework_load(actor=system, path=FRAMEWORKS_DIR / name)
            for name in ("ten_principles.yaml", "qae.yaml")
        )
    }
    made = {"frameworks": len(frameworks), "snapshots": 0, "self_evaluations": 0, "actions": 0}
    for organisation in Organisation.objects.filter(name__in=organisation_names).order_by("id"):
        made["snapshots"] += services.indicators_recompute(
            year=period, organisation_id=organisation.id
        )
        manager = _manager(organisation)
        evaluation = SelfEvaluation.objects.filter(
            organisation=organisation, framework__key=TEN_PRINCIPLES, period=str(period)
        ).first()
        if evaluation is None:
            evaluation = services.self_evaluation_start(
                actor=manager, framework_id=frameworks[TEN_PRINCIPLES].id, year=period
            )
            made["self_evaluations"] += 1
            for key, (answer, note, link) in DEMO_ANSWERS.items():
                services.self_evaluation_answer(
                    actor=manager,
                    self_evaluation_id=evaluation.id,
                    criterion_key=key,
                    answer=answer,
                    evidence_note=note,
                    evidence_link=link,
                )
        made["actions"] += _plan_referral_action(manager, evaluation)
    return made
