"""Studies assembled from an organisation's own records, on records with a planted effect."""

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.roles import Role
from koers.evaluation import services
from koers.evaluation.models import EstimateKind, Study
from koers.evaluation.records import matched_table, prepost_table
from koers.evaluation.stats.evidence import Design
from koers.evaluation.tests.factories import planted_records, staff_actor

EFFECT = 0.4


@pytest.fixture
def planted(world):
    return planted_records(world, effect=EFFECT)


@pytest.fixture
def manager_actor(world):
    return staff_actor(world, Role.SERVICE_MANAGER)


def test_the_prepost_table_holds_each_persons_before_and_after(world, planted):
    table = prepost_table(organisation_id=world.org.id)
    assert table.header == ["person", "pre", "post"]
    assert len(table.rows) == 600
    pre = np.array([float(row[1]) for row in table.rows])
    assert pre.mean() == pytest.approx(planted["pre"].mean(), abs=1e-9)


def test_prepost_from_records_estimates_the_mean_change(world, planted, manager_actor):
    # when the manager runs a pre/post study on the records
    study = services.study_run_from_records(
        actor=manager_actor, title="CMS voor en na", design=Design.PREPOST
    )
    # then the estimate is the planted mean change, computed from exactly those scores
    estimate = study.estimates.get(kind=EstimateKind.ADJUSTED)
    assert estimate.estimate == pytest.approx((planted["post"] - planted["pre"]).mean(), abs=1e-9)
    assert estimate.n_treated == 600
    assert study.specification["source"]["source"] == "records"
    assert study.organisation_id == world.org.id


def test_matched_from_records_recovers_the_planted_effect_where_naive_does_not(
    world, planted, manager_actor
):
    table = matched_table(organisation_id=world.org.id, outcome="cms_post")
    assert table.header == ["treated", "outcome", "age", "unemployed", "in_education"]
    study = services.study_run_from_records(
        actor=manager_actor, title="Intensief", design=Design.MATCHED, outcome="cms_post", seed=3
    )
    adjusted = study.estimates.get(kind=EstimateKind.ADJUSTED)
    naive = study.estimates.get(kind=EstimateKind.NAIVE)
    assert adjusted.ci_low is not None and adjusted.ci_high is not None
    assert adjusted.ci_low < EFFECT < adjusted.ci_high
    assert abs(naive.estimate - EFFECT) > 0.3
    # every trajectory is a unit; the matched estimate uses the treated that found a match
    assert naive.n_treated == int(planted["treated"].sum())
    assert naive.n_control == 600 - int(planted["treated"].sum())
    assert 0 < adjusted.n_treated <= naive.n_treated


def test_weighting_from_records_recovers_the_planted_effect(world, planted, manager_actor):
    study = services.study_run_from_records(
        actor=manager_actor, title="Gewogen", design=Design.IPW, outcome="cms_post"
    )
    adjusted = study.estimates.get(kind=EstimateKind.ADJUSTED)
    assert adjusted.ci_low is not None and adjusted.ci_high is not None
    assert adjusted.ci_low < EFFECT < adjusted.ci_high


def test_without_outcomes_nothing_is_stored_and_the_reason_is_given(world, manager_actor):
    with pytest.raises(ValidationError) as error:
        services.study_run_from_records(
            actor=manager_actor, title="Leeg", design=Design.MATCHED, outcome="follow_up_goals"
        )
    assert "at least 5" in str(error.value) or "group" in str(error.value)
    assert Study.objects.count() == 0


def test_records_of_another_organisation_are_not_used(world, planted, actor_for):
    other = actor_for(world.user(Role.SERVICE_MANAGER, other=True))
    with pytest.raises(ValidationError):
        services.study_run_from_records(actor=other, title="Niet van ons", design=Design.PREPOST)


def test_the_form_runs_a_study_from_records(client, world, planted):
    client.force_login(world.user(Role.SERVICE_MANAGER))
    response = client.post(
        reverse("evaluation_study_from_records"),
        {"title": "Voor en na", "design": "prepost", "outcome": "cms_post"},
    )
    study = Study.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation_study_detail", args=[study.id])
