from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.delivery.models import Engagement
from koers.evaluation import followups, records
from koers.evaluation.analysis import AnalysisError, AnalysisResult, AnalysisSpec, analyse
from koers.evaluation.dataset import DatasetError, Table, read_table
from koers.evaluation.models import (
    Design,
    EstimateKind,
    EvaluationPlan,
    FollowUp,
    FollowUpWave,
    OutcomeImport,
    OutcomeRecord,
    OutcomeTerm,
    OutcomeType,
    Study,
)
from koers.evaluation.permissions import evaluation_policy
from koers.evaluation.selectors import plan_get
from koers.evaluation.stats.evidence import Design as StatsDesign
from koers.instruments import services as instrument_services
from koers.instruments.models import Occasion
from koers.people.models import Consent, ConsentPurpose
from koers.people.selectors import person_list

PLAN_FIELDS = ("title", "inputs", "activities", "outputs", "outcomes", "design")
OUTCOME_KEYS = ("term", "outcome", "indicator", "time_points")
IMPORT_COLUMNS = ("person_reference", "outcome_type", "value", "date", "source")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def _organisation_id(actor: Actor) -> int:
    """The actor's organisation; the policy already refused actors without one."""
    if actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def _clean_outcomes(outcomes: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for number, outcome in enumerate(outcomes, start=1):
        row = {key: str(outcome.get(key, "")).strip() for key in OUTCOME_KEYS}
        if row["term"] not in OutcomeTerm.values:
            raise ValidationError(
                _("Outcome %(number)d: the term must be short, medium or long.")
                % {"number": number}
            )
        missing = [key for key in ("outcome", "indicator", "time_points") if not row[key]]
        if missing:
            raise ValidationError(
                _("Outcome %(number)d needs an outcome, an indicator and measurement times.")
                % {"number": number}
            )
        cleaned.append(row)
    return cleaned


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    title: str,
    design: Design,
    inputs: str = "",
    activities: str = "",
    outputs: str = "",
    outcomes: Sequence[dict[str, str]] = (),
    design_justification: str = "",
) -> EvaluationPlan:
    """Write the first version of an evaluation plan (logic model) for a service.

    Permission: service managers of the organisation.
    Side effects: audit event.
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    plan = EvaluationPlan(
        organisation_id=organisation_id,
        title=title.strip(),
        design=design,
        inputs=inputs,
        activities=activities,
        outputs=outputs,
        outcomes=_clean_outcomes(outcomes),
        design_justification=design_justification,
        created_by=actor.user,
    )
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.EVALUATION,
        obj=plan,
        summary=plan.title,
    )
    return plan


@transaction.atomic
def plan_revise(
    *,
    actor: Actor,
    plan_id: int,
    title: str,
    design: Design,
    inputs: str = "",
    activities: str = "",
    outputs: str = "",
    outcomes: Sequence[dict[str, str]] = (),
    design_justification: str = "",
) -> EvaluationPlan:
    """Save a changed plan as a new version; earlier versions stay as they were.

    Permission: service managers of the organisation.
    Side effects: audit event.
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    current = plan_get(actor=actor, plan_id=plan_id)
    latest = (
        EvaluationPlan.objects.select_for_update()
        .filter(series=current.series, organisation_id=organisation_id)
        .order_by("-version")
        .first()
    )
    assert latest is not None  # noqa: S101 - current itself is in the series
    revised = EvaluationPlan(
        organisation_id=organisation_id,
        series=current.series,
        version=latest.version + 1,
        title=title.strip(),
        design=design,
        inputs=inputs,
        activities=activities,
        outputs=outputs,
        outcomes=_clean_outcomes(outcomes),
        design_justification=design_justification,
        created_by=actor.user,
    )
    changes = {
        name: [getattr(latest, name), getattr(revised, name)]
        for name in (*PLAN_FIELDS, "design_justification")
        if getattr(latest, name) != getattr(revised, name)
    }
    if not changes:
        raise ValidationError(_("Nothing has changed, so no new version was made."))
    revised.full_clean()
    revised.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.EVALUATION,
        obj=revised,
        summary=f"{revised.title} v{revised.version}",
        changes={"fields": sorted(changes)},
    )
    return revised


