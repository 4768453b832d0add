"""Builders for privacy tests: a citizen with a full record at `world.org`, made with the real
services of the people and delivery apps."""

from __future__ import annotations

import datetime as dt

from koers.delivery.tests.factories import activity, actor, engagement
from koers.people import services as people
from koers.people.models import (
    ConsentPurpose,
    Disability,
    ErasureRequest,
    Gender,
    IscedLevel,
    LifeStatusKind,
    MigrationBackground,
    Person,
)

NOTE = "Schulden, spreekt er liever niet over."


def citizen_with_record(citizen, practitioner) -> tuple[Person, int]:
    """The citizen's own record with equity data, a timeline, and a trajectory at the
    practitioner's organisation with one activity; returns the person and the engagement id."""
    me = actor(citizen)
    person = people.person_register_self(actor=me)
    people.consent_grant(actor=me, purpose=ConsentPurpose.EQUITY_MONITORING)
    people.consent_grant(actor=me, purpose=ConsentPurpose.RESEARCH)
    people.equity_profile_save(
        actor=me,
        gender=Gender.WOMAN,
        migration_background=MigrationBackground.FIRST_GENERATION,
        disability=Disability.NO,
        highest_education=IscedLevel.UPPER_SECONDARY,
    )
    people.life_status_add(
        actor=me,
        person_id=person.id,
        status=LifeStatusKind.EMPLOYED,
        start_date=dt.date(2020, 1, 1),
        employer="Bakkerij Jansen",
        occupation="Bakker",
    )
    Person.objects.filter(id=person.id).update(
        date_of_birth=dt.date(1990, 3, 14), phone="0612345678"
    )
    opened = engagement(practitioner, person=person)
    activity(practitioner, opened, note=NOTE)
    return Person.objects.get(id=person.id), opened.id


def erasure_request(citizen, reason: str = "Ik wil opnieuw beginnen.") -> ErasureRequest:
    return people.erasure_request_submit(actor=actor(citizen), reason=reason)
