"""Evaluation records: plans (logic models, versioned), studies with their estimates, and
linked outcome data imported from administrative sources."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.evaluation.stats.evidence import Design as StatsDesign


class Design(models.TextChoices):
    NAIVE = StatsDesign.NAIVE.value, _("Naive comparison (no adjustment)")
    PREPOST = StatsDesign.PREPOST.value, _("Before and after (pre/post)")
    MATCHED = StatsDesign.MATCHED.value, _("Matched comparison (propensity score)")
    IPW = StatsDesign.IPW.value, _("Weighted comparison (inverse probability)")
    RANDOMISED = StatsDesign.RANDOMISED.value, _("Randomised controlled trial")


class OutcomeTerm(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class EvaluationPlan(models.Model):
    """One version of a logic model for a service. A change makes a new version; studies refer
    to the version they followed, so a report always shows the plan as it was."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
    )
    series = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("service or programme"), max_length=200)
    inputs = models.TextField(_("inputs"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    # A list of outcomes, each with keys term (short/medium/long), outcome, indicator and
    # time_points: small, always read whole, so JSON rather than a child table.
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    design = models.CharField(_("design"), max_length=16, choices=Design.choices)
    design_justification = models.TextField(_("why this design"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="evaluationplan_version"),
        ]
        indexes = [
            models.Index(fields=["organisation", "series", "-version"], name="evalplan_org_series"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class StudyStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    PUBLISHED = "published", _("Published")


class Study(models.Model):
    """One analysis of one data set with one design, with its diagnostics and evidence level."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="studies",
    )
    plan = models.ForeignKey(
        EvaluationPlan,
        verbose_name=_("evaluation plan (version)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="studies",
    )
    title = models.CharField(_("title"), max_length=200)
    design = models.CharField(_("design"), max_length=16, choices=Design.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=StudyStatus.choices, default=StudyStatus.COMPLETED
    )
    dataset_name = models.CharField(_("data set"), max_length=255, blank=True)
    specification = models.JSONField(_("specification"), default=dict)
    diagnostics = models.JSONField(_("diagnostics"), default=dict)
    sms_level = models.PositiveSmallIntegerField(_("Maryland SMS level"))
    nesta_level = models.PositiveSmallIntegerField(_("Nesta level"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("run on"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation study")
        verbose_name_plural = _("evaluation studies")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="study_org_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sms_level__gte=1, sms_level__lte=5), name="study_sms_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(nesta_level__gte=1, nesta_level__lte=5), name="study_nesta_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EstimateKind(models.TextChoices):
    ADJUSTED = "adjusted", _("Estimate of the design")
    NAIVE = "naive", _("Naive difference")


class Estimate(models.Model):
    """One effect estimate of a study: the design's estimate, and the naive one beside it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    study = models.ForeignKey(
        Study, verbose_name=_("study"), on_delete=models.CASCADE, related_name="estimates"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EstimateKind.choices)
    outcome = models.CharField(_("outcome"), max_length=200)
    estimand = models.CharField(_("estimand"), max_length=32)
    method = models.CharField(_("method"), max_length=64)
    estimate = models.FloatField(_("estimate"))
    ci_low = models.FloatField(_("lower limit (95%)"), null=True, blank=True)
    ci_high = models.FloatField(_("upper limit (95%)"), null=True, blank=True)
    n_treated = models.PositiveIntegerField(_("treated"))
    n_control = models.PositiveIntegerField(_("comparison"))

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        ordering = ["study", "kind"]
        indexes = [models.Index(fields=["organisation", "study"], name="estimate_org_study")]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.estimate:.3f}"


class OutcomeType(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    EARNINGS = "earnings", _("Earnings")
    ENROLMENT = "enrolment", _("Enrolment in education")
    QUALIFICATION = "qualification", _("Qualification")
    BENEFIT_RECEIPT = "benefit_receipt", _("Benefit receipt")


class OutcomeImport(models.Model):
    """One file of linked outcome data, imported in one go: the provenance of its records."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="outcome_imports",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows imported"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows rejected"), default=0)
    # [{"line": 7, "errors": ["..."]}, ...] — kept so the report can be read again later.
    rejected_rows = models.JSONField(_("rejected rows"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome data import")
        verbose_name_plural = _("outcome data imports")
        indexes = [
            models.Index(fields=["organisation", "-imported_at"], name="outcomeimport_org_at")
        ]

    def __str__(self) -> str:
        return self.file_name


class OutcomeRecord(models.Model):
    """An outcome from an administrative source (employment, earnings, ...) about one person."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="outcome_records",
    )
    person_reference = models.CharField(_("person reference"), max_length=64)
    # Linked when the reference is a person the organisation may see; kept as text otherwise.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcome_records",
    )
    outcome_type = models.CharField(_("outcome type"), max_length=32, choices=OutcomeType.choices)
    value = models.FloatField(_("value"))
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200)
    import_batch = models.ForeignKey(
        OutcomeImport,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    line = models.PositiveIntegerField(_("line in file"))

    class Meta:
        verbose_name = _("outcome record")
        verbose_name_plural = _("outcome records")
        indexes = [
            models.Index(
                fields=["organisation", "outcome_type", "date"], name="outcomerecord_org_type"
            ),
            models.Index(fields=["organisation", "person_reference"], name="outcomerecord_org_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.person_reference} {self.outcome_type} {self.date}"


class FollowUpWave(models.Model):
    """A follow-up moment of an organisation: N months after a trajectory ends, the person is
    asked (with consent) how they are doing. A wave is switched off, never deleted, so its
    follow-ups and response rates stay."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="follow_up_waves",
    )
    months = models.PositiveSmallIntegerField(_("months after the end"))
    reminder_after_days = models.PositiveSmallIntegerField(_("reminder after (days)"), default=14)
    # Trajectories that ended before this date are not asked: setting up a moment does not
    # reach back to everyone who ever ended. Set to "moments from the day it was set up on".
    covers_ended_from = models.DateField(_("for trajectories ended from"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up moment")
        verbose_name_plural = _("follow-up moments")
        ordering = ["organisation", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "months"], name="followupwave_unique_months"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=60), name="followupwave_months_1_60"
            ),
            models.CheckConstraint(
                condition=models.Q(reminder_after_days__gte=1, reminder_after_days__lte=60),
                name="followupwave_reminder_1_60",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months}"


class FollowUp(models.Model):
    """One follow-up of one trajectory at one moment: the questionnaire sent and its reminder.

    The unique (engagement, wave) pair is what makes sending idempotent: whatever runs twice,
    a trajectory is asked once per moment. `token` is a random value; the link in the e-mail is
    this value signed with a timestamp (see evaluation.followups), so a copy of the database
    alone cannot make a working link, and the signature's age makes it expire.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    engagement = models.ForeignKey(
        "delivery.Engagement",
        verbose_name=_("guidance trajectory"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    wave = models.ForeignKey(
        FollowUpWave,
        verbose_name=_("follow-up moment"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    administration = models.OneToOneField(
        "instruments.Administration",
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="follow_up",
    )
    token = models.CharField(_("link token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "wave"], name="followup_once_per_wave"),
        ]
        indexes = [
            models.Index(fields=["organisation", "wave"], name="followup_org_wave"),
            models.Index(fields=["sent_at", "reminded_at"], name="followup_reminder_due"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} +{self.wave_id}"
