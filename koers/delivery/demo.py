"""Demo guidance delivery for the organisations and citizens of JOURNEYS.md.

`delivery_demo(persons=...)` takes the citizens' Person rows (from people_demo) and builds, with
the app's own services: each provider's offer, partner directory, employers and opportunities,
practitioner profiles with CPD, and the trajectories of Noor, Marek, Ingrid and Ahmed plus a
caseload of synthetic clients for Sanne. Idempotent: a provider that has trajectories is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.delivery import services
from koers.delivery.models import (
    Attendance,
    CheckIn,
    DecisionStatus,
    EmployerSize,
    Engagement,
    InterventionKind,
    LifeArea,
    OpportunityKind,
    ParticipationStatus,
    PartnerKind,
    ReferralStatus,
    Service,
    Source,
    StepStatus,
)
from koers.delivery.triage import Capability, Complexity, ServiceLevel
from koers.organisations.models import Membership, Organisation
from koers.people.models import Person
from koers.people.services import person_register

CAREER_CENTRE = "Loopbaancentrum Utrecht"
CHECK_IN_AFTER_DAYS = 42
SCHOOL = "Vmbo De Horizon"
MUNICIPALITY = "Gemeente Utrecht – Werk en Inkomen"

PARTNERS = [
    ("Schuldhulpmaatje Utrecht", PartnerKind.DEBT_ADVICE, "GM0344"),
    ("Buurtteam Utrecht-West", PartnerKind.SOCIAL_WORK, "GM0344"),
    ("Taalhuis Utrecht", PartnerKind.LANGUAGE_COURSE, "GM0344"),
    ("MBO Utrecht – Zorg en Welzijn", PartnerKind.EDUCATION_PROVIDER, "GM0344"),
    ("IDW Diplomawaardering", PartnerKind.EDUCATION_PROVIDER, "NL"),
    ("Kinderopvang Kindkracht", PartnerKind.CHILDCARE, "GM0344"),
    ("UWV Midden-Utrecht", PartnerKind.BENEFITS_AGENCY, "NL31"),
]
EMPLOYERS = [
    ("Zorggroep De Linde", "Zorg en welzijn", EmployerSize.LARGE, "Fatima Bouali"),
    ("Logistiek Centrum Lage Weide", "Transport en logistiek", EmployerSize.LARGE, "Kees Bos"),
    ("Ingenieursbureau Vecht", "Techniek", EmployerSize.SMALL, "Joris van Dam"),
]
# Sanne's other clients: (given, family, days ago started, capability, complexity, quiet days)
CASELOAD = [
    ("Sem", "de Boer", 120, Capability.HIGH, Complexity.LOW, 70),
    ("Lotte", "Visser", 95, Capability.LOW, Complexity.LOW, 12),
    ("Daan", "Mulder", 80, Capability.LOW, Complexity.HIGH, 50),
    ("Fenna", "Kok", 60, Capability.HIGH, Complexity.HIGH, 5),
    ("Yusuf", "Demir", 50, Capability.HIGH, Complexity.LOW, 45),
    ("Eva", "Smits", 30, Capability.LOW, Complexity.LOW, 2),
    ("Milan", "Hendriks", 20, Capability.HIGH, Complexity.HIGH, 9),
    ("Sara", "Jansen", 10, Capability.LOW, Complexity.HIGH, 3),
]


def _staff_actor(membership: Membership) -> Actor:
    return Actor(
        user=membership.user,
        role=Role(membership.role),
        organisation_id=membership.organisation_id,
        membership_id=membership.id,
        organisation_name=membership.organisation.name,
        organisation_path=membership.organisation.path,
    )


def _manager_actor(organisation: Organisation) -> Actor:
    """Koers setting up an organisation's offer on behalf of its service manager."""
    return Actor(
        user=None,
        role=Role.SERVICE_MANAGER,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        organisation_path=organisation.path,
    )


def _member(organisation: Organisation, role: Role) -> Membership | None:
    return (
        Membership.objects.active()
        .filter(organisation=organisation, role=role)
        .select_related("user", "organisation")
        .order_by("id")
        .first()
    )


def _service(organisation: Organisation, kind: InterventionKind) -> Service:
    return Service.objects.get(organisation=organisation, intervention_type__kind=kind)


