from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from koers.core.roles import Role
from koers.quality import selectors
from koers.quality.engine import snapshots_compute
from koers.quality.models import IndicatorSnapshot
from koers.quality.selectors import GroupRow
from koers.quality.tests.fixtures import PERIOD, build_practice


@pytest.fixture
def computed(world):
    build_practice(world)
    snapshots_compute(period=PERIOD, organisation_ids=[world.org.id])


def test_small_groups_are_hidden_by_default(computed, world, actor_for):
    rows = selectors.indicator_breakdown(
        actor=actor_for(world.user(Role.SERVICE_MANAGER)),
        code="SP6",
        period=PERIOD,
        breakdown="gender",
    )
    # every group has fewer than 10 people: nothing may be shown
    assert rows == [
        GroupRow("man", None, None, None),
        GroupRow("unknown", None, None, None),
        GroupRow("woman", None, None, None),
    ]


def test_groups_above_the_minimum_are_shown(computed, world, actor_for):
    rows = selectors.indicator_breakdown(
        actor=actor_for(world.user(Role.SERVICE_MANAGER)),
        code="SP6",
        period=PERIOD,
        breakdown="gender",
        minimum=1,
    )
    assert [(r.group, r.numerator, r.denominator, r.value) for r in rows] == [
        ("man", 1, 1, 100.0),
        ("unknown", 0, 1, 0.0),
        ("woman", 1, 2, 50.0),
    ]


def test_a_single_small_group_takes_a_complement_with_it(computed, world, actor_for):
    # with a minimum of 2, only "man" (1 in, 0 out) and "unknown" (0 in, 1 out) are small;
    # "woman" (1 in, 1 out) is small too, so everything goes - the rule holds either way
    rows = selectors.indicator_breakdown(
        actor=actor_for(world.user(Role.SERVICE_MANAGER)),
        code="SP1",
        period=PERIOD,
        breakdown="age_band",
        minimum=2,
    )
    shown = {r.group: r.numerator for r in rows if not r.hidden}
    # age bands 0-17 (1), 25-44 (2), 65+ (1): two small bands hide each other, 25-44 stays
    assert shown == {"25-44": 2}


def test_practitioners_may_not_read_quality_figures(world, actor_for):
    with pytest.raises(PermissionDenied):
        selectors.snapshot_list(actor=actor_for(world.user(Role.PRACTITIONER)), period=PERIOD)


def test_snapshot_list_is_own_organisation_only(computed, world, actor_for):
    snapshots_compute(period=PERIOD, organisation_ids=None)
    rows = selectors.snapshot_list(actor=actor_for(world.user(Role.SERVICE_MANAGER)), period=PERIOD)
    assert {r.organisation_id for r in rows} == {world.org.id}
    assert len(rows) == 24


def test_command_recomputes_through_the_task(world):
    call_command("compute_indicators", "--organisation", str(world.org.id), "--period", "2001")
    assert IndicatorSnapshot.objects.filter(organisation=world.org, period="2001").count() == 24


def test_command_refuses_a_bad_period(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="a year such as 2026"):
        call_command("compute_indicators", "--period", "soon")
