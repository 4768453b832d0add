"""A small, hand-counted practice at world.org for last year, built with the real services.

The expected numbers are in EXPECTED, counted by hand from the story below:

- E1 Ayla (woman, 25, in education): self-help; guidance on Feb 10 (9 days after start),
  an employer encounter; a goal in her own words; referral sent and completed; ended Jun 30;
  satisfaction 4.2 (fit 5), skills 2.5 -> 3.5, follow-up Oct 1: employed, goal progress 4.
- E2 Bram (man, 16): brief support; guidance Mar 5 (4 days); took part in a work placement;
  referral sent and declined; ended Sep 30; follow-up Aug 1 (before the end): unemployed,
  goal progress 2.
- E3 Chris (woman, 35, two life situations): started the year before, still open; intensive
  readiness placed at brief support (override); did not show up.
- E4 Dirk (no equity data, 65): brief support by phone; guidance May 15 (14 days) and twice
  more; a referral proposed; also guided by the other organisation; satisfaction 3.0 (fit 3),
  skills 3.0 -> 3.25.
- E5 Eva: ended two years ago (outside the period).
- Practitioners: one with a guidance qualification and a register in date, CPD 10 + 6.5 hours;
  one without, register lapsed, CPD 4 hours (and 8 the year before).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.delivery import services
from koers.delivery.models import (
    Attendance,
    DecisionStatus,
    EmployerSize,
    EndReason,
    Engagement,
    InterventionKind,
    InterventionType,
    LifeArea,
    OpportunityKind,
    ParticipationStatus,
    PartnerKind,
    Referral,
    ReferralStatus,
    Source,
)
from koers.delivery.triage import Capability, Complexity, ServiceLevel
from koers.instruments.models import (
    Administration,
    InstrumentVersion,
    Item,
    Occasion,
    Response,
    Scale,
    Score,
)
from koers.instruments.services import instruments_load_shipped
from koers.organisations.selectors import actor_for_user
from koers.people.models import EquityProfile, LifeStatus, Person
from koers.quality.indicators import Period
from tests.world import World, make_user

YEAR = timezone.localdate().year - 1
PERIOD = Period(YEAR)


def d(month: int, day: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


def act(user) -> Actor:
    return actor_for_user(user=user, membership_id=None)[0]


def person(name: str, born: dt.date, **equity: str) -> Person:
    someone = Person.objects.create(given_name=name, family_name="Test", date_of_birth=born)
    if equity:
        EquityProfile.objects.create(person=someone, **equity)
    return someone


def open_engagement(
    actor: Actor,
    someone: Person,
    started: dt.date,
    capability: Capability,
    complexity: Complexity,
    **extra: object,
) -> Engagement:
    return services.engagement_open(
        actor=actor,
        person_id=someone.id,
        started_on=started,
        source=Source.SELF,
        question="Wat past bij mij?",
        capability=capability,
        complexity=complexity,
        decision_status=DecisionStatus.UNDECIDED,
        **extra,  # type: ignore[arg-type]
    )


def service(manager: Actor, kind: InterventionKind, name: str, channel: str = "face_to_face"):
    return services.service_create(
        actor=manager,
        intervention_type_id=InterventionType.objects.get(kind=kind).id,
        name=name,
        channel=channel,  # type: ignore[arg-type]
    )


def attend(
    actor: Actor, engagement: Engagement, when: dt.date, svc, attendance=Attendance.ATTENDED
):
    services.activity_record(
        actor=actor,
        engagement_id=engagement.id,
        occurred_on=when,
        duration_minutes=45,
        service_id=svc.id,
        attendance=attendance,
    )


def administration(
    organisation_id: int,
    someone: Person,
    instrument: str,
    *,
    occasion: str,
    completed: dt.date,
    scores: dict[str, float] | None = None,
    answers: dict[str, tuple[str, float | None]] | None = None,
) -> Administration:
    version = InstrumentVersion.objects.get(instrument__key=instrument, is_current=True)
    moment = timezone.make_aware(dt.datetime.combine(completed, dt.time(12)))
    done = Administration.objects.create(
        organisation_id=organisation_id,
        person=someone,
        version=version,
        occasion=occasion,
        started_at=moment,
        completed_at=moment,
    )
    for key, value in (scores or {}).items():
        Score.objects.create(
            administration=done,
            organisation_id=organisation_id,
            version=version,
            scale=Scale.objects.get(version=version, key=key),
            value=value,
            answered=5,
            total=5,
        )
    for key, (text, number) in (answers or {}).items():
        Response.objects.create(
            administration=done,
            organisation_id=organisation_id,
            item=Item.objects.get(version=version, key=key),
            value=text,
            number=number,
        )
    return done


def build_practice(world: World) -> dict[str, Engagement]:
    org = world.org.id
    practitioner = act(world.user(Role.PRACTITIONER))
    manager = act(world.user(Role.SERVICE_MANAGER))
    instruments_load_shipped(actor=Actor.system())

    guidance = service(manager, InterventionKind.INDIVIDUAL_GUIDANCE, "Gesprek")
    by_phone = service(manager, InterventionKind.INDIVIDUAL_GUIDANCE, "Telefoon", "phone")
    encounter = service(manager, InterventionKind.EMPLOYER_ENCOUNTER, "Werkgeversmarkt")

    ayla = person("Ayla", dt.date(YEAR - 25, 1, 1), gender="woman", migration_background="none")
    bram = person("Bram", dt.date(YEAR - 16, 6, 1), gender="man", disability="no")
    chris = person("Chris", dt.date(YEAR - 35, 3, 3), gender="woman")
    dirk = person("Dirk", dt.date(YEAR - 65, 12, 31))
    eva = person("Eva", dt.date(1980, 1, 1), gender="woman")
    LifeStatus.objects.create(person=ayla, status="in_education", start_date=d(9, 1, YEAR - 5))
    LifeStatus.objects.create(person=chris, status="employed", start_date=d(1, 1, YEAR - 10))
    LifeStatus.objects.create(person=chris, status="unemployed", start_date=d(3, 1, YEAR - 1))

    e1 = open_engagement(practitioner, ayla, d(2, 1), Capability.HIGH, Complexity.LOW)
    attend(practitioner, e1, d(2, 10), guidance)
    attend(practitioner, e1, d(3, 1), encounter)
    services.goal_add(
        actor=practitioner, engagement_id=e1.id, text="Ik wil de zorg in.", life_area=LifeArea.WORK
    )
    partner = services.partner_create(
        actor=practitioner, name="Schuldhulp", kind=PartnerKind.DEBT_ADVICE, region_code="GM0344"
    )
    r1 = services.referral_propose(
        actor=practitioner, engagement_id=e1.id, partner_id=partner.id, reason="Schulden"
    )
    for status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
        services.referral_transition(actor=practitioner, referral_id=r1.id, to_status=status)
    services.engagement_end(
        actor=practitioner,
        engagement_id=e1.id,
        ended_on=d(6, 30),
        end_reason=EndReason.GOAL_REACHED,
    )

    e2 = open_engagement(practitioner, bram, d(3, 1), Capability.LOW, Complexity.LOW)
    attend(practitioner, e2, d(3, 5), guidance)
    employer = services.employer_create(
        actor=practitioner, name="Zorggroep", sector="Zorg", size=EmployerSize.LARGE
    )
    placement = services.opportunity_create(
        actor=practitioner,
        employer_id=employer.id,
        kind=OpportunityKind.WORK_PLACEMENT,
        title="Stage",
        starts_on=d(4, 1),
        ends_on=d(4, 30),
        places=2,
    )
    took = services.participation_add(
        actor=practitioner, engagement_id=e2.id, opportunity_id=placement.id
    )
    services.participation_feedback(
        actor=practitioner, participation_id=took.id, status=ParticipationStatus.TOOK_PART
    )
    r2 = services.referral_propose(
        actor=practitioner, engagement_id=e2.id, partner_id=partner.id, reason="Schulden"
    )
    for status in (ReferralStatus.SENT, ReferralStatus.DECLINED):
        services.referral_transition(actor=practitioner, referral_id=r2.id, to_status=status)
    services.engagement_end(
        actor=practitioner, engagement_id=e2.id, ended_on=d(9, 30), end_reason=EndReason.STOPPED
    )

    e3 = open_engagement(
        practitioner,
        chris,
        d(11, 1, YEAR - 1),
        Capability.LOW,
        Complexity.HIGH,
        service_level=ServiceLevel.BRIEF_STAFF_ASSISTED,
        level_override_reason="Wil eerst zelf verder.",
    )
    attend(practitioner, e3, d(2, 1), guidance, Attendance.NO_SHOW)

    e4 = open_engagement(practitioner, dirk, d(5, 1), Capability.LOW, Complexity.LOW)
    for day in (15, 22, 29):
        attend(practitioner, e4, d(5, day), by_phone)
    services.referral_propose(
        actor=practitioner, engagement_id=e4.id, partner_id=partner.id, reason="Schulden"
    )
    other = act(world.user(Role.PRACTITIONER, other=True))
    open_engagement(other, dirk, d(1, 10), Capability.HIGH, Complexity.LOW)

    e5 = open_engagement(practitioner, eva, d(1, 1, YEAR - 2), Capability.HIGH, Complexity.LOW)
    services.engagement_end(
        actor=practitioner,
        engagement_id=e5.id,
        ended_on=d(3, 1, YEAR - 2),
        end_reason=EndReason.OTHER,
    )

    # The service stamps referrals with today's date; the story happened last year.
    Referral.objects.filter(id__in=[r1.id, r2.id]).update(sent_on=d(4, 1), closed_on=d(5, 1))
    Referral.objects.filter(engagement=e4).update(
        created_at=timezone.make_aware(dt.datetime.combine(d(6, 1), dt.time(9)))
    )

    _surveys(org, ayla, bram, dirk)
    _practitioners(world, practitioner)
    return {"e1": e1, "e2": e2, "e3": e3, "e4": e4}


def _surveys(org: int, ayla: Person, bram: Person, dirk: Person) -> None:
    def take(who: Person, key: str, occasion: str, on: dt.date, scores, *, answers=None):
        administration(
            org, who, key, occasion=occasion, completed=on, scores=scores, answers=answers
        )

    take(
        ayla,
        "user-satisfaction",
        Occasion.SINGLE,
        d(7, 1),
        {"satisfaction": 4.2},
        answers={"fit": ("5", 5)},
    )
    take(
        dirk,
        "user-satisfaction",
        Occasion.SINGLE,
        d(8, 1),
        {"satisfaction": 3.0},
        answers={"fit": ("3", 3)},
    )
    take(ayla, "career-management-skills", Occasion.PRE, d(2, 1), {"total": 2.5})
    take(ayla, "career-management-skills", Occasion.POST, d(6, 30), {"total": 3.5})
    take(dirk, "career-management-skills", Occasion.PRE, d(5, 1), {"total": 3.0})
    take(dirk, "career-management-skills", Occasion.POST, d(9, 1), {"total": 3.25})
    situation = "current_situation"
    take(
        ayla,
        "outcome-follow-up",
        Occasion.FOLLOW_UP,
        d(10, 1),
        {"goal_progress": 4.0},
        answers={situation: ("employed", None)},
    )
    take(
        bram,
        "outcome-follow-up",
        Occasion.FOLLOW_UP,
        d(8, 1),
        {"goal_progress": 2.0},
        answers={situation: ("unemployed", None)},
    )


def _practitioners(world: World, practitioner: Actor) -> None:
    # Practitioners: the world's practitioner and a colleague.
    colleague = act(make_user("colleague@org.test", role=Role.PRACTITIONER, organisation=world.org))
    services.qualification_add(
        actor=practitioner,
        title="Master loopbaankunde",
        awarding_body="HAN",
        eqf_level=7,
        is_guidance_qualification=True,
    )
    services.practitioner_register_update(
        actor=practitioner,
        register_name="NOLOC",
        register_number="1",
        register_renewal_on=d(6, 1, YEAR + 1),
    )
    services.qualification_add(
        actor=colleague,
        title="Bachelor bedrijfskunde",
        awarding_body="HU",
        eqf_level=6,
        is_guidance_qualification=False,
    )
    services.practitioner_register_update(
        actor=colleague, register_name="NOLOC", register_number="2", register_renewal_on=d(6, 1)
    )
    for who, when, hours in (
        (practitioner, d(3, 1), "10"),
        (practitioner, d(9, 1), "6.5"),
        (colleague, d(5, 1), "4"),
        (colleague, d(5, 1, YEAR - 1), "8"),
    ):
        services.cpd_entry_add(actor=who, date=when, hours=Decimal(hours), topic="Intervisie")


# (numerator, denominator, value) per indicator for world.org in PERIOD.
EXPECTED: dict[str, tuple[float | None, float | None, float | None]] = {
    "PC1": (1, 2, 50.0),
    "PC2": (1, 2, 50.0),
    "PC3": (20.5, 2, 10.25),
    "PC4": (4, 2, 2.0),
    "CU1": (1, 2, 50.0),
    "CU1M": (7.2, 2, 3.6),
    "CU2": (1, 2, 50.0),
    "CU3": (1, 2, 50.0),
    "CU4": (None, 3, 9.0),
    "SP1": (4, None, 4),
    "SP2": (2, 4, 50.0),
    "SP3": (4, 4, 100.0),
    "SP3L": (3, 4, 75.0),
    "SP4": (4, 4, 1.0),
    "SP4P": (1, 4, 25.0),
    "SP5": (3, 4, 75.0),
    "SP5C": (1, 2, 50.0),
    "SP6": (2, 4, 50.0),
    "SP6W": (1, 4, 25.0),
    "SP8": (1, 4, 25.0),
    "CI1": (1.25, 2, 0.625),
    "CI2": (1, 2, 50.0),
    "CI3": (1, 2, 50.0),
    "CI4": (1, 2, 50.0),
}
