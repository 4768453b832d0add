"""Tenant-matrix cases for the instruments app's routes (see tests/matrix.py)."""

from koers.core.roles import Role
from koers.instruments.services import administration_start
from koers.instruments.tests.factories import (
    FULL_ANSWERS,
    citizen_actor,
    completed_administration,
    load_definition,
    person_of,
    share_results_with,
)
from tests.matrix import RouteCase


def _citizen(world):
    return world.user(Role.CITIZEN)


def my_open_administration(world):
    version = load_definition()
    administration = administration_start(
        actor=citizen_actor(_citizen(world)), version_id=version.id
    )
    return {"administration_id": administration.id, "page": 1}


def my_completed_administration(world):
    version = load_definition()
    administration = completed_administration(citizen_actor(_citizen(world)), version, FULL_ANSWERS)
    return {"administration_id": administration.id}


def _practitioner_actor(world):
    from koers.organisations.selectors import actor_for_user

    return actor_for_user(user=world.user(Role.PRACTITIONER), membership_id=None)[0]


def shared_person(world):
    """A citizen who shared their questionnaire results with world.org."""
    share_results_with(_citizen(world), world.org)
    return {"person_id": person_of(_citizen(world)).id}


def staff_open_administration(world):
    person_id = shared_person(world)["person_id"]
    version = load_definition()
    administration = administration_start(
        actor=_practitioner_actor(world), version_id=version.id, person_id=person_id
    )
    return {"administration_id": administration.id, "page": 1}


def staff_completed_administration(world):
    person_id = shared_person(world)["person_id"]
    version = load_definition()
    administration = completed_administration(
        _practitioner_actor(world), version, FULL_ANSWERS, person_id=person_id, occasion="pre"
    )
    return {"administration_id": administration.id}


def version_to_start(world, user):
    return {"version": load_definition().id}


def version_and_occasion(world, user):
    return {"version": load_definition().id, "occasion": "pre"}


ROUTE_CASES = [
    RouteCase("my_questionnaire_start", method="post", data=version_to_start),
    RouteCase("my_questionnaire_page", kwargs=my_open_administration),
    RouteCase("my_questionnaire_result", kwargs=my_completed_administration),
    RouteCase("questionnaire_person_results", kwargs=shared_person),
    RouteCase(
        "questionnaire_staff_start", kwargs=shared_person, method="post", data=version_and_occasion
    ),
    RouteCase("questionnaire_staff_page", kwargs=staff_open_administration),
    RouteCase("questionnaire_result", kwargs=staff_completed_administration),
]
