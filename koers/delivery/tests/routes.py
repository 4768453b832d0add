"""Tenant-matrix cases for the delivery app's routes (see tests/matrix.py).

`kwargs` builds a fresh object inside world.org (a trajectory opened by world's practitioner, so
both they and the service manager may see it); `data` only reads, because the matrix compares
database fingerprints around the visit.
"""

from django.utils import timezone

from koers.core.roles import Role
from koers.delivery import services
from koers.delivery.models import CheckIn, LifeArea, Opportunity, PractitionerProfile, Service
from koers.delivery.tests.factories import (
    EmployerFactory,
    OpportunityFactory,
    PartnerFactory,
    ServiceFactory,
    actor,
    engagement,
)
from koers.people.models import Person
from tests.matrix import RouteCase


def _practitioner(world):
    return world.user(Role.PRACTITIONER)


def an_engagement(world):
    ServiceFactory.create(organisation=world.org)
    OpportunityFactory.create(organisation=world.org)
    return {"engagement_id": engagement(_practitioner(world)).id}


def a_goal(world):
    opened = engagement(_practitioner(world))
    return services.goal_add(
        actor=actor(_practitioner(world)),
        engagement_id=opened.id,
        text="Ik wil een opleiding in de zorg kiezen.",
        life_area=LifeArea.LEARNING,
    )


def a_step(world, person=None):
    if person is None:
        goal = a_goal(world)
    else:
        opened = engagement(_practitioner(world), person=person)
        goal = services.goal_add(
            actor=actor(_practitioner(world)),
            engagement_id=opened.id,
            text="Ik wil werken.",
            life_area=LifeArea.WORK,
        )
    return services.step_add(actor=actor(_practitioner(world)), goal_id=goal.id, text="Bellen")


def a_citizen_step(world):
    person, _ = Person.objects.get_or_create(
        user=world.user(Role.CITIZEN), defaults={"given_name": "Noor", "family_name": "El Amrani"}
    )
    return {"step_id": a_step(world, person=person).id}


def a_check_in(world):
    opened = engagement(_practitioner(world))
    check_in = CheckIn.objects.create(
        organisation=world.org, engagement=opened, due_on=timezone.localdate()
    )
    return {"check_in_id": check_in.id}


def a_referral(world):
    opened = engagement(_practitioner(world))
    partner = PartnerFactory.create(organisation=world.org)
    referral = services.referral_propose(
        actor=actor(_practitioner(world)),
        engagement_id=opened.id,
        partner_id=partner.id,
        reason="Schulden eerst aanpakken",
    )
    return {"referral_id": referral.id}


def a_participation(world):
    opened = engagement(_practitioner(world))
    opportunity = OpportunityFactory.create(organisation=world.org)
    participation = services.participation_add(
        actor=actor(_practitioner(world)), engagement_id=opened.id, opportunity_id=opportunity.id
    )
    return {"participation_id": participation.id}


def own_profile(world):
    membership = _practitioner(world).memberships.get()
    profile, _ = PractitionerProfile.objects.get_or_create(
        membership=membership, defaults={"organisation": world.org}
    )
    return {"profile_id": profile.id}


def activity_data(world, user):
    service = Service.objects.filter(organisation=world.org).order_by("-id").first()
    return {
        "occurred_on": timezone.localdate().isoformat(),
        "service": service.id if service else "",
        "duration_minutes": "30",
        "attendance": "attended",
        "takeaway": "Een lijst met drie beroepen.",
    }


def opportunity_data(world, user):
    opportunity = Opportunity.objects.filter(organisation=world.org).order_by("-id").first()
    return {"opportunity": opportunity.id if opportunity else ""}


ROUTE_CASES = [
    RouteCase("engagement_detail", kwargs=an_engagement),
    RouteCase("activity_log", kwargs=an_engagement, method="post", data=activity_data),
    RouteCase("engagement_triage", kwargs=an_engagement),
    RouteCase("engagement_end", kwargs=an_engagement),
    RouteCase("engagement_practitioners", kwargs=an_engagement),
    RouteCase(
        "goal_add",
        kwargs=an_engagement,
        method="post",
        data=lambda world, user: {"text": "Ik wil stage lopen in de zorg.", "life_area": "work"},
    ),
    RouteCase("referral_new", kwargs=an_engagement),
    RouteCase("participation_add", kwargs=an_engagement, method="post", data=opportunity_data),
    RouteCase(
        "step_add",
        kwargs=lambda world: {"goal_id": a_goal(world).id},
        method="post",
        data=lambda world, user: {"text": "Open dag bezoeken", "due_on": ""},
    ),
    RouteCase(
        "step_update",
        kwargs=lambda world: {"step_id": a_step(world).id},
        method="post",
        data=lambda world, user: {"status": "done", "version": "1"},
    ),
    RouteCase(
        "check_in_record",
        kwargs=a_check_in,
        method="post",
        data=lambda world, user: {"outcome": "on_track"},
    ),
    RouteCase(
        "referral_transition",
        kwargs=a_referral,
        method="post",
        data=lambda world, user: {"to_status": "sent", "outcome": ""},
    ),
    RouteCase("participation_feedback", kwargs=a_participation),
    RouteCase(
        "employer_detail",
        kwargs=lambda world: {"employer_id": EmployerFactory.create(organisation=world.org).id},
    ),
    RouteCase(
        "opportunity_detail",
        kwargs=lambda world: {
            "opportunity_id": OpportunityFactory.create(organisation=world.org).id
        },
    ),
    RouteCase("profile_detail", kwargs=own_profile),
    RouteCase("service_adopt", method="post"),
    RouteCase(
        "my_step_update",
        kwargs=a_citizen_step,
        method="post",
        data=lambda world, user: {"status": "done", "version": "1"},
    ),
]
