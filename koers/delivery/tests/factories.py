"""Factories for the delivery app. Chains stay inside one organisation; trajectories and
activities are made with the real services, so tests start from states the app can reach."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from koers.core.actor import Actor
from koers.delivery import services
from koers.delivery.models import (
    Attendance,
    DecisionStatus,
    Employer,
    EmployerSize,
    Engagement,
    InterventionKind,
    InterventionType,
    Opportunity,
    OpportunityKind,
    PartnerKind,
    PartnerService,
    Service,
    Source,
)
from koers.delivery.triage import Capability, Complexity
from koers.organisations.selectors import actor_for_user
from koers.people.models import Person

TODAY = dt.date(2026, 3, 2)


def actor(user) -> Actor:
    return actor_for_user(user=user, membership_id=None)[0]


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    given_name = Sequence(lambda n: f"Marek{n}")
    family_name = "Nowak"
    date_of_birth = dt.date(1991, 4, 12)


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    intervention_type = LazyFunction(
        lambda: InterventionType.objects.get(kind=InterventionKind.INDIVIDUAL_GUIDANCE)
    )
    name = Sequence(lambda n: f"Loopbaangesprek {n}")
    channel = "face_to_face"
    mode = "individual"
    duration_minutes = 45


class EmployerFactory(DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    name = Sequence(lambda n: f"Zorggroep {n}")
    sector = "Zorg en welzijn"
    size = EmployerSize.LARGE
    contact_name = "Fatima Bouali"


class OpportunityFactory(DjangoModelFactory[Opportunity]):
    class Meta:
        model = Opportunity

    employer = SubFactory(EmployerFactory, organisation=SelfAttribute("..organisation"))
    kind = OpportunityKind.WORKPLACE_VISIT
    title = Sequence(lambda n: f"Meeloopdag {n}")
    starts_on = dt.date(2026, 4, 1)
    ends_on = dt.date(2026, 4, 1)
    places = 3


class PartnerFactory(DjangoModelFactory[PartnerService]):
    class Meta:
        model = PartnerService

    name = Sequence(lambda n: f"Schuldhulp {n}")
    kind = PartnerKind.DEBT_ADVICE
    region_code = "GM0344"


def engagement(
    user,
    *,
    person: Person | None = None,
    started_on: dt.date | None = None,
    capability: Capability = Capability.LOW,
    complexity: Complexity = Complexity.LOW,
    **extra,
) -> Engagement:
    """An open trajectory made by `user` (a practitioner is assigned automatically)."""
    return services.engagement_open(
        actor=actor(user),
        person_id=(person or PersonFactory.create()).id,
        started_on=started_on or timezone.localdate() - dt.timedelta(days=30),
        source=Source.SELF,
        question="Ik wil weten of logistiek plannen iets voor mij is.",
        capability=capability,
        complexity=complexity,
        decision_status=DecisionStatus.UNDECIDED,
        **extra,
    )


def activity(user, engagement: Engagement, *, note: str = "", days_ago: int = 1, service=None):
    service = service or ServiceFactory.create(organisation_id=engagement.organisation_id)
    return services.activity_record(
        actor=actor(user),
        engagement_id=engagement.id,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        duration_minutes=45,
        service_id=service.id,
        attendance=Attendance.ATTENDED,
        takeaway="Twee beroepen om te onderzoeken.",
        confidential_note=note,
    )