class _Provider:
    """One provider's demo kit: its actor, offer, partners and employers."""

    def __init__(self, organisation: Organisation, actor: Actor, today: dt.date) -> None:
        self.organisation = organisation
        self.actor = actor
        self.today = today
        services.service_offer_from_catalogue(actor=_manager_actor(organisation))
        self.partners = {
            name: services.partner_create(actor=actor, name=name, kind=kind, region_code=region)
            for name, kind, region in PARTNERS
        }
        self.employers = {
            name: services.employer_create(
                actor=actor, name=name, sector=sector, size=size, contact_name=contact
            )
            for name, sector, size, contact in EMPLOYERS
        }

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def opportunity(
        self, employer: str, kind: OpportunityKind, title: str, starts_in: int, places: int
    ) -> int:
        start = self.today + dt.timedelta(days=starts_in)
        return services.opportunity_create(
            actor=self.actor,
            employer_id=self.employers[employer].id,
            kind=kind,
            title=title,
            starts_on=start,
            ends_on=start,
            places=places,
        ).id

    def open(
        self,
        person: Person,
        *,
        days_ago: int,
        source: Source,
        question: str,
        capability: Capability,
        complexity: Complexity,
        decision: DecisionStatus,
        follow_up_in: int | None = None,
    ) -> Engagement:
        return services.engagement_open(
            actor=self.actor,
            person_id=person.id,
            started_on=self.days_ago(days_ago),
            source=source,
            question=question,
            capability=capability,
            complexity=complexity,
            decision_status=decision,
            next_follow_up_on=None
            if follow_up_in is None
            else self.today + dt.timedelta(days=follow_up_in),
        )

    def session(
        self,
        engagement: Engagement,
        kind: InterventionKind,
        *,
        days_ago: int,
        takeaway: str,
        note: str = "",
        attendance: Attendance = Attendance.ATTENDED,
        minutes: int = 45,
    ) -> None:
        services.activity_record(
            actor=self.actor,
            engagement_id=engagement.id,
            occurred_on=self.days_ago(days_ago),
            duration_minutes=minutes,
            service_id=_service(self.organisation, kind).id,
            attendance=attendance,
            takeaway=takeaway,
            confidential_note=note,
        )

    def plan(
        self, engagement: Engagement, goal: str, area: LifeArea, steps: list[tuple[str, int, str]]
    ) -> None:
        made = services.goal_add(
            actor=self.actor, engagement_id=engagement.id, text=goal, life_area=area
        )
        for text, due_in, status in steps:
            step = services.step_add(
                actor=self.actor,
                goal_id=made.id,
                text=text,
                due_on=self.today + dt.timedelta(days=due_in),
            )
            if status != StepStatus.OPEN:
                services.step_update(
                    actor=self.actor, step_id=step.id, version=1, status=StepStatus(status)
                )

    def refer(
        self,
        engagement: Engagement,
        partner: str,
        reason: str,
        statuses: list[ReferralStatus],
        *,
        outcome: str = "",
        region_reason: str = "",
    ) -> None:
        referral = services.referral_propose(
            actor=self.actor,
            engagement_id=engagement.id,
            partner_id=self.partners[partner].id,
            reason=reason,
            region_override_reason=region_reason,
        )
        for status in statuses:
            services.referral_transition(
                actor=self.actor, referral_id=referral.id, to_status=status, outcome=outcome
            )


def _by_story(persons: Sequence[Person]) -> dict[str, Person]:
    found = {}
    for person in persons:
        key = (person.user.email if person.user else person.given_name).split("@")[0].lower()
        found[key] = person
    return found


