"""Quality use cases that write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.organisations.models import Membership
from koers.quality.criteria import (
    criteria_of,
    criterion_definition,
    criterion_met,
    localised,
    option_meets,
)
from koers.quality.engine import snapshots_compute
from koers.quality.framework import FrameworkError, framework_read
from koers.quality.indicators import Period
from koers.quality.models import (
    ActionStatus,
    CriterionKind,
    CriterionResult,
    EvidenceKind,
    Framework,
    ImprovementAction,
    IndicatorSnapshot,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from koers.quality.permissions import quality_policy
from koers.quality.selectors import QUALITY_ROLES


def indicators_recompute(*, year: int, organisation_id: int | None = None) -> int:
    """Recompute snapshots for a year; returns the number of rows stored.

    Side effects: replaces the year's snapshots of the organisation (or of all organisations).
    """
    ids = None if organisation_id is None else [organisation_id]
    return snapshots_compute(period=Period(year), organisation_ids=ids)


def indicators_recompute_request(*, actor: Actor, year: int) -> None:
    """Queue a recomputation for the actor's organisation once the transaction commits.

    Permission: service managers and organisation administrators.
    Side effects: enqueues the indicators_recompute task.
    """
    from koers.quality.tasks import indicators_recompute  # noqa: PLC0415 - tasks import services

    actor.require_role(*QUALITY_ROLES)
    organisation_id = actor.organisation_id
    transaction.on_commit(
        lambda: indicators_recompute.enqueue(year=year, organisation_id=organisation_id)
    )


@transaction.atomic
def framework_load(*, actor: Actor, path: Path) -> Framework:
    """Load a framework file as the current version of its key; loads nothing on any error.

    Side effects: a Framework row (or none when this exact version is already loaded); the
    previous current version of the key stops being current; audit event.
    """
    definition = framework_read(path)
    checksum = hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()
    existing = Framework.objects.filter(
        key=definition["key"], version=definition["version"]
    ).first()
    if existing is not None:
        if existing.checksum != checksum:
            raise FrameworkError(
                f"{path}: version {definition['version']} of {definition['key']!r} is already "
                "loaded with other content; give the changed file a new version"
            )
        return existing
    Framework.objects.filter(key=definition["key"], is_current=True).update(is_current=False)
    framework = Framework.objects.create(
        key=definition["key"],
        version=definition["version"],
        name=definition["name"],
        definition=definition,
        checksum=checksum,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=framework,
        summary=str(framework),
    )
    return framework


# --- self-evaluations -----------------------------------------------------------------------------


def _evaluation_for_update(*, actor: Actor, self_evaluation_id: int) -> SelfEvaluation:
    """The actor's own self-evaluation, locked; a finalised one refuses every change."""
    quality_policy.require(actor, "manage")
    found = get_object_or_404(
        SelfEvaluation.objects.select_for_update()
        .select_related("framework")
        .filter(quality_policy.visible(actor)),
        id=self_evaluation_id,
    )
    if found.is_finalised:
        raise ValidationError(
            _("This self-evaluation has been finalised and can no longer be changed."),
            code="finalised",
        )
    return found


def _fill_computed(evaluation: SelfEvaluation) -> None:
    """Copy each computed criterion's value from the period's snapshots and judge it."""
    computed = CriterionResult.objects.filter(
        self_evaluation=evaluation, kind=CriterionKind.COMPUTED
    )
    snapshots = {
        s.indicator: s
        for s in IndicatorSnapshot.objects.filter(
            organisation_id=evaluation.organisation_id,
            period=evaluation.period,
            breakdown="",
            indicator__in=computed.values("indicator"),
        )
    }
    rows = list(computed)
    definition = evaluation.framework.definition
    for row in rows:
        criterion = criterion_definition(definition, row.criterion_key) or {}
        snapshot = snapshots.get(row.indicator)
        row.value = snapshot.value if snapshot else None
        row.numerator = snapshot.numerator if snapshot else None
        row.denominator = snapshot.denominator if snapshot else None
        row.met = criterion_met(row.value, criterion["comparison"], criterion["threshold"])
    CriterionResult.objects.bulk_update(rows, ["value", "numerator", "denominator", "met"])


def _ensure_snapshots(*, organisation_id: int, period: Period) -> None:
    """Compute the period's indicators for the organisation when none are stored yet."""
    stored = IndicatorSnapshot.objects.filter(
        organisation_id=organisation_id, period=period.key, breakdown=""
    ).exists()
    if not stored:
        snapshots_compute(period=period, organisation_ids=[organisation_id])


