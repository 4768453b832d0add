"""Funding schemes: eligibility, issuing, redemption within entitlement and validity, claims."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from koers.core.models import AuditEvent
from koers.delivery.models import Attendance
from koers.delivery.tests.factories import PersonFactory
from koers.delivery.tests.factories import actor as actor_of
from koers.policy.models import (
    Claim,
    ClaimStatus,
    EligibilityDecision,
    EntitlementUnit,
    FundingScheme,
    Redemption,
    Voucher,
)
from koers.policy.services import schemes
from koers.policy.tests import factories as f

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 2)


def test_scheme_with_unknown_fact_is_refused_and_nothing_stored(world):
    # when
    with pytest.raises(ValidationError) as raised:
        f.scheme(world, rule={"all": [{"fact": "income", "op": "<", "value": 3000}]})
    # then
    assert raised.value.message_dict["rule"] == [
        "rule.all[0]: unknown fact 'income'; known facts are age, years_worked, "
        "months_since_last_voucher, life_status."
    ]
    assert not FundingScheme.objects.exists()


def test_only_analysts_define_schemes(world):
    with pytest.raises(PermissionDenied):
        schemes.scheme_create(
            actor=actor_of(world.users["service_manager"]),
            name="X",
            rule=f.ADULTS,
            unit=EntitlementUnit.HOURS,
            entitlement=Decimal(3),
            value_per_unit=Decimal(1),
            validity_days=1,
        )


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (dt.date(2001, 3, 2), True),  # 25th birthday on the day of the decision
        (dt.date(2001, 3, 3), False),  # 25 tomorrow
        (dt.date(2001, 3, 1), True),
    ],
)
def test_issue_decides_on_age_with_the_birthday_itself_counting(world, born, eligible):
    # given
    person, _ = f.client(world, born=born)
    scheme = f.scheme(world)
    # when
    decision, voucher = schemes.voucher_issue(
        actor=actor_of(world.users["practitioner"]),
        scheme_id=scheme.id,
        person_reference=person.reference,
        today=DAY,
    )
    # then
    assert decision.eligible is eligible
    assert (voucher is not None) is eligible
    assert decision.facts["age"] == (25 if eligible else 24)
    assert EligibilityDecision.objects.count() == 1
    assert (
        AuditEvent.objects.filter(person_id=person.id, object_type__startswith="policy.").count()
        == 1
    )


@pytest.mark.parametrize(
    ("second_on", "eligible"),
    [
        (dt.date(2032, 3, 1), False),  # 71 months and 30 days after the first
        (dt.date(2032, 3, 2), True),  # exactly 72 months
    ],
)
def test_waiting_period_between_vouchers(world, second_on, eligible):
    # given
    person, _ = f.client(world)
    scheme = f.scheme(world)
    f.voucher(world, person, today=DAY, scheme_obj=scheme)
    # when
    decision, _ = schemes.voucher_issue(
        actor=actor_of(world.users["practitioner"]),
        scheme_id=scheme.id,
        person_reference=person.reference,
        today=second_on,
    )
    # then
    assert decision.eligible is eligible
    assert Voucher.objects.filter(person=person).count() == (2 if eligible else 1)


def test_voucher_validity_and_stored_explanation(world):
    # given
    person, _ = f.client(world)
    # when
    voucher = f.voucher(world, person, today=DAY)
    # then
    assert (voucher.issued_on, voucher.expires_on) == (DAY, dt.date(2026, 3, 31))
    assert voucher.entitlement == Decimal("2.0")
    assert (
        voucher.decision.explanation["en"][0] == "Eligible: the conditions of the scheme are met."
    )


def test_a_person_who_is_not_a_client_is_not_found(world):
    scheme = f.scheme(world)
    stranger = PersonFactory.create()
    with pytest.raises(ValidationError) as raised:
        schemes.voucher_issue(
            actor=actor_of(world.users["practitioner"]),
            scheme_id=scheme.id,
            person_reference=stranger.reference,
        )
    assert raised.value.message_dict == {
        "person_reference": ["None of your clients has this reference number."]
    }
    assert not EligibilityDecision.objects.exists()


def _redeem(world, voucher, activity, today=None):
    return schemes.redemption_record(
        actor=actor_of(world.users["practitioner"]),
        voucher_id=voucher.id,
        activity_id=activity.id,
        today=today,
    )


# Activity 10 days ago (A); the voucher is valid 30 days from its issue.
@pytest.mark.parametrize(
    ("issued_days_before_activity", "redeem_days_after_activity", "error"),
    [
        (0, 0, None),  # activity on the day of issue
        (29, 0, None),  # activity on the last valid day (inclusive)
        (30, 0, "outside"),  # activity the day after the last valid day
        (-1, 0, "outside"),  # activity the day before issue
        (20, 9, None),  # redeemed on the expiry day
        (20, 10, "expired"),  # redeemed the day after expiry
    ],
)
def test_redemption_edge_dates(
    world, issued_days_before_activity, redeem_days_after_activity, error
):
    # given
    person, engagement = f.client(world)
    activity = f.activity(world, engagement, days_ago=10)
    voucher = f.voucher(
        world, person, today=activity.occurred_on - dt.timedelta(days=issued_days_before_activity)
    )
    redeem_on = activity.occurred_on + dt.timedelta(days=redeem_days_after_activity)
    # when / then
    if error is None:
        redemption = _redeem(world, voucher, activity, today=redeem_on)
        assert (redemption.units, redemption.amount) == (Decimal(1), Decimal("95.00"))
    else:
        with pytest.raises(ValidationError) as raised:
            _redeem(world, voucher, activity, today=redeem_on)
        assert error in " ".join(raised.value.messages)
        assert not Redemption.objects.exists()


@pytest.mark.parametrize(
    ("unit", "entitlement", "minutes", "allowed"),
    [
        (EntitlementUnit.SESSIONS, "2", [45, 45, 45], [True, True, False]),
        (EntitlementUnit.HOURS, "1.5", [45, 45, 30], [True, True, False]),
        (EntitlementUnit.HOURS, "1.0", [90], [False]),
        (EntitlementUnit.HOURS, "1.0", [30, 30], [True, True]),
    ],
)
def test_redemption_stays_within_the_entitlement(world, unit, entitlement, minutes, allowed):
    # given
    person, engagement = f.client(world)
    scheme = f.scheme(world, unit=unit, entitlement=entitlement)
    voucher = f.voucher(
        world, person, today=timezone.localdate() - dt.timedelta(days=20), scheme_obj=scheme
    )
    outcomes = []
    # when
    for index, length in enumerate(minutes):
        activity = f.activity(world, engagement, days_ago=10 - index, minutes=length)
        try:
            _redeem(world, voucher, activity)
        except ValidationError:
            outcomes.append(False)
        else:
            outcomes.append(True)
    # then
    assert outcomes == allowed
    assert schemes.voucher_remaining(voucher) >= 0


def test_same_activity_twice_and_unattended_activity_are_refused(world):
    # given
    person, engagement = f.client(world)
    voucher = f.voucher(world, person, today=timezone.localdate() - dt.timedelta(days=20))
    activity = f.activity(world, engagement)
    missed = f.activity(world, engagement, days_ago=5, attendance=Attendance.NO_SHOW)
    _redeem(world, voucher, activity)
    # when / then
    with pytest.raises(ValidationError, match="already been redeemed"):
        _redeem(world, voucher, activity)
    with pytest.raises(ValidationError, match="attended"):
        _redeem(world, voucher, missed)
    assert Redemption.objects.count() == 1


def test_claims_are_idempotent_and_never_claim_twice(world):
    # given
    person, engagement = f.client(world)
    voucher = f.voucher(world, person, today=timezone.localdate() - dt.timedelta(days=20))
    _redeem(world, voucher, f.activity(world, engagement, days_ago=10))
    manager = actor_of(world.users["service_manager"])
    # when
    first, created = schemes.claim_submit(
        actor=manager, scheme_id=voucher.scheme_id, idempotency_key="2026-03"
    )
    again, created_again = schemes.claim_submit(
        actor=manager, scheme_id=voucher.scheme_id, idempotency_key="2026-03"
    )
    # then
    assert (created, created_again, again.id) == (True, False, first.id)
    assert first.amount == Decimal("95.00")
    with pytest.raises(ValidationError, match="no redemptions left"):
        schemes.claim_submit(actor=manager, scheme_id=voucher.scheme_id, idempotency_key="2026-04")
    # a new redemption goes into a new claim only
    _redeem(world, voucher, f.activity(world, engagement, days_ago=5))
    second, _ = schemes.claim_submit(
        actor=manager, scheme_id=voucher.scheme_id, idempotency_key="2026-04"
    )
    assert second.amount == Decimal("95.00")
    assert Claim.objects.count() == 2
    assert Redemption.objects.filter(claim__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("steps", "final", "error"),
    [
        ([ClaimStatus.APPROVED, ClaimStatus.PAID], ClaimStatus.PAID, None),
        ([ClaimStatus.REJECTED], ClaimStatus.REJECTED, None),
        ([ClaimStatus.PAID], ClaimStatus.SUBMITTED, "cannot become paid"),
        (
            [ClaimStatus.REJECTED, ClaimStatus.APPROVED],
            ClaimStatus.REJECTED,
            "cannot become approved",
        ),
    ],
)
def test_claim_status_moves_one_way(world, steps, final, error):
    # given
    person, engagement = f.client(world)
    voucher = f.voucher(world, person, today=timezone.localdate() - dt.timedelta(days=20))
    _redeem(world, voucher, f.activity(world, engagement))
    claim, _ = schemes.claim_submit(
        actor=actor_of(world.users["service_manager"]),
        scheme_id=voucher.scheme_id,
        idempotency_key="k",
    )
    analyst = actor_of(world.users["policy_analyst"])
    # when
    raised = None
    for status in steps:
        try:
            schemes.claim_decide(actor=analyst, claim_id=claim.id, status=status)
        except ValidationError as problem:
            raised = problem
    # then
    claim.refresh_from_db()
    assert claim.status == final
    assert (raised is None) == (error is None)
    if error:
        assert raised is not None
        assert error in raised.messages[0]


def test_analyst_of_another_region_cannot_decide(world):
    person, engagement = f.client(world)
    voucher = f.voucher(world, person, today=timezone.localdate() - dt.timedelta(days=20))
    _redeem(world, voucher, f.activity(world, engagement))
    claim, _ = schemes.claim_submit(
        actor=actor_of(world.users["service_manager"]),
        scheme_id=voucher.scheme_id,
        idempotency_key="k",
    )
    from django.http import Http404

    with pytest.raises(Http404):
        schemes.claim_decide(
            actor=actor_of(world.other_users["policy_analyst"]),
            claim_id=claim.id,
            status=ClaimStatus.APPROVED,
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