@transaction.atomic
def delivery_demo(*, persons: Sequence[Person]) -> int:
    """Build the delivery demo around the JOURNEYS.md citizens; returns trajectories made."""
    today = timezone.localdate()
    stories = _by_story(persons)
    made = 0
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(name__in=[CAREER_CENTRE, SCHOOL, MUNICIPALITY])
    }
    centre, school, municipality = (
        organisations.get(CAREER_CENTRE),
        organisations.get(SCHOOL),
        organisations.get(MUNICIPALITY),
    )
    sanne = _member(centre, Role.PRACTITIONER) if centre else None
    if centre and sanne and not Engagement.objects.filter(organisation=centre).exists():
        made += _career_centre(_Provider(centre, _staff_actor(sanne), today), stories)
        _sanne_profile(_staff_actor(sanne), today)
    dirk = _member(school, Role.PRACTITIONER) if school else None
    if school and dirk and not Engagement.objects.filter(organisation=school).exists():
        made += _school(_Provider(school, _staff_actor(dirk), today), stories)
        _dirk_profile(_staff_actor(dirk), today)
    petra = _member(municipality, Role.SERVICE_MANAGER) if municipality else None
    if municipality and petra and not Engagement.objects.filter(organisation=municipality).exists():
        made += _municipality(_Provider(municipality, _staff_actor(petra), today), stories)
    return made


