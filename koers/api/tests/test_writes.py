"""Writes through the API call the same services as the pages: errors come back in the one
shape, read-only tokens are refused, other organisations' records are 404 and stay unchanged."""

import datetime as dt
import json

from django.utils import timezone

from koers.api.models import TokenScope
from koers.api.tests.factories import a_referral, a_step, bearer, make_token
from koers.core.roles import Role
from koers.delivery.models import ActivityParticipant, Referral, Step
from koers.delivery.tests.factories import ServiceFactory, engagement

SECRET_NOTE = "Vertrouwelijk: slaapt slecht sinds ontslag"


def activity_body(service_id, **changes):
    body = {
        "occurred_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "duration_minutes": 45,
        "service": service_id,
        "attendance": "attended",
        "takeaway": "Twee vacatures bekeken.",
        "confidential_note": SECRET_NOTE,
    }
    return json.dumps({**body, **changes})


def test_a_practitioner_logs_an_activity_and_the_note_is_not_echoed(client, world, practitioner):
    # given
    opened = engagement(practitioner)
    service = ServiceFactory.create(organisation=world.org)
    client.force_login(practitioner)
    # when
    response = client.post(
        f"/api/v1/engagements/{opened.id}/activities/",
        activity_body(service.id),
        content_type="application/json",
    )
    # then
    assert response.status_code == 201, response.content
    assert SECRET_NOTE not in response.content.decode()
    logged = ActivityParticipant.objects.get()
    assert logged.confidential_note == SECRET_NOTE
    assert response.json()["id"] == logged.id
    assert response.json()["duration_minutes"] == 45


def test_a_future_activity_is_a_400_naming_the_field_in_dutch(client, world, practitioner):
    opened = engagement(practitioner)
    service = ServiceFactory.create(organisation=world.org)
    client.force_login(practitioner)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/api/v1/engagements/{opened.id}/activities/",
        activity_body(service.id, occurred_on=tomorrow),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["occurred_on"]
    assert ActivityParticipant.objects.count() == 0


def test_a_token_cannot_log_an_activity(client, world):
    opened = engagement(world.user(Role.PRACTITIONER))
    service = ServiceFactory.create(organisation=world.org)
    _token, read_write = make_token(world, scope=TokenScope.READ_WRITE)
    _token, read_only = make_token(world)
    url = f"/api/v1/engagements/{opened.id}/activities/"
    as_writer = client.post(
        url, activity_body(service.id), content_type="application/json", **bearer(read_write)
    )
    as_reader = client.post(
        url, activity_body(service.id), content_type="application/json", **bearer(read_only)
    )
    assert (as_writer.status_code, as_writer.json()["code"]) == (403, "person_required")
    assert (as_reader.status_code, as_reader.json()["code"]) == (403, "token_read_only")
    assert ActivityParticipant.objects.count() == 0


def test_another_organisations_engagement_gets_no_activity(client, world):
    theirs = engagement(world.user(Role.PRACTITIONER, other=True))
    service = ServiceFactory.create(organisation=world.other_org)
    client.force_login(world.user(Role.SERVICE_MANAGER))
    response = client.post(
        f"/api/v1/engagements/{theirs.id}/activities/",
        activity_body(service.id),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert ActivityParticipant.objects.count() == 0


def patch_step(client, step, body, **headers):
    return client.patch(
        f"/api/v1/steps/{step.id}/", json.dumps(body), content_type="application/json", **headers
    )


def test_a_token_updates_a_step_on_the_version_it_read(client, world):
    # given
    step = a_step(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    # when
    response = patch_step(client, step, {"version": 1, "status": "done"}, **bearer(secret))
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["version"]) == ("done", 2)


def test_a_stale_step_update_is_a_409_and_saves_nothing(client, world):
    # given someone changed the step after it was read at version 1
    step = a_step(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    assert patch_step(client, step, {"version": 1, "status": "in_progress"}, **bearer(secret))
    # when the stale edit arrives
    response = patch_step(
        client,
        step,
        {"version": 1, "status": "dropped"},
        HTTP_ACCEPT_LANGUAGE="en",
        **bearer(secret),
    )
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["message"].startswith("Someone else changed this step")
    assert response.json()["fields"] == {}
    assert Step.objects.values_list("status", "version").get() == ("in_progress", 2)


def test_a_read_only_token_cannot_update_a_step(client, world):
    step = a_step(world)
    _token, secret = make_token(world)
    response = patch_step(client, step, {"version": 1, "status": "done"}, **bearer(secret))
    assert response.status_code == 403
    assert Step.objects.values_list("status", "version").get() == ("open", 1)


def test_another_organisations_step_is_404_and_unchanged(client, world):
    step = a_step(world, other=True)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    response = patch_step(client, step, {"version": 1, "status": "done"}, **bearer(secret))
    assert response.status_code == 404
    assert Step.objects.values_list("status", "version").get() == ("open", 1)


def test_a_bad_step_update_names_its_fields(client, world):
    step = a_step(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    response = patch_step(client, step, {"status": "finished"}, **bearer(secret))
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"version", "status"}


def transition(client, referral, status, **headers):
    return client.post(
        f"/api/v1/referrals/{referral.id}/transition/",
        json.dumps({"status": status}),
        content_type="application/json",
        **headers,
    )


def test_a_referral_moves_along_its_statuses(client, world):
    referral = a_referral(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    sent = transition(client, referral, "sent", **bearer(secret))
    accepted = transition(client, referral, "accepted", **bearer(secret))
    assert (sent.status_code, sent.json()["status"]) == (200, "sent")
    assert (accepted.status_code, accepted.json()["status"]) == (200, "accepted")


def test_a_referral_cannot_skip_a_status(client, world):
    referral = a_referral(world)
    _token, secret = make_token(world, scope=TokenScope.READ_WRITE)
    response = transition(
        client, referral, "completed", HTTP_ACCEPT_LANGUAGE="en", **bearer(secret)
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "A referral that is proposed cannot become completed.",
        "fields": {},
    }
    assert Referral.objects.get().status == "proposed"


def test_a_read_only_token_cannot_move_a_referral(client, world):
    referral = a_referral(world)
    _token, secret = make_token(world)
    assert transition(client, referral, "sent", **bearer(secret)).status_code == 403
    assert Referral.objects.get().status == "proposed"
