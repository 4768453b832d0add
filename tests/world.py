"""A small, complete tenant world for tests: a region with two providers, one user per role in
each provider, and two citizens. Built with Koers's own services, not raw inserts."""

from __future__ import annotations

from dataclasses import dataclass, field

from koers.core.actor import Actor
from koers.core.models import User
from koers.core.roles import Role
from koers.organisations.models import Funding, Membership, Organisation, Sector
from koers.organisations.services import organisation_create

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    region: Organisation
    org: Organisation
    other_org: Organisation
    users: dict[str, User] = field(default_factory=dict)
    other_users: dict[str, User] = field(default_factory=dict)

    def user(self, role: Role, *, other: bool = False) -> User:
        return (self.other_users if other else self.users)[role.value]


def make_user(email: str, *, role: Role, organisation: Organisation | None) -> User:
    user = User.objects.create_user(
        email, PASSWORD, full_name=email.split("@", maxsplit=1)[0].title()
    )
    if role != Role.CITIZEN and organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def build_world() -> World:
    system = Actor.system()
    region = organisation_create(
        actor=system,
        name="Regio",
        sector=Sector.NETWORK,
        funding=Funding.PUBLIC,
        region_code="NL31",
    )
    org = organisation_create(
        actor=system,
        name="Loopbaancentrum",
        sector=Sector.CAREER_CENTRE,
        funding=Funding.MIXED,
        region_code="GM0344",
        parent=region,
    )
    # Another provider in another region: nothing of it is visible from `org` or `region`.
    other_region = organisation_create(
        actor=system, name="Andere regio", sector=Sector.NETWORK, funding=Funding.PUBLIC
    )
    other_org = organisation_create(
        actor=system,
        name="Andere aanbieder",
        sector=Sector.MUNICIPALITY,
        funding=Funding.PUBLIC,
        parent=other_region,
    )
    world = World(region=region, org=org, other_org=other_org)
    for role in Role:
        # Analysts work for the region (or network) that groups providers.
        home = region if role == Role.POLICY_ANALYST else org
        other_home = other_region if role == Role.POLICY_ANALYST else other_org
        world.users[role.value] = make_user(f"{role.value}@org.test", role=role, organisation=home)
        world.other_users[role.value] = make_user(
            f"{role.value}@other.test", role=role, organisation=other_home
        )
    return world
