"""Quality assurance records: indicator snapshots, frameworks, self-evaluations, improvement
actions. Everything an organisation owns carries `organisation`; indexes lead with it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndicatorSnapshot(models.Model):
    """One computed indicator value: organisation x period x breakdown group.

    The total row has an empty breakdown and breakdown value. `value` is NULL when there is no
    denominator (no data), never 0.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=16)
    period = models.CharField(_("period"), max_length=16)
    breakdown = models.CharField(_("breakdown"), max_length=32, blank=True)
    breakdown_value = models.CharField(_("group"), max_length=64, blank=True)
    value = models.FloatField(_("value"), null=True)
    numerator = models.FloatField(_("numerator"), null=True)
    denominator = models.FloatField(_("denominator"), null=True)
    definition_version = models.PositiveIntegerField(_("definition version"))
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["indicator", "breakdown", "breakdown_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period", "breakdown", "breakdown_value"],
                name="snapshot_unique_cell",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "period", "indicator"], name="snapshot_org_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.breakdown}={self.breakdown_value}"


class Framework(models.Model):
    """A loaded framework definition (principles or benchmarks with criteria), one per version."""

    key = models.SlugField(_("key"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    name = models.JSONField(_("name"))
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(_("checksum"), max_length=64)
    is_current = models.BooleanField(_("current version"), default=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["key", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_unique_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="framework_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"


class SelfEvaluationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    FINALISED = "finalised", _("Finalised")


class SelfEvaluation(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=16)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SelfEvaluationStatus.choices,
        default=SelfEvaluationStatus.IN_PROGRESS,
    )
    started_by_user_id = models.BigIntegerField(_("started by (user id)"), null=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        ordering = ["-period", "-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework", "period"], name="self_evaluation_once"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-period"], name="self_eval_org_period")]

    def __str__(self) -> str:
        return f"{self.framework} {self.period}"

    @property
    def is_finalised(self) -> bool:
        return self.status == SelfEvaluationStatus.FINALISED


class CriterionKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    NOTE = "note", _("Note")


class CriterionResult(models.Model):
    """One criterion of a self-evaluation: filled from a snapshot, or answered with evidence."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    self_evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="results"
    )
    principle_key = models.CharField(_("principle"), max_length=32)
    criterion_key = models.CharField(_("criterion"), max_length=32)
    position = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=16, choices=CriterionKind.choices)
    indicator = models.CharField(_("indicator"), max_length=16, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    # None: not answered yet or no data.
    met = models.BooleanField(_("met"), null=True)
    answer = models.CharField(_("answer"), max_length=64, blank=True)
    evidence_note = models.TextField(_("note"), blank=True)
    evidence_link = models.URLField(_("link"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        ordering = ["self_evaluation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_evaluation", "criterion_key"], name="criterion_result_once"
            )
        ]

    def __str__(self) -> str:
        return self.criterion_key


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ImprovementAction(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criterion_result = models.ForeignKey(
        CriterionResult,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    title = models.CharField(_("what will be done"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    expected_effect = models.TextField(_("expected effect on the indicator"))
    what_changed = models.TextField(_("what changed"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="action_org_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
