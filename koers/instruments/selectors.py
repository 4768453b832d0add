"""Reads of the instruments app. Every read of completions starts from the actor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.instruments.definition import Definition, parse
from koers.instruments.models import (
    Administration,
    Channel,
    InstrumentKind,
    InstrumentVersion,
    Item,
    Occasion,
    Response,
    Scale,
    Score,
)
from koers.instruments.permissions import administration_policy


def instrument_version_list() -> QuerySet[InstrumentVersion]:
    """The current version of every instrument (definitions are shared by all organisations)."""
    return (
        InstrumentVersion.objects.current()
        .select_related("instrument")
        .annotate(item_count=Count("items"))
        .order_by("instrument__key")
    )


def instrument_version_get(*, version_id: int) -> InstrumentVersion:
    return get_object_or_404(instrument_version_list(), id=version_id)


@lru_cache(maxsize=64)
def _parsed(version_id: int, checksum: str) -> Definition:
    version = InstrumentVersion.objects.get(id=version_id)
    return parse(version.definition, file=f"{version}")


def definition_of(version: InstrumentVersion) -> Definition:
    """The parsed definition of a stored version (cached per version and content)."""
    return _parsed(version.id, version.checksum)


def administration_list(*, actor: Actor) -> QuerySet[Administration]:
    """Completions the actor may see, newest first, with what their list rows show."""
    return (
        Administration.objects.filter(administration_policy.visible(actor))
        .select_related("version__instrument", "person")
        .annotate(answer_count=Count("responses", distinct=True))
        .order_by("-started_at", "-id")
    )


def _purpose(actor: Actor) -> AuditPurpose:
    return AuditPurpose.OWN_RECORD if actor.role == Role.CITIZEN else AuditPurpose.GUIDANCE


def administration_get(*, actor: Actor, administration_id: int) -> Administration:
    """One completion with its answers and scores; 404 when absent or not the actor's.

    Side effects: audit event (read of a person's file).
    """
    administration = get_object_or_404(
        administration_list(actor=actor).prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("scale", "band").order_by("scale__position"),
            ),
        ),
        id=administration_id,
    )
    audit_record(
        actor=actor,
        action=AuditAction.READ,
        purpose=_purpose(actor),
        obj=administration,
        person_id=administration.person_id,
        organisation_id=actor.organisation_id,
    )
    return administration


def administration_for_answering(*, actor: Actor, administration_id: int) -> Administration:
    """An open completion the actor may fill in; 404 otherwise (also once it is submitted)."""
    return get_object_or_404(
        Administration.objects.filter(administration_policy.answerable(actor))
        .open()
        .select_related("version__instrument", "person"),
        id=administration_id,
    )


def administration_for_respondent(*, administration_id: int) -> Administration:
    """An open completion taken through a personal link; 404 otherwise (also once submitted).

    No actor: the caller has checked the link's credential.
    """
    return get_object_or_404(
        Administration.objects.open()
        .filter(channel=Channel.LINK)
        .select_related("version__instrument", "person"),
        id=administration_id,
    )


def section_items(*, administration: Administration, section: str) -> list[Item]:
    return list(
        Item.objects.filter(version_id=administration.version_id, section=section)
        .select_related("response_scale")
        .order_by("position")
    )


def answers_of(*, administration: Administration) -> dict[str, str]:
    """The answers given so far, by item key."""
    return dict(
        Response.objects.filter(administration=administration).values_list("item__key", "value")
    )


@dataclass(frozen=True)
class ScaleChange:
    scale: Scale
    before: Score | None
    after: Score | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        if self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value


def pre_post_comparison(*, actor: Actor, person_id: int, version_id: int) -> list[ScaleChange]:
    """Per scale: the latest 'before' score and the latest 'after' score of one person on one
    instrument version (scores are only comparable within a version)."""
    completed = (
        administration_list(actor=actor)
        .filter(completed_at__isnull=False, person_id=person_id, version_id=version_id)
        .order_by("-completed_at", "-id")
    )
    pre = completed.filter(occasion=Occasion.PRE).first()
    post = completed.filter(occasion__in=[Occasion.POST, Occasion.FOLLOW_UP]).first()
    if pre is None or post is None:
        return []
    scores = Score.objects.filter(administration__in=[pre, post]).select_related("band")
    by_key = {(s.administration_id, s.scale_id): s for s in scores}
    return [
        ScaleChange(scale, by_key.get((pre.id, scale.id)), by_key.get((post.id, scale.id)))
        for scale in Scale.objects.filter(version_id=version_id).order_by("position")
    ]


def person_results(*, actor: Actor, person_id: int) -> QuerySet[Administration]:
    """A person's completions the actor may see, with scores, newest first."""
    return (
        administration_list(actor=actor)
        .filter(person_id=person_id)
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("scale", "band").order_by("scale__position"),
            )
        )
    )


def versions_with_pre_and_post(administrations: list[Administration]) -> list[int]:
    """Version ids among `administrations` that have a completed before and after."""
    occasions: dict[int, set[str]] = {}
    for administration in administrations:
        if administration.is_complete:
            occasions.setdefault(administration.version_id, set()).add(administration.occasion)
    return [
        version_id
        for version_id, seen in occasions.items()
        if Occasion.PRE in seen and seen & {Occasion.POST, Occasion.FOLLOW_UP}
    ]


RIASEC = "RIASEC"


def interest_profile_of(administration: Administration) -> dict[str, float] | None:
    """The plain RIASEC profile ({"R": 3.9, "I": 2.1, …}) of a completed interest inventory,
    or None when the instrument has no Holland profile or a type could not be scored.

    The definition's `profile.scales` lists its scales in R-I-A-S-E-C order; the letters come
    from that order, not from the scale keys.
    """
    definition = definition_of(administration.version)
    if len(definition.profile_scales) != len(RIASEC):
        return None
    values = {score.scale.key: score.value for score in administration.scores.all()}
    profile = {
        letter: values.get(key)
        for letter, key in zip(RIASEC, definition.profile_scales, strict=True)
    }
    if any(value is None for value in profile.values()):
        return None
    return {letter: float(value) for letter, value in profile.items() if value is not None}


def interest_profile_latest(*, actor: Actor, person_id: int) -> dict[str, float] | None:
    """The profile of the person's latest completed interest inventory the actor may see."""
    latest = (
        administration_list(actor=actor)
        .filter(
            person_id=person_id,
            completed_at__isnull=False,
            version__instrument__kind=InstrumentKind.INTEREST_INVENTORY,
        )
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("scale")))
        .order_by("-completed_at", "-id")
        .first()
    )
    return interest_profile_of(latest) if latest is not None else None
