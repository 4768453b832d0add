"""Demo questionnaires for the organisations and citizens of JOURNEYS.md.

`instruments_demo(persons=...)` takes the citizens' Person rows (from people_demo), after
delivery_demo made the trajectories. With the app's own services it loads the shipped
questionnaires, lets Noor take the interest questionnaire in the portal (a social, artistic,
enterprising profile: she is in care and welfare at school), and has the career centre's
practitioner take the career management skills questionnaire before and after with each of the
centre's clients, with a visible improvement. Idempotent: what exists is not made again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.instruments import services
from koers.instruments.models import Administration, InstrumentVersion, Item, Occasion
from koers.organisations.models import Membership, Organisation
from koers.people.models import Person
from koers.people.permissions import person_policy

CAREER_CENTRE = "Loopbaancentrum Utrecht"
CMS = "career-management-skills"
INTERESTS = "riasec-interests"
# Noor's level of liking per interest type (scale key -> 1..5).
NOOR_INTERESTS = {"r": 2, "i": 2, "a": 4, "s": 5, "e": 3, "c": 1}


def _answers_at(version: InstrumentVersion, level_of: Mapping[str, float]) -> dict[str, str]:
    """Answers that score each scale at its level: reverse-keyed items mirrored."""
    answers = {}
    for item in Item.objects.filter(version=version).prefetch_related("scales"):
        scales = [scale.key for scale in item.scales.all() if scale.key in level_of]
        if not scales:
            continue
        level = max(1, min(5, round(level_of[scales[0]])))
        answers[item.key] = str(6 - level if item.reverse else level)
    return answers


def _take(
    actor: Actor,
    version: InstrumentVersion,
    answers: dict[str, str],
    *,
    person_id: int | None = None,
    occasion: Occasion = Occasion.SINGLE,
) -> None:
    administration = services.administration_start(
        actor=actor, version_id=version.id, person_id=person_id, occasion=occasion
    )
    services.responses_record(actor=actor, administration_id=administration.id, answers=answers)
    services.administration_complete(actor=actor, administration_id=administration.id)


def _citizen_actor(person: Person) -> Actor:
    return Actor(user=person.user, role=Role.CITIZEN, person_id=person.id)


def _staff_actor(membership: Membership) -> Actor:
    return Actor(
        user=membership.user,
        role=Role(membership.role),
        organisation_id=membership.organisation_id,
        membership_id=membership.id,
        organisation_name=membership.organisation.name,
        organisation_path=membership.organisation.path,
    )


@transaction.atomic
def instruments_demo(*, persons: Sequence[Person]) -> int:
    """Load the questionnaires and take the demo completions; returns how many were taken."""
    services.instruments_load_shipped(actor=Actor.system())
    taken = 0
    interests = InstrumentVersion.objects.current_of(INTERESTS)
    noor = next((p for p in persons if p.user and p.user.email.startswith("noor@")), None)
    if interests and noor and not Administration.objects.filter(person=noor).exists():
        _take(_citizen_actor(noor), interests, _answers_at(interests, NOOR_INTERESTS))
        taken += 1
    centre = Organisation.objects.filter(name=CAREER_CENTRE).first()
    sanne = (
        Membership.objects.filter(organisation=centre, role=Role.PRACTITIONER)
        .select_related("user", "organisation")
        .order_by("id")
        .first()
    )
    cms = InstrumentVersion.objects.current_of(CMS)
    if centre is None or sanne is None or cms is None:
        return taken
    if Administration.objects.filter(organisation=centre, version=cms).exists():
        return taken
    actor = _staff_actor(sanne)
    clients = Person.objects.filter(person_policy.visible(actor)).order_by("id")
    scales = ("reflection", "exploration", "control", "networking")
    for number, person in enumerate(clients):
        # Levels 2 or 3 before; after, most scales one point higher and some two: a gain of
        # 0.75 to 1.25 on the total, different per person.
        before = {key: 2.0 + (number + i) % 2 for i, key in enumerate(scales)}
        after = {
            key: before[key] + (i != number % 4) + (i == 0 and number % 3 == 0)
            for i, key in enumerate(scales)
        }
        _take(actor, cms, _answers_at(cms, before), person_id=person.id, occasion=Occasion.PRE)
        _take(actor, cms, _answers_at(cms, after), person_id=person.id, occasion=Occasion.POST)
        taken += 2
    return taken
