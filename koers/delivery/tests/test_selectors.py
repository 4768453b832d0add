import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.delivery import selectors, services
from koers.delivery.models import Attendance, LifeArea
from koers.delivery.selectors import CaseloadFilters
from koers.delivery.tests.factories import (
    PersonFactory,
    ServiceFactory,
    activity,
    actor,
    engagement,
)
from koers.delivery.triage import Capability, Complexity, ServiceLevel

NOTE = "Vertelt in vertrouwen over schulden bij de bank"


def test_practitioner_sees_own_caseload_manager_sees_organisation(world, practitioner, manager):
    # given one trajectory of the practitioner and one the manager opened without them
    mine = engagement(practitioner)
    theirs = engagement(manager)
    # when / then
    assert list(selectors.engagement_list(actor=actor(practitioner))) == [mine]
    assert set(selectors.engagement_list(actor=actor(manager))) == {mine, theirs}
    other = world.other_users["service_manager"]
    assert list(selectors.engagement_list(actor=actor(other))) == []


def test_caseload_filters(practitioner):
    today = timezone.localdate()
    quiet = engagement(practitioner, started_on=today - dt.timedelta(days=90))
    activity(practitioner, quiet, days_ago=60)
    busy = engagement(practitioner, started_on=today - dt.timedelta(days=90))
    activity(practitioner, busy, days_ago=3)
    self_help = engagement(
        practitioner,
        capability=Capability.HIGH,
        complexity=Complexity.LOW,
        next_follow_up_on=today,
    )
    me = actor(practitioner)

    def ids(**filters):
        return [
            e.id for e in selectors.engagement_list(actor=me, filters=CaseloadFilters(**filters))
        ]

    assert ids(quiet_weeks=6) == [self_help.id, quiet.id]
    assert ids(service_level=ServiceLevel.SELF_HELP) == [self_help.id]
    assert ids(follow_up_due=True) == [self_help.id]
    assert ids(before_id=busy.id) == [quiet.id]
    rows: dict[int, Any] = {e.id: e for e in selectors.engagement_list(actor=me)}
    assert rows[busy.id].last_activity_on == today - dt.timedelta(days=3)
    assert rows[self_help.id].last_activity_on is None


def test_caseload_search_by_name_and_reference(practitioner):
    marek = engagement(
        practitioner, person=PersonFactory.create(given_name="Marek", family_name="Nowak")
    )
    engagement(practitioner, person=PersonFactory.create(given_name="Ingrid", family_name="Smit"))
    me = actor(practitioner)
    for query in ("nowak", marek.person.reference.lower(), marek.reference):
        found = selectors.engagement_list(actor=me, filters=CaseloadFilters(query=query))
        assert [e.id for e in found] == [marek.id], query


def _caseload_queries(practitioner, n, django_assert_num_queries):
    for _ in range(n):
        opened = engagement(practitioner)
        activity(practitioner, opened)
    me = actor(practitioner)
    # engagements (with last activity) + prefetched practitioners with users
    with django_assert_num_queries(2):
        rows = list(selectors.engagement_list(actor=me))
        names = [m.user.full_name for e in rows for m in e.practitioners.all()]
        persons = [e.person.full_name for e in rows]
    return len(rows), len(names), len(persons)


@pytest.mark.parametrize("n", [1, 5])
def test_caseload_query_count_does_not_grow(practitioner, django_assert_num_queries, n):
    assert _caseload_queries(practitioner, n, django_assert_num_queries) == (n, n, n)


@pytest.mark.parametrize("n", [1, 5])
def test_client_file_query_count_does_not_grow(practitioner, django_assert_num_queries, n):
    # given a trajectory with n activities, goals, steps
    opened = engagement(practitioner)
    service = ServiceFactory.create(organisation_id=opened.organisation_id)
    for i in range(n):
        activity(practitioner, opened, note=f"note {i}", service=service)
        goal = services.goal_add(
            actor=actor(practitioner),
            engagement_id=opened.id,
            text=f"doel {i}",
            life_area=LifeArea.WORK,
        )
        services.step_add(actor=actor(practitioner), goal_id=goal.id, text="stap")
    me = actor(practitioner)
    # when / then: a fixed number of queries, whatever the number of rows
    with django_assert_num_queries(10):
        file = selectors.engagement_file_get(actor=me, engagement_id=opened.id)
        steps = [s.text for g in file.goals for s in g.steps.all()]
        services_ = [a.activity.service.name for a in file.activities]
    assert (len(file.activities), len(steps), len(services_)) == (n, n, n)