def _career_centre(p: _Provider, stories: dict[str, Person]) -> int:
    made = 0
    planning = p.opportunity(
        "Logistiek Centrum Lage Weide",
        OpportunityKind.JOB_SHADOWING,
        "Meelopen met een logistiek planner",
        14,
        2,
    )
    engineering = p.opportunity(
        "Ingenieursbureau Vecht",
        OpportunityKind.WORKPLACE_VISIT,
        "Kijkje bij Ingenieursbureau Vecht",
        -20,
        6,
    )
    if marek := stories.get("marek"):
        engagement = p.open(
            marek,
            days_ago=40,
            source=Source.SELF,
            question="Ik werk al tien jaar in het magazijn. Is logistiek planner iets voor mij?",
            capability=Capability.HIGH,
            complexity=Complexity.HIGH,
            decision=DecisionStatus.UNDECIDED,
            follow_up_in=3,
        )
        p.session(
            engagement,
            InterventionKind.INDIVIDUAL_GUIDANCE,
            days_ago=38,
            takeaway="Planner past bij wat ik goed kan: overzicht houden en regelen.",
            note="Thuis spreekt hij Pools; Nederlands op B1. Loopbaancheque is goedgekeurd.",
        )
        p.session(
            engagement,
            InterventionKind.CAREER_INFORMATION_SESSION,
            days_ago=20,
            minutes=60,
            takeaway="Er zijn in de regio veel vacatures voor planners; mbo-4 is vaak gevraagd.",
        )
        p.plan(
            engagement,
            "Ik wil weten of ik logistiek planner kan worden.",
            LifeArea.WORK,
            [
                ("Vacatures voor planners in de regio bekijken", -10, StepStatus.DONE),
                ("Meelopen met een planner", 14, StepStatus.OPEN),
                ("Uitzoeken welke opleiding nodig is", 30, StepStatus.IN_PROGRESS),
            ],
        )
        services.participation_add(
            actor=p.actor, engagement_id=engagement.id, opportunity_id=planning
        )
        made += 1
    if ahmed := stories.get("ahmed"):
        engagement = p.open(
            ahmed,
            days_ago=70,
            source=Source.REFERRAL,
            question="Ik ben werktuigbouwkundig ingenieur. Ik wil weer in mijn vak werken.",
            capability=Capability.HIGH,
            complexity=Complexity.HIGH,
            decision=DecisionStatus.DECIDED,
            follow_up_in=-2,
        )
        p.session(
            engagement,
            InterventionKind.INDIVIDUAL_GUIDANCE,
            days_ago=68,
            takeaway="Eerst diploma laten waarderen en Nederlands naar B2.",
            note="Wil zelf de regie houden; check steeds of het plan van hem is.",
        )
        p.refer(
            engagement,
            "IDW Diplomawaardering",
            "Waardering van het ingenieursdiploma uit Syrië.",
            [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
            outcome="Diploma gewaardeerd op hbo-bachelorniveau.",
            region_reason="Diplomawaardering gebeurt alleen landelijk.",
        )
        p.refer(
            engagement,
            "Taalhuis Utrecht",
            "Nederlands van B1 naar B2 voor technisch werk.",
            [ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        )
        participation = services.participation_add(
            actor=p.actor, engagement_id=engagement.id, opportunity_id=engineering
        )
        services.participation_feedback(
            actor=p.actor,
            participation_id=participation.id,
            status=ParticipationStatus.TOOK_PART,
            person_feedback="Het werk lijkt op wat ik in Aleppo deed. Ik wil hier solliciteren.",
            employer_feedback="Sterke technische kennis; vaktaal Nederlands groeit nog.",
        )
        p.session(
            engagement,
            InterventionKind.EMPLOYER_ENCOUNTER,
            days_ago=20,
            minutes=120,
            takeaway="Twee contactpersonen bij technische bedrijven.",
        )
        p.plan(
            engagement,
            "Ik wil binnen een jaar als ingenieur werken.",
            LifeArea.WORK,
            [
                ("Diploma laten waarderen", -30, StepStatus.DONE),
                ("Taalcursus B2 afronden", 90, StepStatus.IN_PROGRESS),
                ("Open sollicitatie bij Ingenieursbureau Vecht", 21, StepStatus.OPEN),
            ],
        )
        made += 1
    for given, family, started, capability, complexity, quiet in CASELOAD:
        person = person_register(actor=p.actor, given_name=given, family_name=family)
        engagement = p.open(
            person,
            days_ago=started,
            source=Source.SELF,
            question="Ik wil weten welke richting bij mij past.",
            capability=capability,
            complexity=complexity,
            decision=DecisionStatus.UNDECIDED,
            follow_up_in=(quiet % 15) - 5,
        )
        p.session(
            engagement,
            InterventionKind.ONLINE_SELF_HELP
            if engagement.service_level == ServiceLevel.SELF_HELP
            else InterventionKind.INDIVIDUAL_GUIDANCE,
            days_ago=quiet,
            takeaway="Drie beroepen om verder te verkennen.",
        )
        if engagement.service_level == ServiceLevel.SELF_HELP and started > CHECK_IN_AFTER_DAYS:
            CheckIn.objects.get_or_create(
                organisation=p.organisation, engagement=engagement, due_on=p.days_ago(1)
            )
        made += 1
    return made


def _school(p: _Provider, stories: dict[str, Person]) -> int:
    visit = p.opportunity(
        "Zorggroep De Linde",
        OpportunityKind.WORKPLACE_VISIT,
        "Snuffeldag verpleeghuis De Linde",
        -14,
        8,
    )
    noor = stories.get("noor")
    if noor is None:
        return 0
    engagement = p.open(
        noor,
        days_ago=60,
        source=Source.SCHOOL,
        question="Ik weet echt nog niet wat ik later wil.",
        capability=Capability.LOW,
        complexity=Complexity.LOW,
        decision=DecisionStatus.UNDECIDED,
        follow_up_in=10,
    )
    p.session(
        engagement,
        InterventionKind.CAREER_EDUCATION_LESSON,
        days_ago=55,
        minutes=50,
        takeaway="Ik heb de interessetest gedaan: zorg en mensen helpen scoren hoog.",
    )
    p.session(
        engagement,
        InterventionKind.INDIVIDUAL_GUIDANCE,
        days_ago=30,
        minutes=20,
        takeaway="Ik wil een dag meelopen in de zorg.",
        note="Vader werkt veel; moeder wil dat ze havo gaat doen.",
    )
    participation = services.participation_add(
        actor=p.actor, engagement_id=engagement.id, opportunity_id=visit
    )
    services.participation_feedback(
        actor=p.actor,
        participation_id=participation.id,
        status=ParticipationStatus.TOOK_PART,
        person_feedback="Leuk om met oudere mensen te praten. Het is wel druk werk.",
        employer_feedback="Noor was nieuwsgierig en vriendelijk tegen de bewoners.",
    )
    p.plan(
        engagement,
        "Ik wil ontdekken of werken in de zorg bij mij past.",
        LifeArea.WORK,
        [
            ("Snuffeldag in het verpleeghuis", -14, StepStatus.DONE),
            ("Praten met een mbo-student verpleegkunde", 20, StepStatus.OPEN),
        ],
    )
    p.plan(
        engagement,
        "Ik wil een profiel kiezen waar ik achter sta.",
        LifeArea.LEARNING,
        [("Open dag MBO Utrecht bezoeken", 40, StepStatus.OPEN)],
    )
    return 1


def _municipality(p: _Provider, stories: dict[str, Person]) -> int:
    ingrid = stories.get("ingrid")
    if ingrid is None:
        return 0
    engagement = p.open(
        ingrid,
        days_ago=100,
        source=Source.BENEFITS_AGENCY,
        question="Na 25 jaar bij de drukkerij ontslagen. Ik weet niet waar ik moet beginnen.",
        capability=Capability.LOW,
        complexity=Complexity.HIGH,
        decision=DecisionStatus.INDECISIVE,
        follow_up_in=7,
    )
    p.session(
        engagement,
        InterventionKind.INDIVIDUAL_GUIDANCE,
        days_ago=98,
        minutes=60,
        takeaway="Eerst rust in de schulden, dan verder kijken.",
        note="Zorgt dagelijks voor haar moeder; schulden bij energieleverancier.",
    )
    p.refer(
        engagement,
        "Schuldhulpmaatje Utrecht",
        "Betalingsachterstanden sinds het ontslag.",
        [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED],
        outcome="Betalingsregeling getroffen.",
    )
    p.refer(
        engagement,
        "Buurtteam Utrecht-West",
        "Ondersteuning bij de mantelzorg voor haar moeder.",
        [ReferralStatus.SENT, ReferralStatus.NO_RESPONSE],
    )
    p.session(
        engagement,
        InterventionKind.GROUP_WORKSHOP,
        days_ago=30,
        minutes=120,
        takeaway="Ik kan goed organiseren en plannen; dat wist ik niet van mezelf.",
    )
    p.session(
        engagement,
        InterventionKind.GROUP_WORKSHOP,
        days_ago=23,
        minutes=120,
        attendance=Attendance.NO_SHOW,
        takeaway="",
    )
    p.plan(
        engagement,
        "Ik wil weer grip op mijn geld.",
        LifeArea.LIFE,
        [("Afspraak met schuldhulpmaatje", -80, StepStatus.DONE)],
    )
    p.plan(
        engagement,
        "Ik wil werk dat ik kan combineren met de zorg voor mijn moeder.",
        LifeArea.WORK,
        [
            ("Cursus loopbaancompetenties afmaken", 14, StepStatus.IN_PROGRESS),
            ("Drie parttime vacatures uitzoeken", 30, StepStatus.OPEN),
        ],
    )
    return 1


def _sanne_profile(actor: Actor, today: dt.date) -> None:
    services.practitioner_register_update(
        actor=actor,
        register_name="Noloc – register loopbaanprofessionals",
        register_number="NOLOC-20417",
        register_renewal_on=today + dt.timedelta(days=45),
    )
    services.qualification_add(
        actor=actor,
        title="Post-hbo Loopbaanprofessional",
        awarding_body="Hogeschool Utrecht",
        eqf_level=6,
        is_guidance_qualification=True,
        awarded_on=dt.date(today.year - 8, 6, 30),
    )
    services.qualification_add(
        actor=actor,
        title="Bachelor Toegepaste Psychologie",
        awarding_body="Hogeschool Utrecht",
        eqf_level=6,
        is_guidance_qualification=False,
        awarded_on=dt.date(today.year - 12, 7, 1),
    )
    for days, hours, topic, provider in [
        (20, "3.0", "Intervisie loopbaanbegeleiding", "Noloc regio Midden"),
        (75, "8.0", "Werken met arbeidsmarktinformatie", "Loopbaanacademie"),
        (160, "4.5", "Gespreksvoering bij meervoudige problematiek", "Movisie"),
    ]:
        services.cpd_entry_add(
            actor=actor,
            date=today - dt.timedelta(days=days),
            hours=Decimal(hours),
            topic=topic,
            provider=provider,
        )


def _dirk_profile(actor: Actor, today: dt.date) -> None:
    services.qualification_add(
        actor=actor,
        title="Lerarenopleiding Economie",
        awarding_body="Hogeschool van Amsterdam",
        eqf_level=6,
        is_guidance_qualification=False,
    )
    services.qualification_add(
        actor=actor,
        title="Post-hbo Decaan en loopbaanbegeleider",
        awarding_body="Fontys Hogescholen",
        eqf_level=6,
        is_guidance_qualification=True,
    )
    services.cpd_entry_add(
        actor=actor,
        date=today - dt.timedelta(days=40),
        hours=Decimal("6.0"),
        topic="LOB in het vmbo: werkplekleren organiseren",
        provider="Vereniging NVS-NVL",
    )
