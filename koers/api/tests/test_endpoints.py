"""The domain endpoints: scoping, filters, audited reads, no confidential notes, bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.api.models import TokenScope
from koers.api.tests.factories import bearer, make_token
from koers.core.models import AuditAction, AuditEvent
from koers.core.roles import Role
from koers.delivery.tests.factories import (
    EmployerFactory,
    PersonFactory,
    ServiceFactory,
    activity,
    engagement,
)

SECRET_NOTE = "Vertrouwelijk: zorgen over thuissituatie"


def caseload(world, count):
    practitioner = world.user(Role.PRACTITIONER)
    return [engagement(practitioner) for _ in range(count)]


def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize("url", ["/api/v1/persons/", "/api/v1/engagements/", "/api/v1/employers/"])
def test_list_endpoints_run_the_same_queries_for_1_and_5_rows(client, world, url):
    # given a token, and one row of each kind
    _token, secret = make_token(world)
    ServiceFactory.create(organisation=world.org)
    caseload(world, 1)
    EmployerFactory.create(organisation=world.org)
    client.get(url, **bearer(secret))  # warm-up: last_used_at is written once a minute
    one, first = count_queries(client, url, **bearer(secret))
    # when there are five
    caseload(world, 4)
    EmployerFactory.create_batch(4, organisation=world.org)
    five, second = count_queries(client, url, **bearer(secret))
    # then
    assert len(first["results"]) == 1
    assert len(second["results"]) == 5
    assert five == one


@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/memberships/"])
def test_organisation_lists_run_a_fixed_number_of_queries(client, world, manager, url):
    client.force_login(manager)
    client.get(url)
    one, _ = count_queries(client, url)
    for number in range(4):
        from tests.world import make_user

        make_user(f"extra{number}@org.test", role=Role.PRACTITIONER, organisation=world.org)
    five, _ = count_queries(client, url)
    assert five == one


def test_activities_never_carry_the_confidential_note(client, world):
    # given an activity with a confidential note, logged by the assigned practitioner
    practitioner = world.user(Role.PRACTITIONER)
    opened = engagement(practitioner)
    activity(practitioner, opened, note=SECRET_NOTE)
    # when even that practitioner, and a read-write token, ask for the activities
    client.force_login(practitioner)
    as_practitioner = client.get(f"/api/v1/engagements/{opened.id}/activities/")
    client.logout()
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    as_token = client.get(f"/api/v1/engagements/{opened.id}/activities/", **bearer(secret))
    # then the activity is there, the note is not
    for response in (as_practitioner, as_token):
        assert response.status_code == 200
        body = response.content.decode()
        assert len(response.json()) == 1
        assert SECRET_NOTE not in body
        assert "note" not in body


def test_a_token_sees_all_of_its_organisations_engagements_and_none_of_others(client, world):
    # given two engagements here and one at the other organisation
    mine = caseload(world, 2)
    engagement(world.user(Role.PRACTITIONER, other=True))
    _token, secret = make_token(world)
    # when
    response = client.get("/api/v1/engagements/", **bearer(secret))
    # then
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(e.id for e in mine)


def test_another_organisations_engagement_is_404(client, world):
    theirs = engagement(world.user(Role.PRACTITIONER, other=True))
    _token, secret = make_token(world)
    for url in (
        f"/api/v1/engagements/{theirs.id}/",
        f"/api/v1/engagements/{theirs.id}/activities/",
    ):
        response = client.get(url, **bearer(secret))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_engagement_filters_by_status_and_start_date(client, world):
    # given one old ended and one recent open engagement
    practitioner = world.user(Role.PRACTITIONER)
    today = timezone.localdate()
    old = engagement(practitioner, started_on=today - dt.timedelta(days=60))
    recent = engagement(practitioner, started_on=today - dt.timedelta(days=2))
    type(old).objects.filter(id=old.id).update(
        ended_on=today - dt.timedelta(days=1), end_reason="goal_reached"
    )
    client.force_login(world.user(Role.SERVICE_MANAGER))

    def ids(query):
        return [row["id"] for row in client.get(f"/api/v1/engagements/?{query}").json()["results"]]

    # when / then
    assert ids("status=open") == [recent.id]
    assert ids("status=ended") == [old.id]
    assert ids("") == [recent.id, old.id]
    assert ids(f"started_from={today - dt.timedelta(days=10)}") == [recent.id]
    assert ids(f"started_until={today - dt.timedelta(days=10)}") == [old.id]


def test_a_bad_filter_is_a_400_naming_the_field(client, world, manager):
    client.force_login(manager)
    response = client.get("/api/v1/engagements/?started_from=31-01-2026&status=x")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"status"} or set(response.json()["fields"]) == {
        "started_from"
    }


def test_persons_sync_incrementally_with_updated_since(client, world):
    # given two clients, one changed a while ago
    practitioner = world.user(Role.PRACTITIONER)
    early = engagement(practitioner).person
    late = engagement(practitioner).person
    type(early).objects.filter(id=early.id).update(updated_at=timezone.now() - dt.timedelta(days=3))
    _token, secret = make_token(world)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    # when
    response = client.get("/api/v1/persons/", {"updated_since": since}, **bearer(secret))
    # then
    assert [row["id"] for row in response.json()["results"]] == [late.id]
    bad = client.get("/api/v1/persons/?updated_since=yesterday", **bearer(secret))
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == ["updated_since"]


def test_reading_a_person_through_the_api_is_audited_as_the_token(client, world):
    # given
    person = engagement(world.user(Role.PRACTITIONER)).person
    token, secret = make_token(world)
    # when
    client.get(f"/api/v1/persons/{person.id}/", **bearer(secret))
    client.get(f"/api/v1/persons/{person.id}/life-statuses/", **bearer(secret))
    # then
    reads = AuditEvent.objects.filter(action=AuditAction.READ, person_id=person.id)
    assert (
        list(reads.values_list("actor_email", "actor_role", "organisation_id"))
        == [(f"api-token:{token.prefix}", "service_manager", world.org.id)] * 2
    )


def test_a_person_without_engagement_here_is_404(client, world):
    stranger = PersonFactory.create()
    _token, secret = make_token(world)
    response = client.get(f"/api/v1/persons/{stranger.id}/", **bearer(secret))
    assert response.status_code == 404


def test_cursor_pagination_walks_every_row_once(client, world):
    caseload(world, 5)
    _token, secret = make_token(world)
    seen = []
    url = "/api/v1/engagements/?page_size=2"
    while url:
        page = client.get(url, **bearer(secret)).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == 5
    assert len(set(seen)) == 5
