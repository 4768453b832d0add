import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from koers.core.models import AuditAction, AuditEvent, AuditPurpose
from koers.core.roles import Role
from koers.people import selectors, services
from koers.people.models import ConsentPurpose, Person
from koers.people.tests.factories import LifeStatusFactory, PersonFactory, RecordShareFactory


@pytest.fixture
def noor(citizen, actor_for):
    return services.person_register_self(actor=actor_for(citizen))


def test_citizen_sees_only_their_own_record(world, citizen, noor, actor_for):
    # given two citizens with a record each
    other = services.person_register_self(actor=actor_for(world.user(Role.CITIZEN, other=True)))
    # when Noor lists persons / then she sees herself only
    assert list(selectors.person_list(actor=actor_for(citizen))) == [noor]
    assert other.id != noor.id


def test_staff_see_nobody_without_a_share_or_engagement(practitioner, manager, noor, actor_for):
    for user in (practitioner, manager):
        assert list(selectors.person_list(actor=actor_for(user))) == []
        with pytest.raises(Http404):
            selectors.person_get(
                actor=actor_for(user), person_id=noor.id, purpose=AuditPurpose.GUIDANCE
            )


def test_active_share_makes_the_person_visible_to_that_organisation_only(
    world, practitioner, noor, actor_for
):
    # given Noor shares her record with org
    RecordShareFactory.create(person=noor, organisation=world.org)
    # then org's practitioner sees her, the other provider's does not
    assert list(selectors.person_list(actor=actor_for(practitioner))) == [noor]
    other = actor_for(world.user(Role.PRACTITIONER, other=True))
    assert list(selectors.person_list(actor=other)) == []


@pytest.mark.parametrize(
    "share",
    [
        {"expires_at": dt.timedelta(seconds=-1)},
        {"revoked_at": dt.timedelta(seconds=-1)},
    ],
    ids=["expired", "revoked"],
)
def test_expired_or_revoked_share_shows_nothing(world, practitioner, noor, actor_for, share):
    # given a share that expired or was withdrawn
    now = timezone.now()
    values = {key: now + delta for key, delta in share.items()}
    RecordShareFactory.create(person=noor, organisation=world.org, **values)
    # then the practitioner no longer sees the person
    assert list(selectors.person_list(actor=actor_for(practitioner))) == []


def test_analysts_and_admins_never_see_persons(world, analyst, org_admin, noor, actor_for):
    RecordShareFactory.create(person=noor, organisation=world.org)
    assert list(selectors.person_list(actor=actor_for(analyst))) == []
    assert list(selectors.person_list(actor=actor_for(org_admin))) == []


def test_person_get_audits_the_read(world, practitioner, noor, actor_for):
    # given a share
    RecordShareFactory.create(person=noor, organisation=world.org)
    # when the practitioner opens the file
    person = selectors.person_get(
        actor=actor_for(practitioner), person_id=noor.id, purpose=AuditPurpose.GUIDANCE
    )
    # then the read is in the audit trail, with the person and the organisation
    assert person == noor
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert (event.person_id, event.organisation_id, event.purpose) == (
        noor.id,
        world.org.id,
        "guidance",
    )


def test_timeline_needs_the_timeline_scope(world, practitioner, noor, actor_for):
    # given a share of the action plan only
    LifeStatusFactory.create(person=noor)
    share = RecordShareFactory.create(
        person=noor, organisation=world.org, scope_timeline=False, scope_action_plan=True
    )
    actor = actor_for(practitioner)
    # then the person is visible but not the timeline
    assert list(selectors.person_list(actor=actor)) == [noor]
    assert list(selectors.life_status_list(actor=actor, person_id=noor.id)) == []
    # when the timeline is shared too
    share.scope_timeline = True
    share.save()
    assert [s.institution for s in selectors.life_status_list(actor=actor, person_id=noor.id)] == [
        "Vmbo Utrecht"
    ]


def test_shared_record_list_lists_active_shares_to_my_organisation(world, practitioner, actor_for):
    # given shares to org: active, expired; and one to the other org
    active = RecordShareFactory.create(organisation=world.org)
    RecordShareFactory.create(
        organisation=world.org, expires_at=timezone.now() - dt.timedelta(days=1)
    )
    RecordShareFactory.create(organisation=world.other_org)
    # then org sees the active one only
    assert list(selectors.shared_record_list(actor=actor_for(practitioner))) == [active]


def test_consent_is_active_answers_for_visible_persons_only(
    world, practitioner, citizen, noor, actor_for
):
    services.consent_grant(actor=actor_for(citizen), purpose=ConsentPurpose.SHARE_WITH_PARTNER)
    actor = actor_for(practitioner)
    with pytest.raises(Http404):
        selectors.consent_is_active(
            actor=actor, person_id=noor.id, purpose=ConsentPurpose.SHARE_WITH_PARTNER
        )
    RecordShareFactory.create(person=noor, organisation=world.org)
    assert selectors.consent_is_active(
        actor=actor, person_id=noor.id, purpose=ConsentPurpose.SHARE_WITH_PARTNER
    )
    assert not selectors.consent_is_active(
        actor=actor, person_id=noor.id, purpose=ConsentPurpose.RESEARCH
    )


@pytest.mark.parametrize("rows", [1, 5])
def test_shared_record_list_query_count(
    world, practitioner, actor_for, rows, django_assert_num_queries
):
    # given `rows` shares to org
    for _ in range(rows):
        RecordShareFactory.create(organisation=world.org)
    actor = actor_for(practitioner)
    # when listing with the person names / then one query whatever the number of rows
    with django_assert_num_queries(1):
        names = [share.person.full_name for share in selectors.shared_record_list(actor=actor)]
    assert len(names) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_timeline_query_count(noor, citizen, world, actor_for, rows, django_assert_num_queries):  # noqa: PLR0917 - pytest fixtures
    for _ in range(rows):
        LifeStatusFactory.create(person=noor, recorded_by_organisation=world.org)
    actor = actor_for(citizen)
    with django_assert_num_queries(1):
        names = [
            s.recorded_by_organisation.name if s.recorded_by_organisation else ""
            for s in selectors.life_status_list(actor=actor, person_id=noor.id)
        ]
    assert names == ["Loopbaancentrum"] * rows


def test_person_without_login_is_seen_by_no_citizen(citizen, actor_for):
    PersonFactory.create()
    assert list(selectors.person_list(actor=actor_for(citizen))) == []
    assert Person.objects.count() == 1


def test_an_engagement_makes_the_person_visible_to_that_organisation_only(
    world, practitioner, manager, noor, actor_for
):
    # The hook between layers: delivery's Engagement(person, related_name="engagements").
    from koers.delivery.tests import factories as delivery

    # given an engagement of Noor with org, opened by its practitioner
    delivery.engagement(practitioner, person=noor)
    LifeStatusFactory.create(person=noor)
    # then org's practitioner and manager see her and her timeline, without any share
    for user in (practitioner, manager):
        actor = actor_for(user)
        assert list(selectors.person_list(actor=actor)) == [noor]
        assert len(selectors.life_status_list(actor=actor, person_id=noor.id)) == 1
    # and the other provider sees nothing
    other = actor_for(world.user(Role.PRACTITIONER, other=True))
    assert list(selectors.person_list(actor=other)) == []
    assert list(selectors.life_status_list(actor=other, person_id=noor.id)) == []
