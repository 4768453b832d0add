import pytest
from django.core.exceptions import PermissionDenied

from koers.core.roles import Role
from koers.delivery import selectors
from koers.delivery.permissions import engagement_policy, organisation_data_policy
from koers.delivery.tests.factories import EmployerFactory, actor, engagement


def test_only_an_assigned_practitioner_reads_notes(practitioner, manager):
    mine = practitioner.memberships.get().id
    me = actor(practitioner)
    assert engagement_policy.can_read_notes(me, {mine}) is True
    assert engagement_policy.can_read_notes(me, {mine + 1000}) is False
    assert engagement_policy.can_read_notes(actor(manager), {manager.memberships.get().id}) is False


@pytest.mark.parametrize("role", [Role.POLICY_ANALYST, Role.ORGANISATION_ADMIN, Role.CITIZEN])
def test_other_roles_get_no_caseload(world, practitioner, role):
    engagement(practitioner)
    with pytest.raises(PermissionDenied):
        selectors.engagement_list(actor=actor(world.user(role)))


def test_working_lists_stay_inside_the_organisation(world, org, practitioner):
    EmployerFactory.create(organisation=org)
    assert selectors.employer_list(actor=actor(practitioner)).count() == 1
    assert selectors.employer_list(actor=actor(world.other_users["practitioner"])).count() == 0
    analyst = actor(world.user(Role.POLICY_ANALYST))
    assert organisation_data_policy.can(analyst, "view") is False
