from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from koers.core.models import AuditEvent, User
from koers.core.roles import Role
from koers.organisations.models import Membership
from koers.organisations.services import membership_add, membership_deactivate


def test_adding_a_new_colleague_creates_their_login_and_mails_a_set_password_link(
    world, actor_for, org_admin, django_capture_on_commit_callbacks
):
    # when an organisation administrator adds someone who has no login yet
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_add(
            actor=actor_for(org_admin),
            organisation_id=world.org.id,
            email="Nieuw@Example.NL",
            full_name="Nieuwe Collega",
            role=Role.PRACTITIONER,
        )
    # then the user exists without a usable password, the role is active, and it is audited
    user = User.objects.get(email="nieuw@example.nl")
    assert not user.has_usable_password()
    assert (membership.user, membership.role, membership.is_active) == (user, "practitioner", True)
    assert AuditEvent.objects.filter(object_id=str(membership.id), action="create").count() == 1
    # and the welcome e-mail (a background task) went out in Dutch with a set-password link
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.nl"]
    assert mail.outbox[0].subject == "Je werkt nu in Koers voor Loopbaancentrum"
    assert "/accounts/password/set/" in mail.outbox[0].body


def test_the_welcome_mail_speaks_the_recipients_language(
    world, actor_for, org_admin, django_capture_on_commit_callbacks
):
    User.objects.create_user("anna@example.eu", "x" * 12, full_name="Anna", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        membership_add(
            actor=actor_for(org_admin),
            organisation_id=world.org.id,
            email="anna@example.eu",
            full_name="Anna",
            role=Role.SERVICE_MANAGER,
        )
    assert mail.outbox[0].subject == "You now work in Koers for Loopbaancentrum"
    assert "/accounts/login/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "practitioner@org.test heeft deze rol al in je organisatie."),
        ("en", "practitioner@org.test already has this role in your organisation."),
    ],
)
def test_adding_a_role_someone_already_has_is_refused_in_the_users_language(
    world, actor_for, org_admin, language, message
):
    before = Membership.objects.count()
    with translation.override(language), pytest.raises(ValidationError) as error:
        membership_add(
            actor=actor_for(org_admin),
            organisation_id=world.org.id,
            email="practitioner@org.test",
            full_name="P",
            role=Role.PRACTITIONER,
        )
    assert error.value.messages == [message]
    assert Membership.objects.count() == before


def test_an_administrator_cannot_add_people_to_another_organisation(world, actor_for, org_admin):
    with pytest.raises(ValidationError):
        membership_add(
            actor=actor_for(org_admin),
            organisation_id=world.other_org.id,
            email="x@example.nl",
            full_name="X",
            role=Role.PRACTITIONER,
        )
    assert not User.objects.filter(email="x@example.nl").exists()


def test_only_administrators_manage_roles(world, actor_for, manager):
    with pytest.raises(PermissionDenied):
        membership_add(
            actor=actor_for(manager),
            organisation_id=world.org.id,
            email="x@example.nl",
            full_name="X",
            role=Role.PRACTITIONER,
        )


def test_ending_a_role_keeps_the_history_and_is_audited(world, actor_for, org_admin, practitioner):
    membership = practitioner.memberships.get()
    membership_deactivate(actor=actor_for(org_admin), membership_id=membership.id)
    membership.refresh_from_db()
    assert membership.is_active is False
    event = AuditEvent.objects.get(object_id=str(membership.id), action="update")
    assert event.changes == {"is_active": [True, False]}
    # and the practitioner now acts as nobody's staff
    assert actor_for(practitioner).role == Role.CITIZEN


def test_administrators_cannot_end_their_own_role(actor_for, org_admin):
    membership = org_admin.memberships.get()
    with pytest.raises(ValidationError):
        membership_deactivate(actor=actor_for(org_admin), membership_id=membership.id)
    membership.refresh_from_db()
    assert membership.is_active is True


def test_a_role_in_another_organisation_is_not_found(world, actor_for, org_admin):
    from django.http import Http404

    other = world.other_users["practitioner"].memberships.get()
    with pytest.raises(Http404):
        membership_deactivate(actor=actor_for(org_admin), membership_id=other.id)
    other.refresh_from_db()
    assert other.is_active is True