@transaction.atomic
def study_run(
    *,
    actor: Actor,
    title: str,
    data: bytes,
    filename: str,
    spec: AnalysisSpec,
    plan_id: int | None = None,
) -> Study:
    """Run a design on an uploaded data set and store the study with its estimates.

    Permission: service managers of the organisation.
    Side effects: audit event. Nothing is stored when the data cannot support the analysis
    (ValidationError with the reason).
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    plan = plan_get(actor=actor, plan_id=plan_id) if plan_id else None
    try:
        table = read_table(data, filename=filename)
        result = analyse(table, spec)
    except (DatasetError, AnalysisError) as error:
        raise ValidationError(str(error)) from None
    return _study_store(
        actor=actor,
        organisation_id=organisation_id,
        plan=plan,
        title=title,
        spec=spec,
        result=result,
        dataset_name=filename,
    )


def _study_store(
    *,
    actor: Actor,
    organisation_id: int,
    plan: EvaluationPlan | None,
    title: str,
    spec: AnalysisSpec,
    result: AnalysisResult,
    dataset_name: str,
    source: dict[str, Any] | None = None,
) -> Study:
    """Store a study with its estimates (the design's and the naive one) and audit it."""
    specification = asdict(spec)
    specification["interactions"] = [list(pair) for pair in spec.interactions]
    if source:
        specification["source"] = source
    study = Study.objects.create(
        organisation_id=organisation_id,
        plan=plan,
        title=title.strip(),
        design=spec.design,
        dataset_name=dataset_name[:255],
        specification=specification,
        diagnostics=result.as_dict(),
        sms_level=result.evidence_level.sms,
        nesta_level=result.evidence_level.nesta,
        created_by=actor.user,
    )
    n_treated = int(result.details.get("n_treated_used", result.n_treated))
    n_control = int(result.details.get("n_comparison_used", result.n_comparison))
    study.estimates.create(
        organisation_id=organisation_id,
        kind=EstimateKind.ADJUSTED,
        outcome=spec.outcome,
        estimand=result.estimand,
        method=result.method,
        estimate=result.estimate,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        n_treated=n_treated,
        n_control=n_control,
    )
    if result.naive_difference is not None and spec.design != StatsDesign.NAIVE:
        study.estimates.create(
            organisation_id=organisation_id,
            kind=EstimateKind.NAIVE,
            outcome=spec.outcome,
            estimand="difference_in_means",
            method="unadjusted",
            estimate=result.naive_difference,
            n_treated=result.n_treated,
            n_control=result.n_comparison,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.EVALUATION,
        obj=study,
        summary=study.title,
    )
    return study


@transaction.atomic
def study_run_from_records(
    *,
    actor: Actor,
    title: str,
    design: StatsDesign,
    outcome: str = "cms_post",
    plan_id: int | None = None,
    seed: int = 0,
) -> Study:
    """Run a study on the organisation's own records (see evaluation.records) and store it.

    pre/post: the career management skills total before and after, within persons;
    matched or weighted: intensive guidance against the other levels, on `outcome`, adjusted
    for age and unemployment and education at the start.
    Permission: service managers. Nothing is stored when the records cannot support the
    analysis (ValidationError with the reason). Side effects: audit event.
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    plan = plan_get(actor=actor, plan_id=plan_id) if plan_id else None
    if design == StatsDesign.PREPOST:
        table = records.prepost_table(organisation_id=organisation_id)
        spec = AnalysisSpec(design=design, outcome="post", pre="pre", seed=seed)
        source = {"source": "records", "instrument": records.CMS_INSTRUMENT}
    elif design in (StatsDesign.MATCHED, StatsDesign.IPW):
        if outcome not in records.RECORD_OUTCOMES:
            raise ValidationError({"outcome": _("Choose one of the outcomes offered.")})
        table = records.matched_table(organisation_id=organisation_id, outcome=outcome)
        spec = AnalysisSpec(
            design=design,
            outcome="outcome",
            treatment="treated",
            covariates=records.COVARIATES,
            seed=seed,
        )
        source = {"source": "records", "outcome": outcome, "treated": "individual_case_managed"}
    else:
        raise ValidationError(
            {"design": _("From records, run a pre/post, matched or weighted comparison.")}
        )
    try:
        result = analyse(table, spec)
    except AnalysisError as error:
        raise ValidationError(str(error)) from None
    return _study_store(
        actor=actor,
        organisation_id=organisation_id,
        plan=plan,
        title=title,
        spec=spec,
        result=result,
        dataset_name=str(_("Koers records")),
        source=source,
    )


@dataclass
class ImportReport:
    batch: OutcomeImport | None
    imported: int
    rejected: list[dict[str, Any]] = field(default_factory=list)


def _parse_date(text: str) -> dt.date | None:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    return None


def _validate_row(
    table: Table, row: list[str], indexes: dict[str, int]
) -> tuple[dict[str, Any], list[str]]:
    def cell(name: str) -> str:
        index = indexes[name]
        return row[index].strip() if index < len(row) else ""

    errors: list[str] = []
    reference = cell("person_reference")
    if not reference:
        errors.append(_("The person reference is empty."))
    elif len(reference) > 64:  # noqa: PLR2004 - the field's length
        errors.append(_("The person reference is longer than 64 characters."))
    outcome_type = cell("outcome_type")
    if outcome_type not in OutcomeType.values:
        errors.append(
            _('Unknown outcome type "%(value)s"; use one of %(choices)s.')
            % {"value": outcome_type, "choices": ", ".join(OutcomeType.values)}
        )
    value_text = cell("value")
    if table.decimal_comma and "," in value_text and "." not in value_text:
        value_text = value_text.replace(",", ".")
    try:
        value = float(value_text)
    except ValueError:
        value = None
        errors.append(_('The value "%(value)s" is not a number.') % {"value": cell("value")})
    date = _parse_date(cell("date"))
    if date is None:
        errors.append(
            _('The date "%(value)s" is not a date like 2025-03-31.') % {"value": cell("date")}
        )
    source = cell("source")
    if not source:
        errors.append(_("The source is empty."))
    return {
        "person_reference": reference,
        "outcome_type": outcome_type,
        "value": value,
        "date": date,
        "source": source[:200],
    }, errors


@transaction.atomic
def outcome_import(
    *, actor: Actor, data: bytes, filename: str, all_or_nothing: bool = True
) -> ImportReport:
    """Import linked outcome records from a CSV/XLSX file, validating every row.

    With `all_or_nothing` (the default) one bad row means nothing is imported and every bad
    row is reported; otherwise the good rows are imported and the bad ones reported and kept
    with the import. Records link to a person when the reference is one the organisation may see.
    Permission: service managers of the organisation.
    Side effects: an OutcomeImport with its records; audit event.
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    try:
        table = read_table(data, filename=filename)
        indexes = {name: table.column_index(name) for name in IMPORT_COLUMNS}
    except DatasetError as error:
        raise ValidationError(str(error)) from None
    valid: list[tuple[int, dict[str, Any]]] = []
    rejected: list[dict[str, Any]] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        values, errors = _validate_row(table, row, indexes)
        if errors:
            rejected.append({"line": line, "errors": errors})
        else:
            valid.append((line, values))
    if rejected and all_or_nothing:
        return ImportReport(batch=None, imported=0, rejected=rejected)
    references = {values["person_reference"] for _line, values in valid}
    person_ids = dict(
        person_list(actor=actor).filter(reference__in=references).values_list("reference", "id")
    )
    batch = OutcomeImport.objects.create(
        organisation_id=organisation_id,
        file_name=table.source[:255],
        row_count=len(valid),
        rejected_count=len(rejected),
        rejected_rows=rejected,
        imported_by=actor.user,
    )
    OutcomeRecord.objects.bulk_create(
        [
            OutcomeRecord(
                organisation_id=organisation_id,
                person_id=person_ids.get(values["person_reference"]),
                import_batch=batch,
                line=line,
                **values,
            )
            for line, values in valid
        ],
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.EVALUATION,
        obj=batch,
        summary=_("%(file)s: %(imported)d rows imported, %(rejected)d rejected")
        % {"file": batch.file_name, "imported": len(valid), "rejected": len(rejected)},
    )
    return ImportReport(batch=batch, imported=len(valid), rejected=rejected)


# --- follow-ups ---------------------------------------------------------------------------------

FOLLOW_UP_INSTRUMENT = "outcome-follow-up"


@transaction.atomic
def follow_up_wave_add(*, actor: Actor, months: int, reminder_after_days: int = 14) -> FollowUpWave:
    """Add a follow-up moment (N months after a trajectory ends), or switch it on again.

    It covers trajectories whose moment falls from today on; it never reaches back to everyone
    who ended before. Permission: service managers. Side effects: audit event.
    """
    evaluation_policy.require(actor, "manage")
    organisation_id = _organisation_id(actor)
    if not 1 <= months <= 60:  # noqa: PLR2004 - the model's check constraint
        raise ValidationError({"months": _("Choose a moment between 1 and 60 months.")})
    if not 1 <= reminder_after_days <= 60:  # noqa: PLR2004 - the model's check constraint
        raise ValidationError(
            {"reminder_after_days": _("Send the reminder between 1 and 60 days later.")}
        )
    wave = FollowUpWave.objects.filter(organisation_id=organisation_id, months=months).first()
    if wave is not None and wave.is_active:
        raise ValidationError({"months": _("This moment has already been set up.")})
    if wave is None:
        wave = FollowUpWave(
            organisation_id=organisation_id,
            months=months,
            covers_ended_from=followups.months_before(timezone.localdate(), months),
        )
    wave.reminder_after_days = reminder_after_days
    wave.is_active = True
    wave.full_clean()
    wave.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.EVALUATION,
        obj=wave,
        summary=f"follow-up after {months} months",
    )
    return wave


