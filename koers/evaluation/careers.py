"""Glue between questionnaires and career information, which may not import each other (they
are siblings in the layers). Evaluation sits above both, so the crossing lives here until the
portal takes it over (see the apps module, which registers the result panel)."""

from __future__ import annotations

from collections.abc import Mapping

from koers.careerinfo.selectors import InterestMatch, occupations_matching_interests
from koers.core.actor import Actor
from koers.instruments.panels import ResultPanel
from koers.instruments.selectors import interest_profile_latest

MATCHES_SHOWN = 10


def occupations_for_person(
    *, actor: Actor, person_id: int, limit: int = MATCHES_SHOWN
) -> list[InterestMatch] | None:
    """Occupations that fit the person's latest interest profile (with why: the shared types),
    or None when there is no completed interest inventory the actor may see."""
    profile = interest_profile_latest(actor=actor, person_id=person_id)
    if profile is None:
        return None
    return occupations_matching_interests(profile=profile, limit=limit)


def occupations_panel(profile: Mapping[str, float]) -> ResultPanel:
    """The result-page panel "occupations that fit you", for instruments' panel hook."""
    return ResultPanel(
        template="evaluation/_occupations_that_fit.html",
        context={"matches": occupations_matching_interests(profile=profile, limit=MATCHES_SHOWN)},
    )
