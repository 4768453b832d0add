"""The evidence library: items added by analysts, and Koers's own published studies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.evaluation.models import Study
from koers.policy.models import EvidenceItem, EvidenceSource
from koers.policy.permissions import goal_policy


def evidence_from_study(*, study: Study, frozen: dict[str, Any]) -> EvidenceItem:
    """The library entry of a published Koers study (once per study), from its frozen figures.

    Side effects: an EvidenceItem the first time a study is published.
    """
    existing = EvidenceItem.objects.filter(study=study).first()
    if existing is not None:
        return existing
    estimates = [row for row in frozen["estimates"] if row["estimate"] is not None]
    first = estimates[0] if estimates else None
    return EvidenceItem.objects.create(
        citation=f"{study.title} (Koers, {study.created_at:%Y})",
        year=study.created_at.year,
        design=str(frozen["design_label"]),
        sms_level=study.sms_level,
        nesta_level=study.nesta_level,
        outcome_domain=first["outcome"] if first else "",
        effect_size=first["estimate"] if first else None,
        effect_metric=first["estimand"] if first else "",
        ci_low=first["ci_low"] if first else None,
        ci_high=first["ci_high"] if first else None,
        sample_size=(first["n_treated"] + first["n_control"]) if first else None,
        summary=study.title,
        source=EvidenceSource.KOERS,
        study=study,
    )


@transaction.atomic
def evidence_add(*, actor: Actor, **fields: Any) -> EvidenceItem:
    """Add a published finding to the library.

    Permission: policy analysts.
    Side effects: audit event.
    """
    goal_policy.require(actor, "manage")
    item = EvidenceItem(source=EvidenceSource.EXTERNAL, **fields)
    try:
        item.full_clean(exclude=["study"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    if item.ci_low is not None and item.ci_high is not None and item.ci_low > item.ci_high:
        raise ValidationError({"ci_high": _("The upper limit must not be below the lower limit.")})
    item.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        purpose=AuditPurpose.ADMINISTRATION,
        obj=item,
        summary=item.citation[:200],
    )
    return item
