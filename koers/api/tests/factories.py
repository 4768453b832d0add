"""API tokens made through the real service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from koers.api.models import ApiToken, TokenScope
from koers.api.services import api_token_create
from koers.core.roles import Role
from koers.organisations.selectors import actor_for_user
from tests.world import World


def make_token(
    world: World,
    *,
    scope: TokenScope = TokenScope.READ,
    name: str = "",
    other: bool = False,
    days: int = 30,
) -> tuple[ApiToken, str]:
    admin = world.user(Role.ORGANISATION_ADMIN, other=other)
    actor = actor_for_user(user=admin, membership_id=None)[0]
    count = ApiToken.objects.count()
    return api_token_create(
        actor=actor,
        name=name or f"Sync {count}",
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- Records behind the domain endpoints, made through the apps' own services ----------------


def practitioner_actor(world: World, *, other: bool = False):
    return actor_for_user(user=world.user(Role.PRACTITIONER, other=other), membership_id=None)[0]


def a_step(world: World, *, other: bool = False):
    """A goal with one step on a fresh engagement of the practitioner."""
    from koers.delivery import services
    from koers.delivery.models import LifeArea
    from koers.delivery.tests.factories import engagement

    opened = engagement(world.user(Role.PRACTITIONER, other=other))
    actor = practitioner_actor(world, other=other)
    goal = services.goal_add(
        actor=actor, engagement_id=opened.id, text="Een baan in de zorg", life_area=LifeArea.WORK
    )
    return services.step_add(actor=actor, goal_id=goal.id, text="Open dag bezoeken")


def a_referral(world: World, *, other: bool = False):
    from koers.delivery import services
    from koers.delivery.tests.factories import PartnerFactory, engagement

    opened = engagement(world.user(Role.PRACTITIONER, other=other))
    partner = PartnerFactory.create(organisation_id=opened.organisation_id)
    return services.referral_propose(
        actor=practitioner_actor(world, other=other),
        engagement_id=opened.id,
        partner_id=partner.id,
        reason="Schulden staan werk zoeken in de weg.",
        region_override_reason="Dichtstbijzijnde schuldhulp.",
    )


def a_participation(world: World, *, other: bool = False):
    from koers.delivery import services
    from koers.delivery.tests.factories import OpportunityFactory, engagement

    opened = engagement(world.user(Role.PRACTITIONER, other=other))
    opportunity = OpportunityFactory.create(organisation=opened.organisation)
    return services.participation_add(
        actor=practitioner_actor(world, other=other),
        engagement_id=opened.id,
        opportunity_id=opportunity.id,
    )


def a_profile(world: World, *, other: bool = False):
    from koers.delivery import services

    return services.practitioner_register_update(
        actor=practitioner_actor(world, other=other),
        register_name="Noloc",
        register_number="12345",
        register_renewal_on=None,
    )


def an_administration(world: World, *, other: bool = False):
    from koers.delivery.tests.factories import engagement
    from koers.instruments.models import InstrumentVersion
    from koers.instruments.tests.factories import (
        FULL_ANSWERS,
        completed_administration,
        load_definition,
    )

    opened = engagement(world.user(Role.PRACTITIONER, other=other))
    version = InstrumentVersion.objects.filter(is_current=True).first() or load_definition()
    return completed_administration(
        practitioner_actor(world, other=other), version, FULL_ANSWERS, person_id=opened.person_id
    )


def a_study(world: World, *, other: bool = False):
    from koers.evaluation.models import Estimate, Study

    organisation = world.other_org if other else world.org
    study = Study.objects.create(
        organisation=organisation,
        title="Meeloopdagen en werk na zes maanden",
        design="matched",
        sms_level=3,
        nesta_level=3,
        diagnostics={"smd_max": 0.04},
    )
    Estimate.objects.create(
        organisation=organisation,
        study=study,
        kind="adjusted",
        outcome="employed_6m",
        estimand="ATT",
        method="nearest-neighbour",
        estimate=0.08,
        ci_low=0.01,
        ci_high=0.15,
        n_treated=120,
        n_control=120,
    )
    return study