@transaction.atomic
def follow_up_wave_stop(*, actor: Actor, wave_id: int) -> FollowUpWave:
    """Switch a follow-up moment off: no new follow-ups or reminders; its results stay.

    Permission: service managers. Side effects: audit event.
    """
    evaluation_policy.require(actor, "manage")
    wave = get_object_or_404(
        FollowUpWave.objects.select_for_update().filter(evaluation_policy.visible(actor)),
        id=wave_id,
    )
    wave.is_active = False
    wave.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.EVALUATION,
        obj=wave,
        summary=f"follow-up after {wave.months} months stopped",
    )
    return wave


def _contactable(person: str = "person") -> Q:
    """People who consent to follow-up contact now and have an e-mail address."""
    consent = Consent.objects.filter(
        person_id=OuterRef(f"{person}_id"),
        purpose=ConsentPurpose.FOLLOW_UP_CONTACT,
        revoked_at__isnull=True,
    )
    return Q(Exists(consent)) & ~Q(**{f"{person}__email": ""})


@dataclass(frozen=True)
class FollowUpRun:
    invited: int
    reminded: int


def _due_follow_ups(today: dt.date) -> list[tuple[int, int, int, int]]:
    """(engagement, organisation, person, wave) for every follow-up due today and not sent.

    One query per distinct moment in use (3, 6, 12 … months), however many trajectories: a
    trajectory is due at N months when it ended on or before today minus N months, on or after
    the date the moment covers, its organisation has the moment switched on, the person may be
    contacted, and it has no follow-up for that moment yet.
    """
    waves = FollowUpWave.objects.filter(is_active=True)
    due: list[tuple[int, int, int, int]] = []
    for months in sorted(set(waves.values_list("months", flat=True))):
        wave = waves.filter(organisation_id=OuterRef("organisation_id"), months=months)
        sent = FollowUp.objects.filter(engagement_id=OuterRef("pk"), wave_id=OuterRef("wave_id"))
        rows = (
            Engagement.objects.filter(
                ended_on__isnull=False, ended_on__lte=followups.months_before(today, months)
            )
            .annotate(
                wave_id=Subquery(wave.values("id")[:1]),
                covers_from=Subquery(wave.values("covers_ended_from")[:1]),
            )
            .filter(wave_id__isnull=False, ended_on__gte=F("covers_from"))
            .filter(_contactable())
            .exclude(Exists(sent))
            .order_by("id")
            .values_list("id", "organisation_id", "person_id", "wave_id")
        )
        due.extend(rows)
    return due


