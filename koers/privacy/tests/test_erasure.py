"""Erasure: reviewed by the organisation, then irreversible pseudonymisation; counts stay."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from koers.core.models import AuditEvent, User
from koers.delivery.models import ActivityParticipant, Engagement
from koers.delivery.tests.factories import actor
from koers.people import services as people
from koers.people.models import (
    Consent,
    EquityProfile,
    ErasureRequest,
    ErasureStatus,
    LifeStatus,
    Person,
)
from koers.privacy import selectors, services
from koers.privacy.models import Decision, ErasureReview
from koers.privacy.tests.factories import NOTE, citizen_with_record, erasure_request


def counts():
    return (
        Person.objects.count(),
        Engagement.objects.count(),
        ActivityParticipant.objects.count(),
        LifeStatus.objects.count(),
    )


def test_approval_pseudonymises_the_person_and_keeps_every_count(
    world, citizen, practitioner, manager
):
    # given a citizen with a full record at the organisation, who asks to be erased
    person, engagement_id = citizen_with_record(citizen, practitioner)
    old_reference, old_email = person.reference, citizen.email
    request = erasure_request(citizen)
    before = counts()
    # when the organisation's service manager approves
    review = services.erasure_request_review(
        actor=actor(manager),
        request_id=request.id,
        decision=Decision.APPROVED,
        reason="Geen bewaarplicht.",
    )
    # then the person is a pseudonym with only the birth year
    person.refresh_from_db()
    assert (person.given_name, person.email, person.phone, person.user_id) == ("", "", "", None)
    assert person.family_name == person.reference != old_reference
    assert person.date_of_birth == dt.date(1990, 7, 1)
    # free text is gone, equity attributes deleted, consents withdrawn
    engagement = Engagement.objects.get(id=engagement_id)
    assert engagement.question == ""
    participant = ActivityParticipant.objects.get(engagement_id=engagement_id)
    assert (participant.takeaway, participant.confidential_note) == ("", "")
    assert list(LifeStatus.objects.filter(person=person).values_list("employer", "occupation")) == [
        ("", "")
    ]
    assert not EquityProfile.objects.filter(person=person).exists()
    assert not Consent.objects.filter(person=person, revoked_at__isnull=True).exists()
    # the login no longer exists as the citizen
    login = User.objects.get(id=citizen.id)
    assert (login.is_active, login.full_name, login.has_usable_password()) == (False, "", False)
    assert login.email.endswith("@erased.invalid")
    # every count is what it was
    assert counts() == before
    # the request keeps its receipt, not the link or the citizen's words
    request.refresh_from_db()
    assert (request.status, request.person_id, request.reason) == (
        ErasureStatus.COMPLETED,
        None,
        "",
    )
    assert request.person_reference == old_reference
    assert review.organisation_id == world.org.id
    # the audit trail says that an erasure happened, and nothing of what was erased
    event = AuditEvent.objects.filter(object_type="people.person", action="delete").get()
    assert (event.person_id, event.summary, event.changes) == (
        person.id,
        "personal data erased",
        {},
    )
    erased = [old_email, old_reference, "Bakkerij", "1990-03-14", "0612345678", NOTE]
    for text in erased:
        assert not AuditEvent.objects.filter(id=event.id, summary__icontains=text).exists()


def test_decline_keeps_everything_and_records_the_reason(world, citizen, practitioner, manager):
    # given a request
    person, _engagement_id = citizen_with_record(citizen, practitioner)
    request = erasure_request(citizen)
    # when the manager declines it with a reason
    review = services.erasure_request_review(
        actor=actor(manager),
        request_id=request.id,
        decision=Decision.DECLINED,
        reason="Wettelijke bewaarplicht tot 2031.",
    )
    # then nothing of the person changed, and the request is refused with the reason on record
    assert Person.objects.get(id=person.id).given_name == person.given_name
    request.refresh_from_db()
    assert (request.status, request.person_id) == (ErasureStatus.REFUSED, person.id)
    assert (
        ErasureReview.objects.get().reason == review.reason == "Wettelijke bewaarplicht tot 2031."
    )


def test_a_decision_needs_a_reason_and_happens_once(world, citizen, practitioner, manager):
    citizen_with_record(citizen, practitioner)
    request = erasure_request(citizen)
    with pytest.raises(ValidationError) as error:
        services.erasure_request_review(
            actor=actor(manager), request_id=request.id, decision=Decision.APPROVED, reason="  "
        )
    assert "reason" in error.value.message_dict
    services.erasure_request_review(
        actor=actor(manager), request_id=request.id, decision=Decision.DECLINED, reason="Nee."
    )
    # a second decision is refused and changes nothing
    with pytest.raises((ValidationError, Http404)):
        services.erasure_request_review(
            actor=actor(manager), request_id=request.id, decision=Decision.APPROVED, reason="Ja."
        )
    assert ErasureReview.objects.count() == 1


def test_another_organisation_or_role_cannot_review(world, citizen, practitioner):
    # given a request about a person only world.org holds records on
    person, _engagement_id = citizen_with_record(citizen, practitioner)
    request = erasure_request(citizen)
    other_manager = world.other_users["service_manager"]
    # then a manager elsewhere does not find it, and the practitioner may not decide
    with pytest.raises(Http404):
        services.erasure_request_review(
            actor=actor(other_manager),
            request_id=request.id,
            decision=Decision.APPROVED,
            reason="x",
        )
    with pytest.raises(Http404):
        services.erasure_request_review(
            actor=actor(practitioner), request_id=request.id, decision=Decision.APPROVED, reason="x"
        )
    # the citizen cannot approve their own request while an organisation holds records
    with pytest.raises(Http404):
        services.erasure_request_review(
            actor=actor(citizen), request_id=request.id, decision=Decision.APPROVED, reason="x"
        )
    assert Person.objects.get(id=person.id).given_name == person.given_name
    assert not ErasureReview.objects.exists()
    assert selectors.erasure_request_list(actor=actor(other_manager)).count() == 0
    with pytest.raises(PermissionDenied):
        selectors.erasure_request_list(actor=actor(practitioner))


def test_the_citizen_erases_self_held_data_alone(world, citizen):
    # given a citizen whose record no organisation holds
    me = actor(citizen)
    person = people.person_register_self(actor=me)
    request = erasure_request(citizen)
    assert selectors.self_held_only(person_id=person.id) is True
    # when they confirm their own request
    services.erasure_request_review(
        actor=me, request_id=request.id, decision=Decision.APPROVED, reason="Eigen verzoek."
    )
    # then their record is pseudonymised and the review names no organisation
    person.refresh_from_db()
    assert person.given_name == ""
    assert ErasureReview.objects.get().organisation_id is None
    assert ErasureRequest.objects.get().status == ErasureStatus.COMPLETED


def test_the_manager_lists_open_requests_and_own_decisions(
    world, citizen, practitioner, manager, django_assert_num_queries
):
    citizen_with_record(citizen, practitioner)
    request = erasure_request(citizen)
    reviewer = actor(manager)
    with django_assert_num_queries(1):
        assert [r.id for r in selectors.erasure_request_list(actor=reviewer)] == [request.id]
    services.erasure_request_review(
        actor=actor(manager), request_id=request.id, decision=Decision.APPROVED, reason="Akkoord."
    )
    # after the erasure the request stays on the list as decided, without a person
    listed = selectors.erasure_request_list(actor=actor(manager)).get()
    assert (listed.id, listed.person_id, listed.review.decision) == (request.id, None, "approved")
