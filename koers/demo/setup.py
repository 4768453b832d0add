"""The demo data set: organisations from JOURNEYS.md and one login for every role.

Idempotent: running it again finds what is there and adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from koers.core.actor import Actor
from koers.core.models import User
from koers.core.roles import Role
from koers.delivery.demo import delivery_demo
from koers.evaluation.demo import evaluation_demo
from koers.instruments.demo import instruments_demo
from koers.organisations.models import Funding, Membership, Organisation, Sector
from koers.organisations.services import organisation_create
from koers.people.demo import people_demo
from koers.policy.demo import policy_demo
from koers.quality.demo import quality_demo
from koers.quality.services import indicators_recompute

DEMO_PASSWORD = "koers-demo-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: Role
    organisation: str  # name; empty for citizens


REGION = ("Arbeidsmarktregio Midden-Utrecht", Sector.NETWORK, Funding.PUBLIC, "NL31", None)
ORGANISATIONS = [
    REGION,
    ("Loopbaancentrum Utrecht", Sector.CAREER_CENTRE, Funding.MIXED, "GM0344", REGION[0]),
    ("Vmbo De Horizon", Sector.SCHOOL, Funding.PUBLIC, "GM0344", REGION[0]),
    (
        "Gemeente Utrecht – Werk en Inkomen",
        Sector.MUNICIPALITY,
        Funding.PUBLIC,
        "GM0344",
        REGION[0],
    ),
    (
        "Werkplein Midden-Utrecht",
        Sector.PUBLIC_EMPLOYMENT_SERVICE,
        Funding.PUBLIC,
        "NL31",
        REGION[0],
    ),
    ("Zorggroep De Linde", Sector.EMPLOYER, Funding.PRIVATE, "GM0344", REGION[0]),
]
LOGINS = [
    DemoLogin(
        "sanne@demo.koers.nl", "Sanne de Vries", Role.PRACTITIONER, "Loopbaancentrum Utrecht"
    ),
    DemoLogin("dirk@demo.koers.nl", "Dirk Jansen", Role.PRACTITIONER, "Vmbo De Horizon"),
    DemoLogin(
        "petra@demo.koers.nl",
        "Petra Bakker",
        Role.SERVICE_MANAGER,
        "Gemeente Utrecht – Werk en Inkomen",
    ),
    DemoLogin(
        "annelies@demo.koers.nl",
        "Annelies Visser",
        Role.POLICY_ANALYST,
        "Arbeidsmarktregio Midden-Utrecht",
    ),
    DemoLogin(
        "beheer@demo.koers.nl", "Bram Beheer", Role.ORGANISATION_ADMIN, "Loopbaancentrum Utrecht"
    ),
    DemoLogin("noor@demo.koers.nl", "Noor El Amrani", Role.CITIZEN, ""),
    DemoLogin("marek@demo.koers.nl", "Marek Kowalski", Role.CITIZEN, ""),
    DemoLogin("ingrid@demo.koers.nl", "Ingrid de Boer", Role.CITIZEN, ""),
    DemoLogin("ahmed@demo.koers.nl", "Ahmed Haddad", Role.CITIZEN, ""),
]


# Providers whose managers find a self-evaluation under way (Petra's journey).
QUALITY_DEMO_ORGANISATIONS = ["Gemeente Utrecht – Werk en Inkomen", "Loopbaancentrum Utrecht"]


@transaction.atomic
def demo_setup() -> list[DemoLogin]:
    actor = Actor.system()
    by_name = {
        o.name: o for o in Organisation.objects.filter(name__in=[o[0] for o in ORGANISATIONS])
    }
    for name, sector, funding, region_code, parent_name in ORGANISATIONS:
        if name not in by_name:
            by_name[name] = organisation_create(
                actor=actor,
                name=name,
                sector=sector,
                funding=funding,
                region_code=region_code,
                parent=by_name[parent_name] if parent_name else None,
            )
    citizens = []
    for login in LOGINS:
        user = User.objects.filter(email=login.email).first()
        if user is None:
            user = User.objects.create_user(login.email, DEMO_PASSWORD, full_name=login.full_name)
        if login.organisation:
            Membership.objects.get_or_create(
                user=user, organisation=by_name[login.organisation], role=login.role
            )
        else:
            citizens.append(user)
    persons = people_demo(citizens=citizens)
    delivery_demo(persons=persons)
    instruments_demo(persons=persons)
    evaluation_demo()
    return LOGINS


@transaction.atomic
def demo_evidence() -> None:
    """Quality and policy on top of the records: indicators for every organisation, a
    self-evaluation under way, a policy goal, a voucher scheme and a publication."""
    year = timezone.localdate().year
    indicators_recompute(year=year)  # synchronously: the demo has no worker running yet
    quality_demo(organisation_names=QUALITY_DEMO_ORGANISATIONS, period=year)
    policy_demo(region=Organisation.objects.get(name=REGION[0]), year=year)
