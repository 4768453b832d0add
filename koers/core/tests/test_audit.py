from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction

from koers.core.audit import audit_event_list, audit_record
from koers.core.models import AuditAction, AuditEvent, AuditPurpose
from tests.queries import count_queries


def test_an_event_records_who_for_which_organisation_what_and_why(world, actor_for, practitioner):
    # given a practitioner acting for their organisation
    actor = actor_for(practitioner)
    # when they read a person's file
    event = audit_record(
        actor=actor,
        action=AuditAction.READ,
        purpose=AuditPurpose.GUIDANCE,
        object_type="people.person",
        object_id=42,
        person_id=42,
    )
    # then the trail says exactly that
    event.refresh_from_db()
    assert (event.actor_email, event.actor_role, event.organisation_id) == (
        "practitioner@org.test",
        "practitioner",
        world.org.id,
    )
    assert (event.action, event.purpose, event.object_id, event.person_id) == (
        "read",
        "guidance",
        "42",
        42,
    )


@pytest.mark.django_db(transaction=False)
def test_the_database_refuses_to_change_the_trail(actor_for, practitioner):
    event = audit_record(
        actor=actor_for(practitioner),
        action=AuditAction.READ,
        purpose=AuditPurpose.GUIDANCE,
        object_type="people.person",
        object_id=1,
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).update(summary="covered up")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).delete()
    assert AuditEvent.objects.get(id=event.id).summary == ""


def test_managers_see_only_their_own_organisations_trail(world, actor_for, manager):
    # given events in both organisations
    own = audit_record(
        actor=actor_for(manager),
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        object_type="x",
        object_id=1,
    )
    audit_record(
        actor=actor_for(world.other_users["service_manager"]),
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        object_type="x",
        object_id=2,
    )
    # when the manager reads the trail / then only their organisation's events are there
    events = audit_event_list(actor=actor_for(manager))
    assert list(events.filter(object_type="x")) == [own]


def test_practitioners_cannot_read_the_trail(actor_for, practitioner):
    with pytest.raises(PermissionDenied):
        audit_event_list(actor=actor_for(practitioner))


def test_the_trail_page_pages_by_keyset(client, world, actor_for, manager):
    # given 60 events of the manager's organisation
    actor = actor_for(manager)
    for number in range(60):
        audit_record(
            actor=actor,
            action=AuditAction.READ,
            purpose=AuditPurpose.GUIDANCE,
            object_type="people.person",
            object_id=number,
        )
    client.force_login(manager)
    # when the first page is opened / then it holds 50 events and links to older ones
    first = client.get("/audit/?action=read")
    assert len(first.context["events"]) == 50
    assert first.context["events"][0].object_id == "59"
    before = first.context["next_before"]
    # and the second page continues where the first stopped
    second = client.get(f"/audit/?action=read&before={before}")
    assert [e.object_id for e in second.context["events"]] == [str(n) for n in range(9, -1, -1)]
    assert second.context["next_before"] is None


def test_the_trail_page_uses_the_same_queries_for_few_and_many_events(client, actor_for, manager):
    actor = actor_for(manager)
    client.force_login(manager)

    def page_queries(count):
        for number in range(count):
            audit_record(
                actor=actor,
                action=AuditAction.READ,
                purpose=AuditPurpose.GUIDANCE,
                object_type="t",
                object_id=number,
            )
        return count_queries(lambda: client.get("/audit/"))

    assert page_queries(1) == page_queries(5)


def test_filtering_with_htmx_returns_only_the_results(client, actor_for, manager):
    actor = actor_for(manager)
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        purpose=AuditPurpose.GUIDANCE,
        object_type="people.person",
        object_id=7,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.GUIDANCE,
        object_type="people.person",
        object_id=8,
    )
    client.force_login(manager)
    response = client.get("/audit/?action=update", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="audit-results"')
    assert "people.person 8" in html and "people.person 7" not in html
    assert "<html" not in html
