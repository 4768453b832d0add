from __future__ import annotations

from koers.core.roles import Role
from koers.organisations.models import Funding, Sector
from koers.organisations.selectors import actor_for_user, membership_list, organisation_list
from koers.organisations.services import organisation_create
from tests.queries import count_queries
from tests.world import make_user


def test_an_analyst_sees_the_providers_under_their_region_and_nothing_else(
    world, actor_for, analyst
):
    names = {o.name for o in organisation_list(actor=actor_for(analyst))}
    assert names == {"Regio", "Loopbaancentrum"}


def test_staff_see_only_their_own_organisation(world, actor_for, practitioner):
    assert [o.name for o in organisation_list(actor=actor_for(practitioner))] == ["Loopbaancentrum"]


def test_citizens_and_anonymous_visitors_see_no_organisations(world, actor_for, citizen):
    assert list(organisation_list(actor=actor_for(citizen))) == []
    assert list(organisation_list(actor=actor_for_user(user=None, membership_id=None)[0])) == []


def test_the_chosen_membership_decides_the_actor(world):
    # given a practitioner who is also a manager somewhere else
    user = world.users["practitioner"]
    from koers.organisations.models import Membership

    second = Membership.objects.create(
        user=user, organisation=world.other_org, role="service_manager"
    )
    # when they choose the second membership / then they act for that organisation
    actor, memberships = actor_for_user(user=user, membership_id=second.id)
    assert (actor.role, actor.organisation_id) == (Role.SERVICE_MANAGER, world.other_org.id)
    assert len(memberships) == 2
    # and an unknown membership id falls back to the first
    actor, _ = actor_for_user(user=user, membership_id=999999)
    assert actor.organisation_id == world.org.id


def test_organisation_and_membership_lists_issue_a_fixed_number_of_queries(
    world, actor_for, analyst, manager
):
    def organisations_with(count):
        for number in range(count):
            organisation_create(
                actor=actor_for(analyst),
                name=f"School {count}-{number}",
                sector=Sector.SCHOOL,
                funding=Funding.PUBLIC,
                parent=world.region,
            )
        actor = actor_for(analyst)
        return count_queries(lambda: list(organisation_list(actor=actor)))

    def memberships_with(count):
        for number in range(count):
            make_user(f"m{count}-{number}@org.test", role=Role.PRACTITIONER, organisation=world.org)
        actor = actor_for(manager)
        return count_queries(lambda: [m.user.email for m in membership_list(actor=actor)])

    assert organisations_with(1) == organisations_with(5) == 1
    assert memberships_with(1) == memberships_with(5) == 1
