"""Services: versioned plans, studies from uploaded data, outcome imports with rejected rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from koers.core.models import AuditEvent
from koers.core.roles import Role
from koers.evaluation import services
from koers.evaluation.analysis import AnalysisSpec
from koers.evaluation.models import (
    Design,
    EstimateKind,
    EvaluationPlan,
    OutcomeImport,
    OutcomeRecord,
    Study,
)
from koers.evaluation.stats.evidence import Design as StatsDesign
from koers.evaluation.tests.factories import csv_bytes, planted_dataset
from koers.people.tests.factories import PersonFactory, RecordShareFactory

OUTCOMES = [
    {"term": "short", "outcome": "Clear goals", "indicator": "CMS score", "time_points": "0, 3"},
    {"term": "long", "outcome": "Work", "indicator": "employment", "time_points": "12 months"},
]


def make_plan(actor, **overrides):
    fields = {
        "title": "Group programme",
        "design": Design.MATCHED,
        "inputs": "Two practitioners",
        "activities": "Six sessions",
        "outputs": "Action plans",
        "outcomes": OUTCOMES,
        "design_justification": "People who were not invited form the comparison group.",
    }
    return services.plan_create(actor=actor, **{**fields, **overrides})


def test_a_changed_plan_becomes_a_new_version(manager, actor_for):
    # given
    actor = actor_for(manager)
    first = make_plan(actor)
    # when
    second = services.plan_revise(
        actor=actor,
        plan_id=first.id,
        title="Group programme",
        design=Design.RANDOMISED,
        outcomes=OUTCOMES,
        inputs="Two practitioners",
        activities="Six sessions",
        outputs="Action plans",
        design_justification="We can randomise the waiting list.",
    )
    # then
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert second.series == first.series
    assert first.design == Design.MATCHED  # the old version is unchanged
    assert AuditEvent.objects.filter(object_type="evaluation.evaluationplan").count() == 2


def test_an_unchanged_plan_is_refused(manager, actor_for):
    actor = actor_for(manager)
    plan = make_plan(actor)
    with pytest.raises(ValidationError, match="Nothing has changed"):
        services.plan_revise(
            actor=actor,
            plan_id=plan.id,
            title=plan.title,
            design=Design.MATCHED,
            inputs=plan.inputs,
            activities=plan.activities,
            outputs=plan.outputs,
            outcomes=OUTCOMES,
            design_justification=plan.design_justification,
        )
    assert EvaluationPlan.objects.count() == 1


def test_plan_outcomes_are_validated(manager, actor_for):
    with pytest.raises(ValidationError, match="Outcome 1 needs an outcome"):
        make_plan(actor_for(manager), outcomes=[{"term": "short", "outcome": "x"}])
    assert EvaluationPlan.objects.count() == 0


def test_other_roles_and_organisations_cannot_touch_plans(world, manager, practitioner, actor_for):
    with pytest.raises(PermissionDenied):
        make_plan(actor_for(practitioner))
    plan = make_plan(actor_for(world.user(Role.SERVICE_MANAGER, other=True)))
    with pytest.raises(Http404):
        services.plan_revise(
            actor=actor_for(manager), plan_id=plan.id, title="x", design=Design.NAIVE
        )
    assert EvaluationPlan.objects.get().version == 1


def test_study_run_stores_the_study_with_adjusted_and_naive_estimates(manager, actor_for):
    # given
    actor = actor_for(manager)
    plan = make_plan(actor)
    spec = AnalysisSpec(
        design=StatsDesign.MATCHED,
        outcome="income",
        treatment="joined",
        covariates=["age_z", "women"],
        seed=1,
        n_bootstrap=200,
    )
    # when
    study = services.study_run(
        actor=actor,
        title="Programme 2025",
        data=planted_dataset(),
        filename="extract.csv",
        spec=spec,
        plan_id=plan.id,
    )
    # then
    estimates = {e.kind: e for e in study.estimates.all()}
    adjusted, naive = estimates[EstimateKind.ADJUSTED], estimates[EstimateKind.NAIVE]
    assert adjusted.ci_low is not None
    assert adjusted.ci_high is not None
    assert adjusted.ci_low <= 1.0 <= adjusted.ci_high
    assert naive.estimate > 2.0
    assert study.plan == plan
    assert (study.sms_level, study.nesta_level) == (3, 3)
    assert [row["covariate"] for row in study.diagnostics["balance"]] == ["age_z", "women"]
    assert study.specification["covariates"] == ["age_z", "women"]
    assert AuditEvent.objects.filter(
        object_type="evaluation.study", object_id=str(study.id)
    ).exists()


def test_study_run_with_bad_data_saves_nothing(manager, actor_for):
    spec = AnalysisSpec(design=StatsDesign.NAIVE, outcome="income", treatment="joined")
    with pytest.raises(ValidationError, match=r'The column "joined" is not in extract\.csv'):
        services.study_run(
            actor=actor_for(manager),
            title="x",
            data=csv_bytes(["a", "income"], [[1, 2]]),
            filename="extract.csv",
            spec=spec,
        )
    assert Study.objects.count() == 0


IMPORT_HEADER = ["person_reference", "outcome_type", "value", "date", "source"]


def test_import_rejects_the_whole_file_and_names_every_bad_row(manager, actor_for):
    # given two bad rows among good ones
    rows = [
        ["KR-AAAA-AAAA", "employment", "1", "2025-03-31", "UWV"],
        ["KR-BBBB-BBBB", "salary", "2100", "2025-03-31", "UWV"],
        ["KR-CCCC-CCCC", "earnings", "2100.50", "31-03-2025", "UWV"],
        ["", "earnings", "lots", "yesterday", ""],
    ]
    # when
    report = services.outcome_import(
        actor=actor_for(manager), data=csv_bytes(IMPORT_HEADER, rows), filename="uwv.csv"
    )
    # then
    assert report.batch is None
    assert report.imported == 0
    assert [r["line"] for r in report.rejected] == [3, 5]
    assert report.rejected[0]["errors"] == [
        'Unknown outcome type "salary"; use one of employment, earnings, enrolment, '
        "qualification, benefit_receipt."
    ]
    assert len(report.rejected[1]["errors"]) == 4
    assert OutcomeRecord.objects.count() == 0
    assert OutcomeImport.objects.count() == 0


def test_import_keeps_good_rows_when_asked_and_links_visible_people(world, manager, actor_for):
    # given a person who shared their record with the organisation, and one who did not
    shared = RecordShareFactory.create(organisation=world.org).person
    stranger = PersonFactory.create()
    rows = [
        [shared.reference, "employment", "1", "2025-03-31", "UWV"],
        [stranger.reference, "employment", "0", "2025-03-31", "UWV"],
        ["KR-BBBB-BBBB", "salary", "2100", "2025-03-31", "UWV"],
    ]
    # when
    report = services.outcome_import(
        actor=actor_for(manager),
        data=csv_bytes(IMPORT_HEADER, rows, delimiter=";"),
        filename="uwv.csv",
        all_or_nothing=False,
    )
    # then
    assert report.imported == 2
    assert [r["line"] for r in report.rejected] == [4]
    records = OutcomeRecord.objects.order_by("line")
    assert [(r.line, r.person_id, r.import_batch.file_name) for r in records] == [
        (2, shared.id, "uwv.csv"),
        (3, None, "uwv.csv"),
    ]
    assert report.batch is not None
    assert report.batch.rejected_count == 1
    assert report.batch.rejected_rows == report.rejected


def test_import_names_missing_columns(manager, actor_for):
    with pytest.raises(ValidationError, match=r'The column "source" is not in uwv\.csv'):
        services.outcome_import(
            actor=actor_for(manager),
            data=csv_bytes(IMPORT_HEADER[:4], [["a", "employment", "1", "2025-01-01"]]),
            filename="uwv.csv",
        )
