"""Publications: a draft chooses indicators, breakdowns and studies; publishing freezes every
figure through disclosure control; a correction is a new version linking the old one."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.disclosure import DEFAULT_MINIMUM
from koers.core.models import AuditAction, AuditPurpose
from koers.evaluation.models import Estimate, EstimateKind, Study
from koers.organisations.models import Organisation
from koers.policy.aggregates import (
    breakdowns_of,
    publishable_indicators,
    unscoped_table,
)
from koers.policy.models import DisclosedTable, Publication, PublicationStatus
from koers.policy.permissions import publication_policy
from koers.policy.services.evidence import evidence_from_study
from koers.policy.services.schemes import own_organisation
from koers.quality.indicators import Period


def _check_content(period: str, indicators: list[str], breakdowns: list[str]) -> None:
    errors: dict[str, str] = {}
    try:
        Period.parse(period)
    except ValueError:
        errors["period"] = _("Give the year as four digits, for example 2026.")
    unknown = [code for code in indicators if code not in publishable_indicators()]
    if unknown:
        errors["indicators"] = _("These indicators cannot be published: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    known = {name for code in publishable_indicators() for name in breakdowns_of(code)}
    wrong = [name for name in breakdowns if name not in known]
    if wrong:
        errors["breakdowns"] = _("Unknown breakdown: %(names)s.") % {"names": ", ".join(wrong)}
    if errors:
        raise ValidationError(errors)


def _studies(actor: Actor, study_ids: Collection[int]) -> list[Study]:
    studies = list(
        Study.objects.filter(
            id__in=study_ids, organisation__path__startswith=actor.organisation_path or "-"
        )
    )
    if len(studies) != len(set(study_ids)):
        raise ValidationError({"studies": _("Choose studies of organisations in your region.")})
    return studies


@transaction.atomic
def publication_create(
    *,
    actor: Actor,
    title: str,
    summary: str,
    period: str,
    indicators: list[str],
    breakdowns: list[str] = (),  # type: ignore[assignment]
    study_ids: Collection[int] = (),
    licence: str = "CC-BY-4.0",
) -> Publication:
    """A draft publication of the analyst's region or network (nothing is public yet).

    Permission: policy analysts.
    Side effects: audit event.
    """
    publication_policy.require(actor, "manage")
    _check_content(period, list(indicators), list(breakdowns))
    if not title.strip():
        raise ValidationError({"title": _("Give the publication a title.")})
    if not indicators and not study_ids:
        raise ValidationError(_("Choose at least one indicator or study."))
    studies = _studies(actor, study_ids)
    publication = Publication.objects.create(
        owner_id=own_organisation(actor),
        title=title.strip(),
        summary=summary.strip(),
        period=period,
        indicators=list(indicators),
        breakdowns=list(breakdowns),
        licence=licence,
    )
    publication.studies.set(studies)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=publication,
        summary=publication.title,
    )
    return publication


def _for_update(actor: Actor, publication_id: int) -> Publication:
    publication = (
        Publication.objects.select_for_update()
        .select_related("owner")
        .filter(publication_policy.visible(actor), id=publication_id)
        .first()
    )
    if publication is None:
        raise Http404
    return publication


def _frozen_table(
    actor: Actor, scope: Organisation, code: str, *, period: str, breakdown: str, minimum: int
) -> DisclosedTable:
    """The table from the ledger, or protected now and frozen there for every later publication."""
    existing = DisclosedTable.objects.filter(
        scope=scope, indicator=code, period=period, breakdown=breakdown
    ).first()
    if existing is not None:
        return existing
    table = unscoped_table(
        actor=actor,
        scope=scope,
        indicator=code,
        period=period,
        breakdown=breakdown,
        minimum=minimum,
    )
    return DisclosedTable.objects.create(
        scope=scope,
        indicator=code,
        period=period,
        breakdown=breakdown,
        minimum=minimum,
        rows=[row.as_dict() for row in table.rows],
        withheld=table.withheld,
    )


def _frozen_study(study: Study, estimates: list[Estimate], minimum: int) -> dict[str, object]:
    rows = []
    for estimate in estimates:
        small = min(estimate.n_treated, estimate.n_control) < minimum
        rows.append(
            {
                "outcome": estimate.outcome,
                "estimand": estimate.estimand,
                "method": estimate.method,
                "estimate": None if small else estimate.estimate,
                "ci_low": None if small else estimate.ci_low,
                "ci_high": None if small else estimate.ci_high,
                "n_treated": None if small else estimate.n_treated,
                "n_control": None if small else estimate.n_control,
            }
        )
    return {
        "id": study.id,
        "title": study.title,
        "design": study.design,
        "design_label": str(study.get_design_display()),
        "sms_level": study.sms_level,
        "nesta_level": study.nesta_level,
        "estimates": rows,
    }


@transaction.atomic
def publication_publish(
    *, actor: Actor, publication_id: int, minimum: int = DEFAULT_MINIMUM
) -> Publication:
    """Freeze every figure through disclosure control and make the publication public.

    A table of the same scope, indicator, period and breakdown published before is reused as
    it was frozen, so overlapping publications hide exactly the same cells. A study estimate
    with fewer than `minimum` people in either group is withheld.
    Permission: policy analysts of the owner.
    Side effects: DisclosedTable rows (first publication of a table), evidence items for the
    studies, audit event.
    """
    publication_policy.require(actor, "manage")
    publication = _for_update(actor, publication_id)
    if publication.status == PublicationStatus.PUBLISHED:
        raise ValidationError(
            _("This publication is already published; publish a correction instead.")
        )
    tables = [
        _frozen_table(
            actor,
            publication.owner,
            code,
            period=publication.period,
            breakdown=name,
            minimum=minimum,
        )
        for code in publication.indicators
        for name in breakdowns_of(code)
        if name == "" or name in publication.breakdowns
    ]
    publication.tables.set(tables)
    studies = list(publication.studies.order_by("id"))
    estimates = list(
        Estimate.objects.filter(study__in=studies, kind=EstimateKind.ADJUSTED).order_by(
            "study_id", "id"
        )
    )
    publication.frozen_studies = [
        _frozen_study(study, [e for e in estimates if e.study_id == study.id], minimum)
        for study in studies
    ]
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = timezone.now()
    publication.save(update_fields=["frozen_studies", "status", "published_at"])
    for study, frozen in zip(studies, publication.frozen_studies, strict=True):
        evidence_from_study(study=study, frozen=frozen)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=publication,
        summary=f"published: {publication.title}",
        changes={"tables": [t.id for t in tables]},
    )
    return publication


@transaction.atomic
def publication_correct(
    *,
    actor: Actor,
    publication_id: int,
    correction_note: str,
    title: str | None = None,
    summary: str | None = None,
    indicators: list[str] | None = None,
    breakdowns: list[str] | None = None,
) -> Publication:
    """A new draft version of a published publication, linking the one it corrects.

    Permission: policy analysts of the owner.
    Side effects: audit event.
    """
    publication_policy.require(actor, "manage")
    old = _for_update(actor, publication_id)
    if old.status != PublicationStatus.PUBLISHED:
        raise ValidationError(_("Only a published publication can be corrected; edit the draft."))
    if Publication.objects.filter(previous=old).exists():
        raise ValidationError(_("This version has already been corrected; correct the newest."))
    if not correction_note.strip():
        raise ValidationError({"correction_note": _("Say what the correction changes.")})
    new_indicators = old.indicators if indicators is None else indicators
    new_breakdowns = old.breakdowns if breakdowns is None else breakdowns
    _check_content(old.period, list(new_indicators), list(new_breakdowns))
    new = Publication.objects.create(
        owner=old.owner,
        title=(title or old.title).strip(),
        summary=(summary or old.summary).strip(),
        period=old.period,
        indicators=new_indicators,
        breakdowns=new_breakdowns,
        licence=old.licence,
        version=old.version + 1,
        previous=old,
        correction_note=correction_note.strip(),
    )
    new.studies.set(old.studies.all())
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=new,
        summary=f"correction of {old.id}",
    )
    return new