def _enqueue_mails(ids: list[int], *, reminder: bool) -> None:
    from koers.evaluation.tasks import followup_mail  # noqa: PLC0415 - tasks import services

    for follow_up_id in ids:
        followup_mail.enqueue(follow_up_id=follow_up_id, reminder=reminder)


@transaction.atomic
def followups_send_due(*, today: dt.date) -> FollowUpRun:
    """Send every follow-up that is due, and the one reminder where it is due; idempotent.

    New follow-ups: a completion of the follow-up questionnaire (answered through a personal
    link) and a FollowUp row per trajectory and moment; the unique (trajectory, moment) pair
    means a second run, or two at once, never asks twice (a clash rolls the run back and the
    next run picks up what is left). Reminders: once, `reminder_after_days` after the invitation,
    only while the questionnaire is open, the link is valid and the person still consents.
    The mails go after the commit (one task each), so a rolled-back run sends nothing.
    Side effects: Administration and FollowUp rows, audit events, e-mails.
    """
    now = timezone.now()
    due = _due_follow_ups(today)
    administrations = (
        instrument_services.administrations_start_for_link(
            actor=Actor.system(),
            instrument_key=FOLLOW_UP_INSTRUMENT,
            starts=[instrument_services.LinkStart(org, person) for _e, org, person, _w in due],
            occasion=Occasion.FOLLOW_UP,
        )
        if due
        else []
    )
    try:
        with transaction.atomic():
            created = FollowUp.objects.bulk_create(
                FollowUp(
                    organisation_id=organisation_id,
                    engagement_id=engagement_id,
                    wave_id=wave_id,
                    administration=administration,
                    token=followups.new_token(),
                    sent_at=now,
                )
                for (engagement_id, organisation_id, _p, wave_id), administration in zip(
                    due, administrations, strict=True
                )
            )
    except IntegrityError:
        raise ValidationError(
            _("Another run is sending these follow-ups; nothing was sent. Try again later.")
        ) from None
    reminded = _remind(today, now)
    invited_ids = [follow_up.id for follow_up in created]
    transaction.on_commit(lambda: _enqueue_mails(invited_ids, reminder=False))
    transaction.on_commit(lambda: _enqueue_mails(reminded, reminder=True))
    return FollowUpRun(invited=len(invited_ids), reminded=len(reminded))


