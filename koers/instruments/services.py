from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.instruments import definition as definitions
from koers.instruments import scoring, selectors
from koers.instruments.definition import (
    LANGUAGES,
    Definition,
    DefinitionError,
    Problem,
    version_tuple,
)
from koers.instruments.models import (
    Administration,
    Band,
    Channel,
    Instrument,
    InstrumentVersion,
    Item,
    Norm,
    Occasion,
    Response,
    ResponseScale,
    ResponseScaleType,
    Scale,
    Score,
)
from koers.instruments.permissions import administration_policy
from koers.people.models import Person
from koers.people.selectors import person_for_citizen, person_list
from koers.people.services import person_register_self


@dataclass(frozen=True)
class LoadOutcome:
    version: InstrumentVersion
    status: str  # created | upgraded | replaced | unchanged

    def __str__(self) -> str:
        return f"{self.version.instrument.key} {self.version.version}: {self.status}"


def definition_checksum(definition: Definition) -> str:
    canonical = json.dumps(definition.raw, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def instrument_load(*, actor: Actor, definition: Definition, file: str = "") -> LoadOutcome:
    """Store a validated definition as a version of its instrument; idempotent.

    The same version with the same content changes nothing. The same version with other content
    replaces it only while nobody has taken it; afterwards a new version number is required.
    A higher version becomes the current one; older versions and their scores stay.
    Side effects: audit event when something was stored.
    """
    checksum = definition_checksum(definition)
    instrument, _created = Instrument.objects.select_for_update().get_or_create(
        key=definition.key, defaults={"kind": definition.kind}
    )
    existing = instrument.versions.filter(version=definition.version).first()
    status = "created"
    if existing is not None:
        if existing.checksum == checksum:
            return LoadOutcome(existing, "unchanged")
        # Checked in the database, not the app: the administrations table belongs to the same
        # version row and is PROTECTed, so this is the one place a change could slip through.
        if existing.administrations.exists():
            raise DefinitionError(
                [
                    Problem(
                        file or definition.key,
                        "version",
                        _(
                            "version %(version)s has already been used for completions and "
                            "cannot change; give the changed definition a new version number"
                        )
                        % {"version": definition.version},
                    )
                ]
            )
        existing.delete()
        status = "replaced"
    current = instrument.versions.filter(is_current=True).first()
    becomes_current = current is None or version_tuple(definition.version) >= version_tuple(
        current.version
    )
    if current is not None and status == "created":
        status = "upgraded"
    if becomes_current:
        instrument.versions.filter(is_current=True).update(is_current=False)
        instrument.kind = definition.kind
        instrument.save(update_fields=["kind"])
    raw = definition.raw
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        version=definition.version,
        name=definition.name,
        description=definition.description,
        languages=list(definition.languages),
        source=raw["source"],
        licence=raw["licence"],
        validation_status=raw["validation_status"],
        definition=raw,
        checksum=checksum,
        is_current=becomes_current,
    )
    _store_rows(version, definition)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=version,
        summary=f"{definition.key} {definition.version} {status}",
    )
    return LoadOutcome(version, status)


