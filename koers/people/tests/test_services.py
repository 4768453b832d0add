import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from koers.core.models import AuditAction, AuditEvent
from koers.people import services
from koers.people.models import (
    Consent,
    ConsentPurpose,
    EquityProfile,
    ErasureRequest,
    Gender,
    IscedLevel,
    LifeStatus,
    LifeStatusKind,
    MigrationBackground,
    Person,
    RecordShare,
    ShareScope,
)
from koers.people.tests.factories import LifeStatusFactory

IN_A_MONTH = dt.timedelta(days=30)


@pytest.fixture
def me(citizen, actor_for):
    """The citizen's actor, with their own record."""
    actor = actor_for(citizen)
    services.person_register_self(actor=actor)
    return actor


def messages_of(error):
    return error.value.messages


def test_register_self_creates_one_record_from_the_login(citizen, actor_for):
    # given a citizen without a record
    actor = actor_for(citizen)
    # when they register twice
    first = services.person_register_self(actor=actor)
    second = services.person_register_self(actor=actor)
    # then there is one record, filled from the login, created once in the audit trail
    assert first.id == second.id
    assert Person.objects.filter(user=citizen).count() == 1
    assert (first.given_name, first.email) == ("Citizen", "citizen@org.test")
    assert first.reference.startswith("KR-") and len(first.reference) == 12
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, person_id=first.id).count() == 1


def test_staff_cannot_register_themselves_as_citizen(practitioner, actor_for):
    with pytest.raises(PermissionDenied):
        services.person_register_self(actor=actor_for(practitioner))


def test_life_status_end_before_start_is_refused_in_dutch_and_english(me):
    # given a citizen
    person = Person.objects.get(user=me.user)
    # when they add a period that ends before it starts, in either language
    for language, message in [
        ("en", "The end date cannot be before the start date."),
        ("nl", "De einddatum kan niet vóór de begindatum liggen."),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.life_status_add(
                actor=me,
                person_id=person.id,
                status=LifeStatusKind.EMPLOYED,
                employer="Drukkerij",
                start_date=dt.date(2020, 1, 1),
                end_date=dt.date(2019, 1, 1),
            )
        # then they read why, and nothing is saved
        assert messages_of(error) == [message]
    assert LifeStatus.objects.count() == 0


def test_life_status_add_and_end(me):
    # given a citizen with an open period
    person = Person.objects.get(user=me.user)
    status = services.life_status_add(
        actor=me,
        person_id=person.id,
        status=LifeStatusKind.IN_EDUCATION,
        education_level=IscedLevel.LOWER_SECONDARY,
        institution="Vmbo Utrecht",
        start_date=dt.date(2022, 9, 1),
    )
    # when they end it
    services.life_status_end(actor=me, life_status_id=status.id, end_date=dt.date(2024, 7, 1))
    # then it is closed, and ending it again is refused
    status.refresh_from_db()
    assert status.end_date == dt.date(2024, 7, 1)
    assert status.recorded_by_organisation_id is None
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.life_status_end(actor=me, life_status_id=status.id, end_date=dt.date(2024, 8, 1))
    assert messages_of(error) == ["This period has already ended."]


def test_another_citizen_cannot_end_my_period(me, world, actor_for):
    # given my period
    status = LifeStatusFactory.create(person=Person.objects.get(user=me.user))
    other = actor_for(world.user(me.role, other=True))
    services.person_register_self(actor=other)
    # when another citizen tries to end it / then it does not exist for them
    with pytest.raises(Exception) as error:
        services.life_status_end(actor=other, life_status_id=status.id, end_date=dt.date.today())
    assert error.typename == "Http404"
    status.refresh_from_db()
    assert status.end_date is None


def test_equity_profile_needs_consent_and_is_deleted_on_withdrawal(me):
    # given a citizen without equity consent
    # when they store equity attributes / then it is refused and nothing stored
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.equity_profile_save(
            actor=me,
            gender=Gender.WOMAN,
            migration_background=MigrationBackground.NONE,
            disability="no",
            highest_education=IscedLevel.UPPER_SECONDARY,
        )
    assert messages_of(error) == [
        "Geef eerst toestemming voor gelijkekansenmonitoring; zonder die toestemming bewaren we "
        "deze gegevens niet."
    ]
    assert EquityProfile.objects.count() == 0
    # when they consent and store them
    consent = services.consent_grant(actor=me, purpose=ConsentPurpose.EQUITY_MONITORING)
    services.equity_profile_save(
        actor=me,
        gender=Gender.WOMAN,
        migration_background=MigrationBackground.FIRST_GENERATION,
        disability="no",
        highest_education=IscedLevel.UPPER_SECONDARY,
    )
    assert EquityProfile.objects.get().migration_background == "first_generation"
    # when they withdraw consent
    services.consent_revoke(actor=me, consent_id=consent.id)
    # then the attributes are gone, and the deletion is audited
    assert EquityProfile.objects.count() == 0
    assert Consent.objects.get().revoked_at is not None
    deleted = AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_type="people.equityprofile"
    )
    assert deleted.count() == 1


