"""Setting up follow-up moments: the page, bad input, switching off, query counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.core.roles import Role
from koers.evaluation import services
from koers.evaluation.followups import months_before
from koers.evaluation.models import FollowUpWave
from koers.evaluation.tests.factories import staff_actor


@pytest.fixture
def manager_actor(world):
    return staff_actor(world, Role.SERVICE_MANAGER)


def test_a_new_moment_covers_trajectories_whose_moment_is_still_to_come(world, manager_actor):
    wave = services.follow_up_wave_add(actor=manager_actor, months=6, reminder_after_days=10)
    assert (wave.months, wave.reminder_after_days, wave.is_active) == (6, 10, True)
    assert wave.covers_ended_from == months_before(timezone.localdate(), 6)


@pytest.mark.parametrize(
    ("months", "days", "field"),
    [(0, 14, "months"), (61, 14, "months"), (3, 0, "reminder_after_days")],
)
def test_out_of_range_moments_are_refused(world, manager_actor, months, days, field):
    with pytest.raises(ValidationError) as error:
        services.follow_up_wave_add(actor=manager_actor, months=months, reminder_after_days=days)
    assert field in error.value.message_dict
    assert FollowUpWave.objects.count() == 0


def test_the_same_moment_twice_is_refused(world, manager_actor):
    services.follow_up_wave_add(actor=manager_actor, months=3)
    with pytest.raises(ValidationError) as error:
        services.follow_up_wave_add(actor=manager_actor, months=3)
    assert error.value.message_dict == {"months": ["This moment has already been set up."]}


def test_a_stopped_moment_can_be_switched_on_again_keeping_its_cover_date(world, manager_actor):
    wave = services.follow_up_wave_add(actor=manager_actor, months=3)
    FollowUpWave.objects.filter(id=wave.id).update(covers_ended_from=dt.date(2024, 1, 1))
    services.follow_up_wave_stop(actor=manager_actor, wave_id=wave.id)
    assert FollowUpWave.objects.get(id=wave.id).is_active is False
    again = services.follow_up_wave_add(actor=manager_actor, months=3)
    assert again.id == wave.id and again.is_active
    assert again.covers_ended_from == dt.date(2024, 1, 1)


def test_practitioners_cannot_set_up_moments(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.follow_up_wave_add(actor=staff_actor(world), months=3)


def test_the_page_adds_a_moment_and_shows_errors_in_dutch(client, world):
    client.force_login(world.user(Role.SERVICE_MANAGER))
    url = reverse("evaluation_follow_ups")
    added = client.post(url, {"months": "6", "reminder_after_days": "14"})
    assert added.status_code == 302
    refused = client.post(
        url, {"months": "6", "reminder_after_days": "14"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert refused.status_code == 400
    assert "Dit moment is al ingesteld." in refused.content.decode()
    assert FollowUpWave.objects.count() == 1


def test_the_page_lists_moments_in_constant_queries(client, world, manager_actor):
    client.force_login(world.user(Role.SERVICE_MANAGER))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("evaluation_follow_ups")).status_code == 200
        return len(queries.captured_queries)

    services.follow_up_wave_add(actor=manager_actor, months=1)
    one = count()
    for months in (2, 3, 4, 5):
        services.follow_up_wave_add(actor=manager_actor, months=months)
    assert count() == one
