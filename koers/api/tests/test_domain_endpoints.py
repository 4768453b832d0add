"""The read endpoints over delivery, instruments, career information, evaluation and quality:
bounded queries, scoping (another organisation's row is 404), filters, and no confidential
notes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.api.tests.factories import (
    a_participation,
    a_profile,
    a_referral,
    a_step,
    a_study,
    an_administration,
    bearer,
    make_token,
    practitioner_actor,
)
from koers.core.models import AuditAction, AuditEvent
from koers.core.roles import Role
from koers.delivery.tests.factories import OpportunityFactory, activity, engagement
from koers.quality.models import IndicatorSnapshot
from tests.world import make_user

SECRET_NOTE = "Vertrouwelijk: zorgen over de thuissituatie"


def extra_profile(world, number):
    from koers.delivery import services
    from koers.organisations.selectors import actor_for_user

    user = make_user(f"extra{number}@org.test", role=Role.PRACTITIONER, organisation=world.org)
    return services.practitioner_register_update(
        actor=actor_for_user(user=user, membership_id=None)[0],
        register_name="Noloc",
        register_number=str(number),
        register_renewal_on=None,
    )


def snapshot(world, number):
    return IndicatorSnapshot.objects.create(
        organisation=world.org,
        indicator=f"X{number}",
        period="2026",
        value=0.5,
        numerator=10,
        denominator=20,
        definition_version=1,
        computed_at=timezone.now(),
    )


def an_occupation(world, number):
    from koers.careerinfo.tests.factories import occupation_with_labels

    return occupation_with_labels(f"Developer {number}", f"Ontwikkelaar {number}")


BUILDERS = {
    "/api/v1/steps/": lambda world, n: a_step(world),
    "/api/v1/referrals/": lambda world, n: a_referral(world),
    "/api/v1/participations/": lambda world, n: a_participation(world),
    "/api/v1/opportunities/": lambda world, n: OpportunityFactory.create(organisation=world.org),
    "/api/v1/practitioner-profiles/": extra_profile,
    "/api/v1/administrations/": lambda world, n: an_administration(world),
    "/api/v1/studies/": lambda world, n: a_study(world),
    "/api/v1/indicator-snapshots/?period=2026": snapshot,
    "/api/v1/occupations/": an_occupation,
}


def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize("url", list(BUILDERS))
def test_each_list_runs_the_same_queries_for_1_and_5_rows(client, world, url):
    # given a token and one row
    build = BUILDERS[url]
    _token, secret = make_token(world)
    build(world, 0)
    client.get(url, **bearer(secret))  # warm-up: last_used_at is written once a minute
    one, first = count_queries(client, url, **bearer(secret))
    # when there are five
    for number in range(1, 5):
        build(world, number)
    five, second = count_queries(client, url, **bearer(secret))
    # then
    assert len(first["results"]) == 1
    assert len(second["results"]) == 5
    assert five == one


DETAILS = {
    "steps": a_step,
    "referrals": a_referral,
    "participations": a_participation,
    "practitioner-profiles": a_profile,
    "administrations": an_administration,
    "studies": a_study,
}


@pytest.mark.parametrize("collection", list(DETAILS))
def test_another_organisations_row_is_404_and_absent_from_the_list(client, world, collection):
    # given a row of the other organisation, and a token of this one
    theirs = DETAILS[collection](world, other=True)
    _token, secret = make_token(world)
    # when
    detail = client.get(f"/api/v1/{collection}/{theirs.id}/", **bearer(secret))
    listed = client.get(f"/api/v1/{collection}/", **bearer(secret))
    # then
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    assert listed.json()["results"] == []


def test_another_organisations_opportunity_and_action_plan_are_404(client, world):
    step = a_step(world, other=True)
    opportunity = a_participation(world, other=True).opportunity_id
    _token, secret = make_token(world)
    for url in (
        f"/api/v1/opportunities/{opportunity}/",
        f"/api/v1/engagements/{step.goal.plan.engagement_id}/action-plan/",
    ):
        assert client.get(url, **bearer(secret)).status_code == 404


def test_no_endpoint_about_an_engagement_carries_its_confidential_note(client, world):
    # given an engagement with a goal, a referral, a place and an activity with a secret note
    practitioner = world.user(Role.PRACTITIONER)
    step = a_step(world)
    opened = step.goal.plan.engagement
    activity(practitioner, opened, note=SECRET_NOTE)
    # when the assigned practitioner (who may read it on the page) and a token ask the API
    _token, secret = make_token(world)
    urls = [
        f"/api/v1/engagements/{opened.id}/",
        f"/api/v1/engagements/{opened.id}/activities/",
        f"/api/v1/engagements/{opened.id}/action-plan/",
        "/api/v1/engagements/",
        "/api/v1/steps/",
        f"/api/v1/steps/{step.id}/",
        "/api/v1/referrals/",
        "/api/v1/participations/",
        f"/api/v1/persons/{opened.person_id}/",
    ]
    client.force_login(practitioner)
    as_practitioner = [client.get(url) for url in urls]
    client.logout()
    as_token = [client.get(url, **bearer(secret)) for url in urls]
    # then nothing carries the note
    for response in as_practitioner + as_token:
        assert response.status_code == 200, response.request["PATH_INFO"]
        body = response.content.decode()
        assert SECRET_NOTE not in body
        assert "confidential" not in body


def test_the_action_plan_lists_goals_with_their_steps(client, world, manager):
    step = a_step(world)
    client.force_login(manager)
    response = client.get(f"/api/v1/engagements/{step.goal.plan.engagement_id}/action-plan/")
    assert response.json() == [
        {
            "id": step.goal_id,
            "text": "Een baan in de zorg",
            "life_area": "work",
            "created_at": response.json()[0]["created_at"],
            "steps": [
                {
                    "id": step.id,
                    "goal": step.goal_id,
                    "engagement": step.goal.plan.engagement_id,
                    "text": "Open dag bezoeken",
                    "due_on": None,
                    "status": "open",
                    "version": 1,
                    "updated_at": response.json()[0]["steps"][0]["updated_at"],
                }
            ],
        }
    ]


def test_steps_sync_with_updated_since_and_filter_by_status(client, world):
    # given two steps, one changed days ago
    early, late = a_step(world), a_step(world)
    type(early).objects.filter(id=early.id).update(
        updated_at=timezone.now() - dt.timedelta(days=3), status="done"
    )
    _token, secret = make_token(world)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    def ids(params):
        response = client.get("/api/v1/steps/", params, **bearer(secret))
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    # when / then
    assert ids({"updated_since": since}) == [late.id]
    assert ids({"status": "done"}) == [early.id]
    assert ids({"engagement": late.goal.plan.engagement_id}) == [late.id]
    assert ids({}) == [early.id, late.id]  # oldest change first, for incremental sync


def test_referrals_filter_by_status_and_date(client, world, manager):
    sent = a_referral(world)
    proposed = a_referral(world)
    type(sent).objects.filter(id=sent.id).update(status="sent")
    client.force_login(manager)
    today = timezone.localdate().isoformat()

    def ids(query):
        return [row["id"] for row in client.get(f"/api/v1/referrals/?{query}").json()["results"]]

    assert ids("status=sent") == [sent.id]
    assert ids("") == [proposed.id, sent.id]
    assert ids(f"created_from={today}&created_until={today}") == [proposed.id, sent.id]
    assert ids("created_until=2000-01-01") == []
    bad = client.get("/api/v1/referrals/?status=lost", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert bad.json()["fields"] == {
        "status": ["Choose one of: proposed, sent, accepted, completed, declined, no_response."]
    }


def test_a_practitioner_sees_only_their_own_profile(client, world, practitioner):
    own = a_profile(world)
    extra_profile(world, 9)
    client.force_login(practitioner)
    rows = client.get("/api/v1/practitioner-profiles/").json()["results"]
    assert [row["id"] for row in rows] == [own.id]
    detail = client.get(f"/api/v1/practitioner-profiles/{own.id}/").json()
    assert detail["register_name"] == "Noloc"
    assert detail["qualifications"] == []


def test_reading_a_completion_is_audited_and_shows_its_scores(client, world):
    administration = an_administration(world)
    token, secret = make_token(world)
    response = client.get(f"/api/v1/administrations/{administration.id}/", **bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == administration.person_id
    assert {score["scale_key"] for score in body["scores"]} >= {"a"}
    assert "fine" not in response.content.decode()  # an open answer is never sent
    reads = AuditEvent.objects.filter(
        action=AuditAction.READ, person_id=administration.person_id, actor_email__startswith="api"
    )
    assert list(reads.values_list("actor_email", flat=True)) == [f"api-token:{token.prefix}"]


def test_studies_are_for_service_managers_with_their_estimates(client, world, practitioner):
    study = a_study(world)
    client.force_login(practitioner)
    assert client.get("/api/v1/studies/").status_code == 403
    _token, secret = make_token(world)
    detail = client.get(f"/api/v1/studies/{study.id}/", **bearer(secret)).json()
    assert detail["title"] == "Meeloopdagen en werk na zes maanden"
    assert [(e["kind"], e["estimate"]) for e in detail["estimates"]] == [("adjusted", 0.08)]


def test_indicator_breakdowns_hide_small_groups(client, world):
    # given SP1 in 2026: a large group and a group of three
    now = timezone.now()
    code = "SP1"
    rows = [("", "", 40, 100), ("gender", "female", 30, 97), ("gender", "x", 1, 3)]
    for breakdown, group, numerator, denominator in rows:
        IndicatorSnapshot.objects.create(
            organisation=world.org,
            indicator=code,
            period="2026",
            breakdown=breakdown,
            breakdown_value=group,
            value=numerator / denominator,
            numerator=numerator,
            denominator=denominator,
            definition_version=1,
            computed_at=now,
        )
    _token, secret = make_token(world)
    # when
    response = client.get(
        "/api/v1/indicator-snapshots/breakdowns/",
        {"indicator": code, "period": "2026"},
        **bearer(secret),
    )
    # then the small group shows no numbers, and neither does the one that would reveal it
    assert response.status_code == 200
    groups = response.json()["breakdowns"][0]["groups"]
    assert {g["group"]: g["hidden"] for g in groups} == {"female": True, "x": True}
    assert all(g["numerator"] is None for g in groups)
    totals = client.get("/api/v1/indicator-snapshots/?period=2026", **bearer(secret)).json()
    assert [(row["indicator"], row["numerator"]) for row in totals["results"]] == [(code, 40.0)]


@pytest.mark.parametrize(
    ("query", "field"),
    [("indicator=NOPE", "indicator"), ("indicator=SP1&period=26", "period")],
)
def test_a_bad_indicator_or_period_is_a_400(client, world, manager, query, field):
    client.force_login(manager)
    response = client.get(f"/api/v1/indicator-snapshots/breakdowns/?{query}")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_occupations_are_public_reference_data_in_the_callers_language(client, db):
    from koers.careerinfo.tests.factories import occupation_with_labels

    occupation = occupation_with_labels("Software developer", "Softwareontwikkelaar")
    listed = client.get("/api/v1/occupations/?q=software", HTTP_ACCEPT_LANGUAGE="nl")
    detail = client.get(f"/api/v1/occupations/{occupation.id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert [row["label"] for row in listed.json()["results"]] == ["Softwareontwikkelaar"]
    assert detail.json()["label"] == "Software developer"
    assert client.get("/api/v1/occupations/999999/").status_code == 404


def test_a_practitioner_lists_only_steps_of_their_own_caseload(client, world):
    mine = a_step(world)
    # a step of a colleague's engagement in the same organisation
    colleague = make_user("colleague@org.test", role=Role.PRACTITIONER, organisation=world.org)
    theirs = engagement(colleague)
    from koers.delivery import services
    from koers.delivery.models import LifeArea
    from koers.organisations.selectors import actor_for_user

    colleague_actor = actor_for_user(user=colleague, membership_id=None)[0]
    goal = services.goal_add(
        actor=colleague_actor, engagement_id=theirs.id, text="Werk", life_area=LifeArea.WORK
    )
    services.step_add(actor=colleague_actor, goal_id=goal.id, text="Cv maken")
    client.force_login(world.user(Role.PRACTITIONER))
    rows = client.get("/api/v1/steps/").json()["results"]
    assert [row["id"] for row in rows] == [mine.id]
    assert practitioner_actor(world).role == Role.PRACTITIONER
