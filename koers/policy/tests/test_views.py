"""Pages: public publications without login, drafts never public, query counts of lists."""

import pytest
from django.urls import reverse

from koers.delivery.tests.factories import actor as actor_of
from koers.policy.services import goals, publications
from koers.policy.tests.snapshots import RATE, rate_with_gender

pytestmark = pytest.mark.django_db


def published(world, n=1):
    rate_with_gender(world.org, {"woman": (30, 50), "man": (25, 40)})
    analyst = actor_of(world.users["policy_analyst"])
    found = []
    for index in range(n):
        draft = publications.publication_create(
            actor=analyst,
            title=f"Monitor {index}",
            summary="Kerncijfers.",
            period="2026",
            indicators=[RATE],
            breakdowns=["gender"],
        )
        found.append(publications.publication_publish(actor=analyst, publication_id=draft.id))
    return found


def test_public_pages_need_no_login_and_drafts_stay_hidden(world, client):
    # given
    [publication] = published(world)
    draft = publications.publication_create(
        actor=actor_of(world.users["policy_analyst"]),
        title="Nog geheim",
        summary="",
        period="2026",
        indicators=[RATE],
    )
    # when
    index = client.get(reverse("policy_publication_index"))
    page = client.get(reverse("policy_publication_public", args=[publication.id]))
    package = client.get(reverse("policy_publication_package", args=[publication.id]))
    feed = client.get(reverse("policy_publication_feed"))
    hidden = client.get(reverse("policy_publication_public", args=[draft.id]))
    hidden_package = client.get(reverse("policy_publication_package", args=[draft.id]))
    # then
    assert index.status_code == page.status_code == package.status_code == feed.status_code == 200
    assert "Monitor 0" in index.content.decode() and "Nog geheim" not in index.content.decode()
    assert package["Content-Type"] == "application/zip"
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"<entry>" in feed.content and b"Nog geheim" not in feed.content
    assert (hidden.status_code, hidden_package.status_code) == (404, 404)


def test_what_works_page_is_public_and_shows_the_seeded_library(client, db):
    response = client.get(reverse("policy_evidence_index"))
    assert response.status_code == 200
    assert "Brown, S. D., &amp; Ryan Krane, N. E. (2000)" in response.content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_public_index_query_count_does_not_grow(world, client, django_assert_num_queries, n):
    published(world, n)
    with django_assert_num_queries(1):
        client.get(reverse("policy_publication_index"))


def _goal_list_queries(world, n, django_assert_max_num_queries, client):
    analyst = actor_of(world.users["policy_analyst"])
    for index in range(n):
        goals.goal_create(actor=analyst, title=f"Doel {index}", rationale="Omdat.")
    client.force_login(world.users["policy_analyst"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("policy_goal_list")).status_code == 200
    return len(captured)


def test_goal_list_query_count_is_the_same_for_1_and_5(
    world, client, django_assert_max_num_queries
):
    one = _goal_list_queries(world, 1, django_assert_max_num_queries, client)
    five = _goal_list_queries(world, 4, django_assert_max_num_queries, client)
    assert one == five


def test_analyst_follows_a_goal_through_the_pages_in_dutch(world, client):
    # given
    from koers.policy.tests.snapshots import snapshot

    snapshot(world.org, num=30, den=50)
    client.force_login(world.users["policy_analyst"])
    headers = {"HTTP_ACCEPT_LANGUAGE": "nl"}
    # when: create, add a target, move through the phases, review
    created = client.post(
        reverse("policy_goal_list"),
        {"title": "Vervolgmeting voor iedereen", "rationale": "Omdat."},
        **headers,
    )
    goal_url = created["Location"]
    goal_id = int(goal_url.rstrip("/").split("/")[-1])
    client.post(
        reverse("policy_goal_target_add", args=[goal_id]),
        {
            "indicator": RATE,
            "baseline": "40",
            "baseline_period": "2025",
            "target_value": "80",
            "deadline": "2027-12-31",
        },
    )
    for _ in range(3):
        client.post(reverse("policy_goal_advance", args=[goal_id]))
    page = client.get(goal_url, **headers).content.decode()
    reviewed = client.post(
        reverse("policy_goal_review", args=[goal_id]),
        {"outcome": "adjust", "reasons": "Meer aanbieders."},
    )
    # then
    assert "Streefwaarden en voortgang" in page
    assert "Nulmeting 40,0 (2025)" in page
    assert "Besluit vastleggen en cyclus afsluiten" in page
    assert reviewed.status_code == 302 and reviewed["Location"] != goal_url


def test_provider_issues_a_voucher_and_reads_the_reasons(world, client):
    # given
    from koers.policy.tests import factories as f

    person, _ = f.client(world)
    scheme = f.scheme(world)
    client.force_login(world.users["practitioner"])
    # when
    issued = client.post(
        reverse("policy_voucher_issue", args=[scheme.id]), {"person_reference": person.reference}
    )
    page = client.get(issued["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then
    assert "/policy/vouchers/" in issued["Location"]
    assert "Age in years is" in page and "must be at least 25: met." in page