@transaction.atomic
def self_evaluation_start(*, actor: Actor, framework_id: int, year: int) -> SelfEvaluation:
    """Start a self-evaluation of the actor's organisation against a framework for a year.

    Computed criteria fill themselves from the year's indicator snapshots (computed first when
    there are none); self-assessed criteria wait for an answer.

    Permission: service managers.
    Side effects: SelfEvaluation and one CriterionResult per criterion; maybe snapshots; audit.
    """
    quality_policy.require(actor, "manage")
    organisation_id = actor.organisation_id or 0
    try:
        period = Period.parse(str(year))
    except ValueError as error:
        raise ValidationError(
            {"year": _("Give a year between 1950 and 2200, such as 2026.")}, code="period"
        ) from error
    framework = Framework.objects.filter(id=framework_id, is_current=True).first()
    if framework is None:
        raise ValidationError({"framework": _("Choose one of the frameworks on offer.")})
    if SelfEvaluation.objects.filter(
        organisation_id=organisation_id, framework__key=framework.key, period=period.key
    ).exists():
        raise ValidationError(
            {
                "year": _("There is already a self-evaluation against %(framework)s for %(year)s.")
                % {"framework": localised(framework.name), "year": period.key}
            },
            code="duplicate",
        )
    _ensure_snapshots(organisation_id=organisation_id, period=period)
    try:
        with transaction.atomic():
            evaluation = SelfEvaluation.objects.create(
                organisation_id=organisation_id,
                framework=framework,
                period=period.key,
                started_by_user_id=actor.user.pk if actor.user else None,
            )
    except IntegrityError as error:  # started at the same moment by a colleague
        raise ValidationError(_("This self-evaluation has just been started.")) from error
    CriterionResult.objects.bulk_create(
        CriterionResult(
            organisation_id=organisation_id,
            self_evaluation=evaluation,
            principle_key=principle["key"],
            criterion_key=criterion["key"],
            position=position,
            kind=criterion["kind"],
            indicator=criterion.get("indicator", ""),
        )
        for position, principle, criterion in criteria_of(framework.definition)
    )
    _fill_computed(evaluation)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.QUALITY,
        obj=evaluation,
        summary=f"{framework} {period.key}",
    )
    return evaluation


@transaction.atomic
def self_evaluation_refresh(*, actor: Actor, self_evaluation_id: int) -> SelfEvaluation:
    """Recompute the period's indicators and refill the computed criteria.

    Permission: service managers; only while the self-evaluation is in progress.
    Side effects: the period's snapshots of the organisation; computed results; audit.
    """
    evaluation = _evaluation_for_update(actor=actor, self_evaluation_id=self_evaluation_id)
    snapshots_compute(
        period=Period.parse(evaluation.period), organisation_ids=[evaluation.organisation_id]
    )
    _fill_computed(evaluation)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        obj=evaluation,
        summary="refreshed computed criteria",
    )
    return evaluation


