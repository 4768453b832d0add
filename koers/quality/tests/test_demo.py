"""The quality demo: frameworks, indicators and a self-evaluation in progress per provider."""

from __future__ import annotations

from koers.quality.demo import quality_demo
from koers.quality.models import (
    CriterionResult,
    Framework,
    ImprovementAction,
    IndicatorSnapshot,
    SelfEvaluation,
)
from koers.quality.tests.fixtures import YEAR, build_practice


def test_quality_demo_starts_a_self_evaluation_per_provider_and_is_idempotent(world):
    # given
    build_practice(world)
    names = [world.org.name, world.other_org.name, "No such provider"]

    # when
    first = quality_demo(organisation_names=names, period=YEAR)
    again = quality_demo(organisation_names=names, period=YEAR)

    # then
    assert first["frameworks"] == again["frameworks"] == 2
    assert (first["self_evaluations"], first["actions"]) == (2, 2)
    assert (again["self_evaluations"], again["actions"]) == (0, 0)
    assert Framework.objects.filter(is_current=True).count() == 2
    assert set(SelfEvaluation.objects.values_list("organisation_id", "status")) == {
        (world.org.id, "in_progress"),
        (world.other_org.id, "in_progress"),
    }
    assert (
        IndicatorSnapshot.objects.filter(
            organisation=world.org, period=str(YEAR), indicator="SP5C", breakdown=""
        )
        .get()
        .value
        == 50.0
    )
    answered = CriterionResult.objects.filter(organisation=world.org).exclude(answer="")
    assert sorted(answered.values_list("criterion_key", "met")) == [
        ("P1.3", False),
        ("P9.1", True),
    ]
    assert (
        ImprovementAction.objects.filter(organisation=world.org)
        .get()
        .criterion_result.criterion_key
        == "P6.2"
    )
