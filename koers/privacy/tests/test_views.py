"""The privacy pages: health check, processing register, erasure review, retention, extracts."""

import json

from django.test import Client
from django.urls import reverse

from koers.people.models import ErasureStatus, Person
from koers.privacy.tests.factories import citizen_with_record, erasure_request


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_healthz_answers_json_without_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert "no-cache" in response["Cache-Control"]


def test_the_processing_register_is_public_and_lists_the_person_record(db):
    response = Client().get(reverse("processing_register"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Equity monitoring" in content
    assert "9(2)(a)" in content


def test_the_manager_approves_an_erasure_on_the_page(world, citizen, practitioner, manager):
    # given a request about a person of the organisation
    person, _engagement_id = citizen_with_record(citizen, practitioner)
    request = erasure_request(citizen)
    client = logged_in(manager)
    # the list links to the review
    listing = client.get(reverse("erasure_request_list"))
    assert reverse("erasure_request_review", args=[request.id]) in listing.content.decode()
    # a decision without a reason is refused and changes nothing
    url = reverse("erasure_request_review", args=[request.id])
    refused = client.post(url, {"decision": "approved", "reason": ""})
    assert refused.status_code == 400
    assert Person.objects.get(id=person.id).given_name == person.given_name
    # when approved with a reason
    done = client.post(url, {"decision": "approved", "reason": "Geen bewaarplicht."})
    # then the person is erased and the request completed
    assert done.status_code == 302
    assert Person.objects.get(id=person.id).given_name == ""
    request.refresh_from_db()
    assert request.status == ErasureStatus.COMPLETED


def test_the_erasure_list_has_a_bounded_number_of_queries(
    world, citizen, practitioner, manager, django_assert_max_num_queries
):
    citizen_with_record(citizen, practitioner)
    erasure_request(citizen)
    client = logged_in(manager)
    client.get(reverse("erasure_request_list"))  # warm up the session
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("erasure_request_list"))
    from koers.core.roles import Role
    from tests.world import make_user

    for n in range(4):
        other = make_user(f"c{n}@burger.test", role=Role.CITIZEN, organisation=None)
        citizen_with_record(other, practitioner)
        erasure_request(other)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("erasure_request_list"))
    assert response.content.decode().count("/privacy/erasure/") >= 5


def test_the_citizen_erases_self_held_data_on_the_page(world, citizen):
    from koers.delivery.tests.factories import actor
    from koers.people import services as people

    person = people.person_register_self(actor=actor(citizen))
    request = erasure_request(citizen)
    client = logged_in(citizen)
    page = client.get(reverse("erasure_own"))
    assert page.status_code == 200
    response = client.post(reverse("erasure_own"), {"request": request.id})
    assert response.status_code == 302
    assert Person.objects.get(id=person.id).given_name == ""


def test_retention_page_sets_a_rule_and_shows_the_preview(world, manager):
    client = logged_in(manager)
    response = client.post(reverse("retention"), {"record_type": "ended_engagement", "years": "7"})
    assert response.status_code == 302
    page = client.get(reverse("retention"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Ended guidance trajectories" in page.content.decode()
    bad = client.post(reverse("retention"), {"record_type": "ended_engagement", "years": "0"})
    assert bad.status_code == 400


def test_extract_list_page(world, org_admin):
    assert logged_in(org_admin).get(reverse("extract_list")).status_code == 200