def _evidence_problems(
    criterion: dict[str, Any], meets: bool, note: str, link: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems["evidence_link"] = _("Give a full web address, starting with https://.")
    if not meets or problems:
        return problems
    # Saying a criterion is met needs the evidence the framework asks for.
    kind = criterion["evidence"]
    if kind == EvidenceKind.NOTE and not note:
        problems["evidence_note"] = _(
            "To say this criterion is met, describe the evidence in a note."
        )
    elif kind == EvidenceKind.LINK and not link:
        problems["evidence_link"] = _("To say this criterion is met, give a link to the evidence.")
    elif kind == EvidenceKind.DOCUMENT and not link:
        problems["evidence_link"] = _(
            "To say this criterion is met, give a link to the document that shows it."
        )
    return problems


@transaction.atomic
def self_evaluation_answer(
    *,
    actor: Actor,
    self_evaluation_id: int,
    criterion_key: str,
    answer: str,
    evidence_note: str = "",
    evidence_link: str = "",
) -> CriterionResult:
    """Answer one self-assessed criterion, with evidence; nothing is saved on any problem.

    An answer that meets the criterion needs the evidence the framework asks for (a note, or a
    link to a page or document); any answer may carry a note or a link.

    Permission: service managers; only while the self-evaluation is in progress.
    Side effects: the criterion's result; audit event.
    """
    evaluation = _evaluation_for_update(actor=actor, self_evaluation_id=self_evaluation_id)
    result = CriterionResult.objects.filter(
        self_evaluation=evaluation, criterion_key=criterion_key
    ).first()
    criterion = criterion_definition(evaluation.framework.definition, criterion_key)
    if result is None or criterion is None:
        raise Http404
    if criterion["kind"] != CriterionKind.SELF_ASSESSED:
        raise ValidationError(_("This criterion is computed from the records; it has no answer."))
    note, link = evidence_note.strip(), evidence_link.strip()
    meets = option_meets(criterion, answer)
    if meets is None:
        raise ValidationError({"answer": _("Choose one of the answers on offer.")})
    problems = _evidence_problems(criterion, meets, note, link)
    if problems:
        raise ValidationError(problems)
    before = {"answer": result.answer, "met": result.met}
    result.answer, result.met = answer, meets
    result.evidence_note, result.evidence_link = note, link
    result.answered_at = timezone.now()
    result.save(update_fields=["answer", "met", "evidence_note", "evidence_link", "answered_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        obj=result,
        summary=f"{evaluation} {criterion_key}",
        changes={"before": before, "after": {"answer": answer, "met": meets}},
    )
    return result


@transaction.atomic
def self_evaluation_finalise(*, actor: Actor, self_evaluation_id: int) -> SelfEvaluation:
    """Finalise a self-evaluation: from now on nothing in it can change.

    Every self-assessed criterion must have an answer first.

    Permission: service managers.
    Side effects: status and finalised_at; audit event.
    """
    evaluation = _evaluation_for_update(actor=actor, self_evaluation_id=self_evaluation_id)
    open_count = CriterionResult.objects.filter(
        self_evaluation=evaluation, kind=CriterionKind.SELF_ASSESSED, answer=""
    ).count()
    if open_count:
        raise ValidationError(
            ngettext(
                "Answer every self-assessed criterion first: %(count)d is still open.",
                "Answer every self-assessed criterion first: %(count)d are still open.",
                open_count,
            )
            % {"count": open_count},
            code="unanswered",
        )
    evaluation.status = SelfEvaluationStatus.FINALISED
    evaluation.finalised_at = timezone.now()
    evaluation.save(update_fields=["status", "finalised_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        obj=evaluation,
        summary=f"finalised {evaluation}",
    )
    return evaluation


# --- improvement actions --------------------------------------------------------------------------


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


def _owner(actor: Actor, owner_id: int) -> Membership:
    owner = Membership.objects.filter(
        id=owner_id, organisation_id=actor.organisation_id or 0, is_active=True
    ).first()
    if owner is None:
        raise ValidationError({"owner": _("Choose someone who works in your organisation.")})
    return owner


@transaction.atomic
def improvement_action_create(
    *,
    actor: Actor,
    self_evaluation_id: int,
    criterion_key: str,
    title: str,
    owner_id: int,
    due_on: dt.date,
    expected_effect: str,
) -> ImprovementAction:
    """Plan an improvement action for a criterion that is not met (or has no data).

    Actions may be planned after a self-evaluation is finalised: that is when most are.

    Permission: service managers.
    Side effects: ImprovementAction; audit event.
    """
    quality_policy.require(actor, "manage")
    result = (
        CriterionResult.objects.filter(
            quality_policy.visible(actor),
            self_evaluation_id=self_evaluation_id,
            criterion_key=criterion_key,
        )
        .select_related("self_evaluation")
        .first()
    )
    if result is None:
        raise Http404
    if result.met is True:
        raise ValidationError(_("This criterion is met; improvement actions are for unmet ones."))
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = _("Say what will be done.")
    if not expected_effect.strip():
        problems["expected_effect"] = _("Say what effect on the indicator you expect.")
    if due_on < timezone.localdate():
        problems["due_on"] = _("The due date cannot be in the past.")
    if problems:
        raise ValidationError(problems)
    action = ImprovementAction.objects.create(
        organisation_id=result.organisation_id,
        criterion_result=result,
        title=title.strip(),
        owner=_owner(actor, owner_id),
        due_on=due_on,
        expected_effect=expected_effect.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.QUALITY,
        obj=action,
        summary=f"{result.self_evaluation} {criterion_key}: {action.title}",
    )
    return action


@transaction.atomic
def improvement_action_update(
    *,
    actor: Actor,
    action_id: int,
    status: str,
    owner_id: int,
    due_on: dt.date,
    what_changed: str = "",
) -> ImprovementAction:
    """Move an action on: change its status, owner or due date; closing it (done or cancelled)
    records what changed. A closed action stays closed.

    Permission: service managers.
    Side effects: the action; audit event with before and after.
    """
    quality_policy.require(actor, "manage")
    action = get_object_or_404(
        ImprovementAction.objects.select_for_update().filter(quality_policy.visible(actor)),
        id=action_id,
    )
    if action.status in CLOSED_STATUSES:
        raise ValidationError(_("This action has been closed and can no longer be changed."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses on offer.")})
    what_changed = what_changed.strip()
    if status in CLOSED_STATUSES and not what_changed:
        raise ValidationError(
            {"what_changed": _("To close an action, record what changed (or why it stopped).")}
        )
    owner = _owner(actor, owner_id)
    before = {"status": action.status, "owner": action.owner_id, "due_on": str(action.due_on)}
    action.status, action.owner, action.due_on = status, owner, due_on
    action.what_changed = what_changed
    action.closed_on = timezone.localdate() if status in CLOSED_STATUSES else None
    action.save(update_fields=["status", "owner", "due_on", "what_changed", "closed_on"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.QUALITY,
        obj=action,
        summary=action.title,
        changes={
            "before": before,
            "after": {"status": status, "owner": owner.id, "due_on": str(due_on)},
        },
    )
    return action