def test_client_file_read_is_audited(practitioner):
    opened = engagement(practitioner)
    before = AuditEvent.objects.filter(action="read", person_id=opened.person_id).count()
    selectors.engagement_file_get(actor=actor(practitioner), engagement_id=opened.id)
    after = AuditEvent.objects.filter(action="read", person_id=opened.person_id).count()
    assert after - before == 1


def test_confidential_note_only_for_the_assigned_practitioner(world, practitioner, manager):
    # given a trajectory of the practitioner with a confidential note
    opened = engagement(practitioner)
    activity(practitioner, opened, note=NOTE)
    # then the practitioner reads it
    mine: Any = selectors.engagement_file_get(actor=actor(practitioner), engagement_id=opened.id)
    assert mine.can_read_notes is True
    assert [a.visible_note for a in mine.activities] == [NOTE]
    # the manager sees the activity but not the note
    managed: Any = selectors.engagement_file_get(actor=actor(manager), engagement_id=opened.id)
    assert managed.can_read_notes is False
    assert [a.visible_note for a in managed.activities] == [""]
    assert [a.takeaway for a in managed.activities] == ["Twee beroepen om te onderzoeken."]
    # another provider does not find the trajectory at all
    with pytest.raises(Http404):
        selectors.engagement_file_get(
            actor=actor(world.other_users["practitioner"]), engagement_id=opened.id
        )


def test_unassigned_colleague_does_not_see_the_trajectory(world, practitioner):
    from koers.core.roles import Role
    from tests.world import make_user

    colleague = make_user("collega@org.test", role=Role.PRACTITIONER, organisation=world.org)
    opened = engagement(practitioner)
    with pytest.raises(Http404):
        selectors.engagement_get(actor=actor(colleague), engagement_id=opened.id)


def test_group_activity_shows_in_each_file_with_group_size(practitioner):
    first, second = engagement(practitioner), engagement(practitioner)
    service = ServiceFactory.create(organisation_id=first.organisation_id, mode="group")
    services.group_activity_record(
        actor=actor(practitioner),
        engagement_ids=[first.id, second.id],
        occurred_on=timezone.localdate(),
        duration_minutes=90,
        service_id=service.id,
        title="Workshop",
    )
    file: Any = selectors.engagement_file_get(actor=actor(practitioner), engagement_id=first.id)
    assert [(a.group_size, a.attendance) for a in file.activities] == [(2, Attendance.ATTENDED)]


def test_citizen_sees_only_their_own_goals(practitioner, citizen):
    mine = engagement(practitioner, person=PersonFactory.create(user=citizen))
    services.goal_add(
        actor=actor(practitioner), engagement_id=mine.id, text="Mijn doel", life_area=LifeArea.WORK
    )
    other = engagement(practitioner)
    services.goal_add(
        actor=actor(practitioner), engagement_id=other.id, text="Ander", life_area=LifeArea.WORK
    )
    goals = selectors.own_goal_list(actor=actor(citizen))
    assert [g.text for g in goals] == ["Mijn doel"]


def test_practitioner_profile_annotations(practitioner, manager):
    from decimal import Decimal

    me = actor(practitioner)
    today = timezone.localdate()
    services.cpd_entry_add(actor=me, date=today, hours=Decimal("2.5"), topic="Intervisie")
    services.cpd_entry_add(
        actor=me, date=today - dt.timedelta(days=400), hours=Decimal(8), topic="Oud"
    )
    services.qualification_add(
        actor=me, title="Post-hbo", awarding_body="HU", eqf_level=6, is_guidance_qualification=True
    )
    profile: Any = selectors.practitioner_profile_list(actor=actor(manager)).get()
    assert (profile.cpd_hours_year, profile.has_guidance_qualification) == (Decimal("2.5"), True)