def _store_rows(version: InstrumentVersion, definition: Definition) -> None:
    response_scales = {
        key: ResponseScale.objects.create(
            version=version,
            key=key,
            type=rs.type,
            options=[{"value": o.value, "label": dict(o.label)} for o in rs.options],
            max_length=rs.max_length,
        )
        for key, rs in definition.response_scales.items()
    }
    items = Item.objects.bulk_create(
        Item(
            version=version,
            key=item.key,
            position=position,
            section=item.section,
            text=dict(item.text),
            response_scale=response_scales[item.response_scale],
            reverse=item.reverse,
            required=item.required,
        )
        for position, item in enumerate(definition.items)
    )
    item_ids = {item.key: item.id for item in items}
    scales = Scale.objects.bulk_create(
        Scale(
            version=version,
            key=scale.key,
            position=position,
            name=dict(scale.name),
            description=dict(scale.description),
            method=scale.method,
            min_answered=scale.min_answered,
            score_min=scale.score_min,
            score_max=scale.score_max,
        )
        for position, scale in enumerate(definition.scales)
    )
    scale_ids = {scale.key: scale.id for scale in scales}
    Scale.items.through.objects.bulk_create(
        Scale.items.through(scale_id=scale_ids[scale.key], item_id=item_ids[key])
        for scale in definition.scales
        for key in scale.items
    )
    Scale.components.through.objects.bulk_create(
        Scale.components.through(from_scale_id=scale_ids[scale.key], to_scale_id=scale_ids[key])
        for scale in definition.scales
        for key in scale.components
    )
    Band.objects.bulk_create(
        Band(
            scale_id=scale_ids[scale.key],
            key=band.key,
            position=position,
            low=band.low,
            high=band.high,
            label=dict(band.label),
            text=dict(band.text),
        )
        for scale in definition.scales
        for position, band in enumerate(scale.bands)
    )
    Norm.objects.bulk_create(
        Norm(
            scale_id=scale_ids[scale.key],
            population=dict(scale.norm.population),
            mean=scale.norm.mean,
            sd=scale.norm.sd,
            n=scale.norm.n,
            percentiles=[list(pair) for pair in scale.norm.percentiles],
        )
        for scale in definition.scales
        if scale.norm is not None
    )


def instrument_load_file(*, actor: Actor, path: Path) -> LoadOutcome:
    """Read, validate and store one definition file (atomically: all of it or nothing)."""
    return instrument_load(actor=actor, definition=definitions.load(path), file=str(path))


@transaction.atomic
def instruments_load_shipped(*, actor: Actor) -> list[LoadOutcome]:
    """Load every definition Koers ships; idempotent, and all or nothing."""
    paths = sorted(definitions.DEFINITIONS_DIR.glob("*.yaml"))
    return [instrument_load_file(actor=actor, path=path) for path in paths]


# --- administration ------------------------------------------------------------------------------


def _administration_purpose(actor: Actor) -> AuditPurpose:
    """A citizen, or a person answering through a link, acts on their own record."""
    if actor.role == Role.CITIZEN or (actor.role is None and actor.person_id is not None):
        return AuditPurpose.OWN_RECORD
    return AuditPurpose.GUIDANCE


@transaction.atomic
def administration_start(
    *,
    actor: Actor,
    version_id: int,
    person_id: int | None = None,
    occasion: Occasion = Occasion.SINGLE,
) -> Administration:
    """Start a completion of the current version of an instrument.

    A citizen starts one for themselves (no organisation: it is theirs alone); a practitioner or
    service manager for a person their organisation may see, recorded for their organisation.
    Permission: citizens, practitioners, service managers.
    Side effects: audit event.
    """
    administration_policy.require(actor, "administer")
    version = selectors.instrument_version_get(version_id=version_id)
    if actor.role == Role.CITIZEN:
        person = person_for_citizen(actor=actor) or person_register_self(actor=actor)
        organisation_id = None
    else:
        person = get_object_or_404(person_list(actor=actor), id=person_id)
        organisation_id = actor.organisation_id
    language = person.preferred_language if person.preferred_language in LANGUAGES else "nl"
    administration = Administration.objects.create(
        organisation_id=organisation_id,
        person=person,
        version=version,
        occasion=occasion,
        language=language,
        channel=Channel.PORTAL if organisation_id is None else Channel.SESSION,
        started_by=actor.user,
        started_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=_administration_purpose(actor),
        obj=administration,
        person_id=person.id,
        summary=f"{version} {occasion}",
    )
    return administration


