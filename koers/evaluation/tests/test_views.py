"""Pages: plans, studies from an uploaded data set, outcome import; errors and query counts."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.evaluation import services
from koers.evaluation.analysis import AnalysisSpec
from koers.evaluation.models import Design, EvaluationPlan, OutcomeRecord, Study
from koers.evaluation.stats.evidence import Design as StatsDesign
from koers.evaluation.tests.factories import csv_bytes, planted_dataset

PLAN_POST = {
    "title": "Group programme",
    "inputs": "Two practitioners",
    "activities": "Six sessions",
    "outputs": "Action plans",
    "outcomes": (
        "short | Clear goals | CMS score | intake, 3 months\nlong | Work | employment | 12 months"
    ),
    "design": "matched",
    "design_justification": "Not invited form the comparison group.",
}


def test_manager_creates_and_revises_a_plan(client, manager):
    # given
    client.force_login(manager)
    # when
    response = client.post(reverse("evaluation_plan_create"), PLAN_POST)
    plan = EvaluationPlan.objects.get()
    revised = client.post(
        reverse("evaluation_plan_revise", args=[plan.id]), {**PLAN_POST, "design": "randomised"}
    )
    # then
    assert response.status_code == 302
    assert plan.outcomes[1] == {
        "term": "long",
        "outcome": "Work",
        "indicator": "employment",
        "time_points": "12 months",
    }
    latest = EvaluationPlan.objects.get(version=2)
    assert revised.url == reverse("evaluation_plan_detail", args=[latest.id])
    page = client.get(reverse("evaluation_plan_detail", args=[plan.id]))
    assert page.status_code == 200
    assert reverse("evaluation_plan_detail", args=[latest.id]) in page.content.decode()


def test_plan_form_errors_in_dutch_and_english(client, manager):
    client.force_login(manager)
    bad = {**PLAN_POST, "outcomes": "soon | x | y | z"}
    english = client.post(reverse("evaluation_plan_create"), bad, headers={"accept-language": "en"})
    assert english.status_code == 400
    assert "Line 1: the term must be short, medium or long." in english.content.decode()
    client.cookies["django_language"] = "nl"
    dutch = client.post(reverse("evaluation_plan_create"), bad)
    assert "Regel 1: de termijn moet short, medium of long zijn." in dutch.content.decode()
    assert EvaluationPlan.objects.count() == 0


def test_manager_runs_a_study_and_reads_the_report(client, manager):
    # given
    client.force_login(manager)
    upload = SimpleUploadedFile("extract.csv", planted_dataset(), content_type="text/csv")
    # when
    response = client.post(
        reverse("evaluation_study_create"),
        {
            "title": "Programme 2025",
            "design": "matched",
            "dataset": upload,
            "outcome": "income",
            "treatment": "joined",
            "covariates": "age_z, women",
        },
        headers={"accept-language": "en"},
    )
    # then
    study = Study.objects.get()
    assert response.status_code == 302
    page = client.get(response.url, headers={"accept-language": "en"}).content.decode()
    assert "Maryland Scientific Methods Scale: level 3 of 5." in page
    assert "Balance of covariates before and after adjustment" in page
    assert "age_z" in page
    assert study.estimates.count() == 2


def test_a_bad_data_set_shows_the_reason_and_saves_nothing(client, manager):
    client.force_login(manager)
    upload = SimpleUploadedFile("extract.csv", csv_bytes(["t", "y"], [[0, 1], [1, "x"]]))
    response = client.post(
        reverse("evaluation_study_create"),
        {"title": "x", "design": "naive", "dataset": upload, "outcome": "y", "treatment": "t"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "has a value that is not a number on line 3" in response.content.decode()
    assert Study.objects.count() == 0


def test_outcome_import_page_lists_rejected_rows(client, manager):
    client.force_login(manager)
    data = csv_bytes(
        ["person_reference", "outcome_type", "value", "date", "source"],
        [
            ["KR-1", "employment", "1", "2025-01-01", "UWV"],
            ["KR-2", "salary", "1", "2025-01-01", "UWV"],
        ],
    )
    response = client.post(
        reverse("evaluation_outcome_import"),
        {"dataset": SimpleUploadedFile("uwv.csv", data)},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported because 1 row was rejected:" in page
    assert "Unknown outcome type" in page
    assert OutcomeRecord.objects.count() == 0


def _fill(actor, count):
    for i in range(count):
        plan = services.plan_create(
            actor=actor,
            title=f"Plan {i}",
            design=Design.NAIVE,
            outcomes=[{"term": "short", "outcome": "o", "indicator": "i", "time_points": "t"}],
        )
        services.study_run(
            actor=actor,
            title=f"Study {i}",
            plan_id=plan.id,
            filename="d.csv",
            data=csv_bytes(["t", "y"], [[j % 2, j % 5] for j in range(20)]),
            spec=AnalysisSpec(design=StatsDesign.NAIVE, outcome="y", treatment="t"),
        )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_rows(client, manager, actor_for):
    client.force_login(manager)
    actor = actor_for(manager)
    url = reverse("evaluation_home")
    _fill(actor, 1)
    one = _count_queries(client, url)
    _fill(actor, 4)
    five = _count_queries(client, url)
    assert one == five
