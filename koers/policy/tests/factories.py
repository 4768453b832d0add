"""Factories for the policy app, built with the real services inside one region."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from koers.delivery import services as delivery_services
from koers.delivery.models import Attendance
from koers.delivery.tests.factories import PersonFactory, ServiceFactory
from koers.delivery.tests.factories import actor as actor_of
from koers.delivery.tests.factories import engagement as open_engagement
from koers.people.models import LifeStatus, LifeStatusKind
from koers.policy.models import EntitlementUnit
from koers.policy.services import schemes

ADULTS = {"fact": "age", "op": ">=", "value": 25}
WAITING_PERIOD = {"fact": "months_since_last_voucher", "op": ">=", "value": 72, "if_unknown": True}


def scheme(world, *, rule=None, unit=EntitlementUnit.SESSIONS, entitlement="2", validity_days=30):
    return schemes.scheme_create(
        actor=actor_of(world.users["policy_analyst"]),
        name="Loopbaancheque",
        rule=rule or {"all": [ADULTS, WAITING_PERIOD]},
        unit=unit,
        entitlement=Decimal(entitlement),
        value_per_unit=Decimal("95.00"),
        validity_days=validity_days,
        provider_ids=[world.org.id],
    )


def client(world, *, born=dt.date(1980, 5, 1), worked_since=dt.date(2005, 1, 1)):
    """A person with an open trajectory at world.org, employed since `worked_since`."""
    person = PersonFactory.create(date_of_birth=born)
    LifeStatus.objects.create(
        person=person, status=LifeStatusKind.EMPLOYED, start_date=worked_since
    )
    engagement = open_engagement(world.users["practitioner"], person=person)
    return person, engagement


def activity(world, engagement, *, days_ago=10, minutes=45, attendance=Attendance.ATTENDED):
    service = ServiceFactory.create(organisation_id=engagement.organisation_id)
    participant = delivery_services.activity_record(
        actor=actor_of(world.users["practitioner"]),
        engagement_id=engagement.id,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        duration_minutes=minutes,
        service_id=service.id,
        attendance=attendance,
    )
    return participant.activity


def voucher(world, person, *, today=None, scheme_obj=None):
    decision, issued = schemes.voucher_issue(
        actor=actor_of(world.users["practitioner"]),
        scheme_id=(scheme_obj or scheme(world)).id,
        person_reference=person.reference,
        today=today,
    )
    assert issued is not None, decision.explanation["en"]
    return issued