def _clean_answer(item: Item, raw: str) -> tuple[str, float | None]:
    """The stored text and number of an answer; ValidationError when it does not fit the item's
    response scale."""
    scale = item.response_scale
    value = raw.strip()
    if scale.type == ResponseScaleType.TEXT:
        if len(value) > scale.max_length:
            raise ValidationError(
                _("Your answer is too long: at most %(max)d characters.")
                % {"max": scale.max_length}
            )
        return value, None
    allowed = {str(option["value"]) for option in scale.options}
    if value not in allowed:
        raise ValidationError(_("Choose one of the answers offered."))
    return value, float(value) if scale.type == ResponseScaleType.NUMERIC else None


@transaction.atomic
def responses_record(
    *, actor: Actor, administration_id: int, answers: Mapping[str, str]
) -> Administration:
    """Save answers (item key -> answer) of an open completion; all of them or none.

    An empty answer removes an earlier one, so people can change their mind.
    Permission: the citizen for their own completion; staff for their organisation's.
    Side effects: audit event.
    """
    administration = selectors.administration_for_answering(
        actor=actor, administration_id=administration_id
    )
    _record_answers(actor, administration, answers)
    return administration


def _record_answers(
    actor: Actor, administration: Administration, answers: Mapping[str, str]
) -> None:
    """Validate and store answers of an open completion (ValidationError: nothing stored)."""
    Administration.objects.select_for_update().filter(id=administration.id).first()
    items = {
        item.key: item
        for item in Item.objects.filter(
            version_id=administration.version_id, key__in=list(answers)
        ).select_related("response_scale")
    }
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, tuple[str, float | None]] = {}
    for key, raw in answers.items():
        item = items.get(key)
        if item is None:
            errors[key] = [_("This question is not part of this questionnaire.")]
            continue
        if raw is None or not str(raw).strip():
            continue
        try:
            cleaned[key] = _clean_answer(item, str(raw))
        except ValidationError as error:
            errors[key] = error.messages
    if errors:
        raise ValidationError(errors)
    cleared = [key for key in answers if key not in cleaned]
    Response.objects.filter(administration=administration, item__key__in=cleared).delete()
    existing = {
        r.item_id: r
        for r in Response.objects.filter(administration=administration, item__key__in=list(cleaned))
    }
    to_create, to_update = [], []
    for key, (value, number) in cleaned.items():
        item = items[key]
        response = existing.get(item.id)
        if response is None:
            to_create.append(
                Response(
                    administration=administration,
                    organisation_id=administration.organisation_id,
                    item=item,
                    value=value,
                    number=number,
                )
            )
        elif response.value != value:
            response.value, response.number = value, number
            to_update.append(response)
    Response.objects.bulk_create(to_create)
    Response.objects.bulk_update(to_update, ["value", "number", "answered_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=_administration_purpose(actor),
        obj=administration,
        person_id=administration.person_id,
        organisation_id=actor.organisation_id or administration.organisation_id,
        summary=_("%(count)d answers saved") % {"count": len(cleaned)},
    )


def response_record(
    *, actor: Actor, administration_id: int, item_key: str, value: str
) -> Administration:
    """Save one answer; see responses_record."""
    return responses_record(
        actor=actor, administration_id=administration_id, answers={item_key: value}
    )


@transaction.atomic
def administration_complete(*, actor: Actor, administration_id: int) -> Administration:
    """Submit a completion: score it with the version it was taken on, once.

    Permission: the citizen for their own completion; staff for their organisation's.
    Side effects: Score rows; audit event.
    """
    administration = selectors.administration_for_answering(
        actor=actor, administration_id=administration_id
    )
    return _complete(actor, administration)


def _complete(actor: Actor, administration: Administration) -> Administration:
    """Score an open completion once (see administration_complete)."""
    # Lock, and look again: a double submission waits here and then finds it completed.
    locked = Administration.objects.select_for_update().get(id=administration.id)
    if locked.completed_at is not None:
        raise ValidationError(_("This questionnaire has already been submitted."))
    version = administration.version
    answers = selectors.answers_of(administration=administration)
    missing = list(
        Item.objects.filter(version=version, required=True)
        .exclude(key__in=list(answers))
        .order_by("position")
    )
    if missing:
        raise ValidationError(
            _("Please answer the required question: %(question)s") % {"question": missing[0].label}
        )
    definition = selectors.definition_of(version)
    results = scoring.score(definition, answers)
    scales = {scale.key: scale for scale in version.scales.prefetch_related("bands")}
    scores = []
    for key, result in results.items():
        scale = scales[key]
        bands = {band.key: band for band in scale.bands.all()}
        scores.append(
            Score(
                administration=administration,
                organisation_id=administration.organisation_id,
                version=version,
                scale=scale,
                value=result.value,
                answered=result.answered,
                total=result.total,
                band=bands.get(result.band.key) if result.band else None,
                percentile=result.percentile,
                t_score=result.t_score,
            )
        )
    Score.objects.bulk_create(scores)
    locked.completed_at = timezone.now()
    locked.save(update_fields=["completed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=_administration_purpose(actor),
        obj=locked,
        person_id=locked.person_id,
        organisation_id=actor.organisation_id or locked.organisation_id,
        summary=_("submitted and scored"),
    )
    return locked


# --- completions through a personal link ---------------------------------------------------------


@dataclass(frozen=True)
class LinkStart:
    organisation_id: int
    person_id: int


@transaction.atomic
def administrations_start_for_link(
    *,
    actor: Actor,
    instrument_key: str,
    starts: Sequence[LinkStart],
    occasion: Occasion = Occasion.FOLLOW_UP,
) -> list[Administration]:
    """Start completions that people answer through a personal link, without logging in.

    For background work of an upper layer (evaluation's follow-ups), which has checked that each
    organisation may contact each person; `actor` is usually Actor.system(). Each completion
    belongs to its organisation, in the person's preferred language, on the instrument's current
    version; returned in the order of `starts`. ValidationError when the instrument is not
    loaded. Set-based: one query for the people, one insert for all completions.
    Side effects: one audit event per completion.
    """
    version = InstrumentVersion.objects.current_of(instrument_key)
    if version is None:
        raise ValidationError(
            _("The questionnaire %(key)s has not been loaded.") % {"key": instrument_key}
        )
    languages = dict(
        Person.objects.filter(id__in={s.person_id for s in starts}).values_list(
            "id", "preferred_language"
        )
    )
    now = timezone.now()
    administrations = Administration.objects.bulk_create(
        Administration(
            organisation_id=start.organisation_id,
            person_id=start.person_id,
            version=version,
            occasion=occasion,
            language=languages[start.person_id]
            if languages[start.person_id] in LANGUAGES
            else "nl",
            channel=Channel.LINK,
            started_by=actor.user,
            started_at=now,
        )
        for start in starts
    )
    for administration in administrations:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            purpose=AuditPurpose.EVALUATION,
            obj=administration,
            person_id=administration.person_id,
            organisation_id=administration.organisation_id,
            summary=f"{version} {occasion} {Channel.LINK}",
        )
    return administrations


def respondent_actor(administration: Administration) -> Actor:
    """Who acts when a person answers through a link: the person, without a login."""
    return Actor(user=None, person_id=administration.person_id)


@transaction.atomic
def respondent_answers_record(
    *, administration_id: int, answers: Mapping[str, str]
) -> Administration:
    """Save answers given through a personal link (see responses_record).

    The caller has checked the link's credential (a signed, expiring token); only open `link`
    completions can be answered this way. Side effects: audit event.
    """
    administration = selectors.administration_for_respondent(administration_id=administration_id)
    _record_answers(respondent_actor(administration), administration, answers)
    return administration


@transaction.atomic
def respondent_complete(*, administration_id: int) -> Administration:
    """Submit and score a completion answered through a personal link, once.

    The caller has checked the link's credential. Side effects: Score rows; audit event.
    """
    administration = selectors.administration_for_respondent(administration_id=administration_id)
    return _complete(respondent_actor(administration), administration)