def test_consent_granted_twice_is_refused(me):
    services.consent_grant(actor=me, purpose=ConsentPurpose.RESEARCH)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.consent_grant(actor=me, purpose=ConsentPurpose.RESEARCH)
    assert messages_of(error) == ["You have already given consent for Research."]
    assert Consent.objects.count() == 1


def test_share_grant_validates_scope_expiry_provider_and_duplicates(me, world):
    # given a citizen and a provider
    later = timezone.now() + IN_A_MONTH
    cases = [
        ({"organisation_id": world.region.id}, "Choose a provider from the list."),
        ({"scopes": []}, "Choose at least one part of your record to share."),
        (
            {"expires_at": timezone.now() - dt.timedelta(minutes=1)},
            "The end date of a share must be in the future.",
        ),
    ]
    for override, message in cases:
        arguments = {
            "organisation_id": world.org.id,
            "scopes": [ShareScope.TIMELINE],
            "expires_at": later,
            **override,
        }
        with translation.override("en"), pytest.raises(ValidationError) as error:
            services.record_share_grant(actor=me, **arguments)
        assert messages_of(error) == [message]
    assert RecordShare.objects.count() == 0
    # when they share, then share again with the same provider
    share = services.record_share_grant(
        actor=me,
        organisation_id=world.org.id,
        scopes=[ShareScope.TIMELINE, ShareScope.ACTION_PLAN],
        expires_at=later,
    )
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.record_share_grant(
            actor=me, organisation_id=world.org.id, scopes=["timeline"], expires_at=later
        )
    # then the second is refused with a clear message
    assert messages_of(error) == [
        "Je deelt je dossier al met Loopbaancentrum. Trek dat eerst in als je het wilt wijzigen."
    ]
    assert share.scopes == [ShareScope.TIMELINE, ShareScope.ACTION_PLAN]
    # and the receiving organisation sees the grant in its audit trail
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.recordshare", organisation_id=world.org.id
    ).exists()


def test_share_revoked_can_be_granted_again(me, world):
    later = timezone.now() + IN_A_MONTH
    share = services.record_share_grant(
        actor=me, organisation_id=world.org.id, scopes=["timeline"], expires_at=later
    )
    services.record_share_revoke(actor=me, share_id=share.id)
    again = services.record_share_grant(
        actor=me, organisation_id=world.org.id, scopes=["timeline"], expires_at=later
    )
    assert again.id != share.id
    assert RecordShare.objects.filter(revoked_at__isnull=True).count() == 1


def test_erasure_request_is_recorded_once(me):
    request = services.erasure_request_submit(actor=me, reason="Ik wil opnieuw beginnen.")
    assert request.status == "received"
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.erasure_request_submit(actor=me)
    assert messages_of(error) == ["We are already handling your request to erase your record."]
    assert ErasureRequest.objects.count() == 1


def test_export_holds_my_record_and_is_audited(me, world):
    # given a citizen with a period, a consent and a share
    person = Person.objects.get(user=me.user)
    LifeStatusFactory.create(person=person)
    services.consent_grant(actor=me, purpose=ConsentPurpose.FOLLOW_UP_CONTACT)
    services.record_share_grant(
        actor=me,
        organisation_id=world.org.id,
        scopes=["timeline"],
        expires_at=timezone.now() + IN_A_MONTH,
    )
    # when they export
    data = services.person_export_own(actor=me)
    # then everything the people app holds is there
    section = data["people"]
    assert section["person"]["reference"] == person.reference
    assert [s["institution"] for s in section["life_statuses"]] == ["Vmbo Utrecht"]
    assert [c["purpose"] for c in section["consents"]] == ["follow_up_contact"]
    assert [s["organisation__name"] for s in section["record_shares"]] == ["Loopbaancentrum"]
    assert section["equity_profile"] is None
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, person_id=person.id).count() == 1


def test_person_register_for_staff_only(practitioner, citizen, actor_for):
    person = services.person_register(
        actor=actor_for(practitioner), given_name=" Ingrid ", family_name="Jansen"
    )
    assert (person.given_name, person.user) == ("Ingrid", None)
    with pytest.raises(PermissionDenied):
        services.person_register(actor=actor_for(citizen), given_name="X", family_name="Y")
