"""Who sees which completions (administrations) and their answers and scores.

- A citizen: their own, wherever they were taken.
- Practitioners and service managers: completions their organisation recorded, of people their
  organisation may see (the people app's `person_policy`: an engagement or a record share), and
  any completion of a person who shared "questionnaire results" with their organisation.
- Nobody else: analysts see aggregates only, administrators manage set-up.
"""

from __future__ import annotations

from django.db.models import Q

from koers.core.actor import Actor
from koers.core.policy import NOTHING, Policy
from koers.core.roles import Role
from koers.people.models import Person, ShareScope
from koers.people.permissions import CLIENT_ROLES, person_policy, shared_person_ids

RESPONDENTS = frozenset({Role.CITIZEN, *CLIENT_ROLES})


class AdministrationPolicy(Policy):
    actions = {
        "view": RESPONDENTS,
        "administer": RESPONDENTS,
    }

    def visible(self, actor: Actor) -> Q:
        if actor.role == Role.CITIZEN and actor.user is not None:
            return Q(person__user_id=actor.user.pk)
        if actor.role not in CLIENT_ROLES or actor.organisation_id is None:
            return NOTHING
        people = Person.objects.filter(person_policy.visible(actor)).values("id")
        shared = shared_person_ids(actor.organisation_id, ShareScope.ASSESSMENT_RESULTS)
        return Q(person_id__in=people) & (
            Q(organisation_id=actor.organisation_id) | Q(person_id__in=shared)
        )

    def answerable(self, actor: Actor) -> Q:
        """Completions the actor may fill in: a citizen their self-administered ones, staff
        those their organisation started."""
        if actor.role == Role.CITIZEN:
            return self.visible(actor) & Q(organisation__isnull=True)
        return self.visible(actor) & Q(organisation_id=actor.organisation_id)


administration_policy = AdministrationPolicy()
