"""Fixtures every app's tests share: two organisations, a user for every role in each, citizens."""

import os

# Before Django reads its settings: the test environment (fast hashing, inline tasks, locmem mail).
os.environ["KOERS_ENV"] = "test"

import pytest


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


@pytest.fixture
def org(world):
    return world.org


@pytest.fixture
def other_org(world):
    return world.other_org


@pytest.fixture
def practitioner(world):
    return world.users["practitioner"]


@pytest.fixture
def manager(world):
    return world.users["service_manager"]


@pytest.fixture
def analyst(world):
    return world.users["policy_analyst"]


@pytest.fixture
def org_admin(world):
    return world.users["organisation_admin"]


@pytest.fixture
def citizen(world):
    return world.users["citizen"]


@pytest.fixture
def actor_for(world):
    """actor_for(user) -> the Actor that user gets on a request."""
    from koers.organisations.selectors import actor_for_user

    def build(user, membership_id=None):
        return actor_for_user(user=user, membership_id=membership_id)[0]

    return build