def _remind(today: dt.date, now: dt.datetime) -> list[int]:
    """Mark the follow-ups whose one reminder is due; returns their ids."""
    open_ = FollowUp.objects.filter(
        reminded_at__isnull=True,
        sent_at__isnull=False,
        wave__is_active=True,
        administration__completed_at__isnull=True,
    ).filter(_contactable("engagement__person"))
    ids: list[int] = []
    link_start = today - dt.timedelta(days=followups.LINK_VALID_DAYS)
    for days in sorted(set(open_.values_list("wave__reminder_after_days", flat=True))):
        ids.extend(
            open_.filter(
                wave__reminder_after_days=days,
                sent_at__date__lte=today - dt.timedelta(days=days),
                sent_at__date__gt=link_start,
            ).values_list("id", flat=True)
        )
    FollowUp.objects.filter(id__in=ids).update(reminded_at=now)
    return ids


def followup_mail_deliver(*, follow_up_id: int, reminder: bool) -> bool:
    """Send the invitation or reminder of one follow-up, if the person may still be contacted.

    Returns whether a mail went out. Side effects: one e-mail.
    """
    follow_up = (
        FollowUp.objects.filter(id=follow_up_id, administration__completed_at__isnull=True)
        .filter(_contactable("engagement__person"))
        .select_related("engagement__person", "wave", "administration", "organisation")
        .first()
    )
    if follow_up is None:
        return False
    person = follow_up.engagement.person
    followups.followup_mail_send(
        email=person.email,
        language=follow_up.administration.language,
        given_name=person.given_name,
        organisation=follow_up.organisation.name,
        months=follow_up.wave.months,
        token=follow_up.token,
        reminder=reminder,
    )
    return True


def followup_for_link(*, signed: str) -> FollowUp:
    """The open follow-up a link points at; LinkError when the link is invalid, expired or
    already used (its questionnaire has been submitted)."""
    token = followups.link_token(signed)
    follow_up = (
        FollowUp.objects.filter(token=token)
        .select_related("administration__version__instrument", "administration__person")
        .first()
    )
    if follow_up is None:
        raise followups.LinkError(followups.LinkProblem.INVALID)
    if follow_up.administration.completed_at is not None:
        raise followups.LinkError(followups.LinkProblem.USED)
    return follow_up
