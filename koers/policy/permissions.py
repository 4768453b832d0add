"""Who may see and do what in the policy app.

Policy analysts work for a region, network or national body: they see what is owned by
organisations under their own path (`actor.organisation_path`), and only aggregates about the
providers there. Provider staff see the schemes their organisation is accredited for, and the
vouchers, redemptions and claims of their own organisation.
"""

from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role

ANALYST = frozenset({Role.POLICY_ANALYST})
PROVIDER_STAFF = frozenset({Role.PRACTITIONER, Role.SERVICE_MANAGER})


def under_analyst(actor: Actor, field: str) -> Q:
    """Rows whose `field` organisation lies under the analyst's region or network."""
    if actor.role != Role.POLICY_ANALYST or not actor.organisation_path:
        return NOTHING
    return Q(**{f"{field}__path__startswith": actor.organisation_path})


class SchemePolicy(Policy):
    actions = {
        "view": ANALYST | PROVIDER_STAFF,
        "manage": ANALYST,
        "issue": PROVIDER_STAFF,
        "redeem": PROVIDER_STAFF,
        "claim": frozenset({Role.SERVICE_MANAGER}),
        "decide_claim": ANALYST,
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.POLICY_ANALYST:
            return under_analyst(actor, "owner")
        if actor.role in PROVIDER_STAFF and actor.organisation_id:
            return Q(providers=actor.organisation_id)
        return NOTHING


class VoucherPolicy(Policy):
    """A voucher is visible to the provider that issued it, to providers that redeemed it, and
    to the analysts of the scheme's owner."""

    actions = {"view": ANALYST | PROVIDER_STAFF}

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.POLICY_ANALYST:
            return under_analyst(actor, "scheme__owner")
        if actor.role in PROVIDER_STAFF and actor.organisation_id:
            return Q(issued_by_id=actor.organisation_id) | Q(
                scheme__providers=actor.organisation_id
            )
        return NOTHING


class ClaimPolicy(Policy):
    actions = {"view": ANALYST | frozenset({Role.SERVICE_MANAGER})}

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.POLICY_ANALYST:
            return under_analyst(actor, "scheme__owner")
        if actor.role == Role.SERVICE_MANAGER and actor.organisation_id:
            return Q(provider_id=actor.organisation_id)
        return NOTHING


class OwnedByRegionPolicy(Policy):
    """Goals, publications (drafts) and cost-benefit models: the analysts of the owner's region."""

    actions = {"view": ANALYST, "manage": ANALYST}

    def visible(self, actor: Actor) -> Q:
        return under_analyst(actor, "owner")


class CostPolicy(Policy):
    """Cost records: the organisation's managers record them, the region's analysts read them."""

    actions = {
        "view": ANALYST | frozenset({Role.SERVICE_MANAGER}),
        "record": frozenset({Role.SERVICE_MANAGER}),
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.POLICY_ANALYST:
            return under_analyst(actor, "organisation")
        if actor.role == Role.SERVICE_MANAGER and actor.organisation_id:
            return Q(organisation_id=actor.organisation_id)
        return NOTHING


scheme_policy = SchemePolicy()
voucher_policy = VoucherPolicy()
claim_policy = ClaimPolicy()
goal_policy = OwnedByRegionPolicy()
publication_policy = OwnedByRegionPolicy()
model_policy = OwnedByRegionPolicy()
cost_policy = CostPolicy()
