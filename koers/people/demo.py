"""Demo records for the citizen logins of JOURNEYS.md (Noor, Marek, Ingrid, Ahmed).

Called by koers.demo.setup with the citizens' User rows; built with the app's own services, as
the citizens themselves would. Idempotent: a citizen whose timeline has entries is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.models import User
from koers.core.roles import Role
from koers.organisations.models import Organisation
from koers.people import services
from koers.people.models import (
    ConsentPurpose,
    Disability,
    Gender,
    IscedLevel,
    Language,
    LifeStatusKind,
    MigrationBackground,
    Person,
    ShareScope,
)


@dataclass(frozen=True)
class Period:
    status: LifeStatusKind
    start: tuple[int, int, int]  # (years ago, month, day): ages in JOURNEYS.md stay true
    end: tuple[int, int, int] | None = None
    level: str = ""
    institution: str = ""
    employer: str = ""
    occupation: str = ""


@dataclass(frozen=True)
class Story:
    age: int
    birthday: tuple[int, int]
    language: Language
    phone: str
    periods: list[Period]
    consents: list[ConsentPurpose] = field(default_factory=list)
    equity: dict[str, str] = field(default_factory=dict)
    # (organisation name, scopes, days valid)
    share: tuple[str, list[ShareScope], int] | None = None


STORIES = {
    "noor": Story(
        age=15,
        birthday=(3, 14),
        language=Language.DUTCH,
        phone="06 1234 5678",
        periods=[
            Period(
                LifeStatusKind.IN_EDUCATION,
                (9, 9, 1),
                (3, 7, 8),
                IscedLevel.PRIMARY,
                "Basisschool De Regenboog, Utrecht",
            ),
            Period(
                LifeStatusKind.IN_EDUCATION,
                (3, 9, 1),
                None,
                IscedLevel.LOWER_SECONDARY,
                "Vmbo De Horizon, Utrecht (zorg en welzijn)",
            ),
        ],
        consents=[ConsentPurpose.FOLLOW_UP_CONTACT],
        share=(
            "Loopbaancentrum Utrecht",
            [ShareScope.TIMELINE, ShareScope.ACTION_PLAN, ShareScope.ASSESSMENT_RESULTS],
            180,
        ),
    ),
    "marek": Story(
        age=34,
        birthday=(6, 2),
        language=Language.DUTCH,
        phone="+32 470 12 34 56",
        periods=[
            Period(
                LifeStatusKind.IN_EDUCATION,
                (19, 9, 1),
                (15, 6, 30),
                IscedLevel.UPPER_SECONDARY,
                "Technikum Logistyczne, Wrocław",
            ),
            Period(
                LifeStatusKind.EMPLOYED,
                (12, 3, 1),
                None,
                employer="Distributiecentrum Genk",
                occupation="Magazijnmedewerker, heftruckchauffeur",
            ),
        ],
        consents=[ConsentPurpose.FOLLOW_UP_CONTACT, ConsentPurpose.RESEARCH],
    ),
    "ingrid": Story(
        age=52,
        birthday=(11, 2),
        language=Language.DUTCH,
        phone="030 234 5678",
        periods=[
            Period(
                LifeStatusKind.IN_EDUCATION,
                (36, 8, 15),
                (33, 6, 30),
                IscedLevel.UPPER_SECONDARY,
                "Grafisch Lyceum Utrecht (mbo)",
            ),
            Period(
                LifeStatusKind.EMPLOYED,
                (26, 1, 1),
                (1, 1, 31),
                employer="Drukkerij Van der Linden",
                occupation="Drukker, later ploegleider",
            ),
            Period(LifeStatusKind.UNEMPLOYED, (1, 2, 1)),
        ],
        consents=[
            ConsentPurpose.EQUITY_MONITORING,
            ConsentPurpose.SHARE_WITH_PARTNER,
            ConsentPurpose.FOLLOW_UP_CONTACT,
        ],
        equity={
            "gender": Gender.WOMAN,
            "migration_background": MigrationBackground.NONE,
            "disability": Disability.NO,
            "highest_education": IscedLevel.UPPER_SECONDARY,
        },
    ),
    "ahmed": Story(
        age=24,
        birthday=(8, 21),
        language=Language.ENGLISH,
        phone="06 8765 4321",
        periods=[
            Period(
                LifeStatusKind.IN_EDUCATION,
                (6, 9, 15),
                (2, 6, 30),
                IscedLevel.BACHELOR,
                "University of Aleppo, mechanical engineering",
            ),
            Period(LifeStatusKind.UNEMPLOYED, (1, 4, 1)),
        ],
        consents=[ConsentPurpose.EQUITY_MONITORING, ConsentPurpose.SHARE_WITH_PARTNER],
        equity={
            "gender": Gender.MAN,
            "migration_background": MigrationBackground.FIRST_GENERATION,
            "disability": Disability.NO,
            "highest_education": IscedLevel.BACHELOR,
        },
    ),
}


def _date(today: dt.date, when: tuple[int, int, int]) -> dt.date:
    years_ago, month, day = when
    return dt.date(today.year - years_ago, month, day)


def _tell(user: User, story: Story, today: dt.date) -> Person:
    actor = Actor(user=user, role=Role.CITIZEN)
    person = services.person_register_self(actor=actor)
    if person.life_statuses.exists():
        return person
    services.person_update_details(
        actor=actor,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=dt.date(today.year - story.age, *story.birthday)
        if story.birthday <= (today.month, today.day)
        else dt.date(today.year - story.age - 1, *story.birthday),
        email=user.email,
        phone=story.phone,
        preferred_language=story.language,
    )
    for period in story.periods:
        services.life_status_add(
            actor=actor,
            person_id=person.id,
            status=period.status,
            start_date=_date(today, period.start),
            end_date=_date(today, period.end) if period.end else None,
            education_level=period.level,
            institution=period.institution,
            employer=period.employer,
            occupation=period.occupation,
        )
    for purpose in story.consents:
        services.consent_grant(actor=actor, purpose=purpose)
    if story.equity:
        equity: dict[str, Any] = story.equity
        services.equity_profile_save(actor=actor, **equity)
    if story.share is not None:
        name, scopes, days = story.share
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            services.record_share_grant(
                actor=actor,
                organisation_id=organisation.id,
                scopes=scopes,
                expires_at=timezone.now() + dt.timedelta(days=days),
            )
    return person


@transaction.atomic
def people_demo(*, citizens: list[User]) -> list[Person]:
    """Give each citizen login its record; JOURNEYS.md citizens get their life story.

    A login is matched to a story by the first part of its e-mail address (noor@…, marek@…).
    """
    today = timezone.localdate()
    persons = []
    for user in citizens:
        story = STORIES.get(user.email.split("@", maxsplit=1)[0].lower())
        if story is None:
            actor = Actor(user=user, role=Role.CITIZEN)
            persons.append(services.person_register_self(actor=actor))
        else:
            persons.append(_tell(user, story, today))
    return persons
