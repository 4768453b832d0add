"""Goals through the cycle with monitoring; costs and the cost-benefit model."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.delivery.tests.factories import actor as actor_of
from koers.policy import costbenefit
from koers.policy.models import CostKind, Phase, ReviewOutcome, Target
from koers.policy.selectors.goals import goal_get, goal_monitor
from koers.policy.services import costs, goals
from koers.policy.tests.snapshots import RATE, provider, snapshot

pytestmark = pytest.mark.django_db


def a_goal(world):
    analyst = actor_of(world.users["policy_analyst"])
    goal = goals.goal_create(
        actor=analyst,
        title="Iedereen krijgt een vervolgmeting",
        rationale="Wat werkt, weten we pas achteraf.",
        organisation_ids=[world.org.id],
    )
    return analyst, goal


def test_a_target_without_baseline_is_refused_and_nothing_stored(world):
    analyst, goal = a_goal(world)
    with pytest.raises(ValidationError) as raised:
        goals.target_add(
            actor=analyst,
            goal_id=goal.id,
            indicator=RATE,
            baseline=None,
            baseline_period="2025",
            target_value=80,
            deadline=dt.date(2027, 12, 31),
        )
    assert raised.value.message_dict == {
        "baseline": ["A target needs a baseline: where do we stand now?"]
    }
    assert not Target.objects.exists()


def test_a_goal_follows_the_whole_cycle_into_a_new_one(world):
    # given
    analyst, goal = a_goal(world)
    with pytest.raises(ValidationError, match="at least one target"):
        goals.goal_advance(actor=analyst, goal_id=goal.id)
    goals.target_add(
        actor=analyst,
        goal_id=goal.id,
        indicator=RATE,
        baseline=50,
        baseline_period="2025",
        target_value=80,
        deadline=dt.date(2027, 12, 31),
    )
    # when
    phases = [goals.goal_advance(actor=analyst, goal_id=goal.id).phase for _ in range(3)]
    _decision, following = goals.goal_review(
        actor=analyst,
        goal_id=goal.id,
        outcome=ReviewOutcome.ADJUST,
        reasons="Halverwege; meer aanbieders.",
    )
    # then
    assert phases == [Phase.IMPLEMENT, Phase.MONITOR, Phase.REVIEW]
    goal.refresh_from_db()
    assert goal.closed_on is not None
    assert following is not None
    assert (following.cycle, following.phase, following.previous_id) == (2, Phase.DEVELOP, goal.id)
    assert list(following.targets.values_list("indicator", "baseline")) == [(RATE, 50.0)]
    assert list(following.organisations.all()) == [world.org]
    with pytest.raises(ValidationError):
        goals.goal_review(actor=analyst, goal_id=goal.id, outcome=ReviewOutcome.STOP, reasons="x")


def test_monitor_compares_providers_only_where_each_has_enough_people(world):
    # given: three providers, the third with only 4 people
    analyst, goal = a_goal(world)
    second, small = provider(world, "Tweede"), provider(world, "Klein")
    for org, (num, den) in {world.org: (30, 50), second: (20, 40), small: (1, 4)}.items():
        snapshot(org, num=num, den=den)
    snapshot(world.org, period="2025", num=20, den=50)
    goals.target_add(
        actor=analyst,
        goal_id=goal.id,
        indicator=RATE,
        baseline=40,
        baseline_period="2025",
        target_value=80,
        deadline=dt.date(2027, 12, 31),
    )
    # when
    [progress] = goal_monitor(actor=analyst, goal=goal_get(actor=analyst, goal_id=goal.id))
    # then
    assert progress.period == "2026"
    assert progress.region is not None and progress.by_organisation is not None
    assert progress.region.total.value == pytest.approx(54.26, abs=0.01)  # 51 of 94
    by_org = {row.group: row.value for row in progress.by_organisation.groups}
    assert by_org["Klein"] is None
    # secondary suppression: with 'Klein' hidden, one more provider must go too
    assert sum(value is None for value in by_org.values()) >= 2
    assert progress.trend == [("2025", 40.0), ("2026", pytest.approx(54.26, abs=0.01))]
    assert progress.progress == pytest.approx(35.65, abs=0.1)


def test_cost_per_person_hour_and_outcome(world):
    # given
    from koers.policy.tests import factories as f

    _person, engagement = f.client(world)
    f.activity(world, engagement, days_ago=2, minutes=90)
    manager = actor_of(world.users["service_manager"])
    year = engagement.started_on.year
    costs.cost_record_add(
        actor=manager, year=year, kind=CostKind.BUDGET, description="Huur", amount=Decimal(300)
    )
    record = costs.cost_record_add(
        actor=manager,
        year=year,
        kind=CostKind.STAFF,
        description="Begeleiding",
        hours=Decimal(10),
        rate=Decimal(60),
    )
    # when
    summary = costs.cost_summary(actor=manager, year=year)
    # then
    assert record.amount == Decimal("600.00")
    assert (summary.total, summary.people, summary.activity_hours) == (
        Decimal("900.00"),
        1,
        Decimal("1.5"),
    )
    assert (summary.per_person, summary.per_activity_hour, summary.per_positive_outcome) == (
        Decimal("900.00"),
        Decimal("600.00"),
        None,
    )


def test_staff_cost_needs_hours_and_rate(world):
    with pytest.raises(ValidationError) as raised:
        costs.cost_record_add(
            actor=actor_of(world.users["service_manager"]),
            year=2026,
            kind=CostKind.STAFF,
            description="x",
        )
    assert "hours" in raised.value.message_dict


def test_cost_benefit_model_by_hand():
    # given: 100 people, € 500 each; 10% more in work, 20% deadweight, € 10 000 a year, 2 years
    assumptions = {
        "participants": 100,
        "cost_per_participant": 500,
        "effect": 0.1,
        "yearly_gain": 10000,
        "years": 2,
        "discount_rate": 0.0,
        "deadweight": 0.2,
    }
    # when
    result = costbenefit.compute(assumptions)
    # then: benefit = 100 x 0.1 x 0.8 x 10 000 x 2 = 160 000; cost 50 000
    assert (result.cost, result.benefit, result.net, result.ratio) == (50000, 160000, 110000, 3.2)
    table = dict(costbenefit.sensitivity(assumptions))
    assert table["effect"] == [1.6, 2.4, 3.2, 4.0, 4.8]
    assert table["cost_per_participant"][2] == 3.2
    assert costbenefit.check({**assumptions, "deadweight": 1.5}) == ["deadweight"]


def test_policy_demo_builds_a_goal_a_scheme_and_a_publication(world):
    # given
    from koers.policy.demo import policy_demo
    from koers.policy.models import PolicyGoal, Publication

    snapshot(world.org, num=30, den=50)
    # when
    made = policy_demo(region=world.region, year=2026)
    # then
    goal = PolicyGoal.objects.get(id=made["goal"] or 0)
    assert (goal.phase, goal.targets.get(indicator=RATE).baseline) == (Phase.IMPLEMENT, 60.0)
    assert Publication.objects.get(id=made["publication"] or 0).status == "published"
