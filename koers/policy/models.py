"""Policy records: funding schemes and vouchers, policy goals through the cycle, publications,
costs and the evidence library.

Owners are regions, networks or national bodies (an `Organisation`); an analyst sees what is
owned by organisations under their own path.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koers.delivery.models import InterventionKind

# --- Funding schemes ----------------------------------------------------------------------------


class EntitlementUnit(models.TextChoices):
    HOURS = "hours", _("Hours")
    SESSIONS = "sessions", _("Sessions")


class FundingScheme(models.Model):
    """A voucher or entitlement scheme: who is eligible (a rule as data), what they get, where."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rule = models.JSONField(_("eligibility rule"))
    unit = models.CharField(_("unit"), max_length=16, choices=EntitlementUnit.choices)
    entitlement = models.DecimalField(_("entitlement per voucher"), max_digits=6, decimal_places=1)
    value_per_unit = models.DecimalField(_("value per unit (euro)"), max_digits=8, decimal_places=2)
    validity_days = models.PositiveIntegerField(_("valid for (days)"))
    providers = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("accredited providers"),
        related_name="+",
        blank=True,
    )
    is_active = models.BooleanField(_("open for new vouchers"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(entitlement__gt=0), name="scheme_entitlement_pos"),
            models.CheckConstraint(condition=Q(validity_days__gte=1), name="scheme_validity_pos"),
        ]
        indexes = [models.Index(fields=["owner", "name"], name="scheme_owner_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def voucher_value(self) -> Decimal:
        return self.entitlement * self.value_per_unit


class EligibilityDecision(models.Model):
    """One decision on one person for one scheme, with the facts used and the reasons."""

    scheme = models.ForeignKey(FundingScheme, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The organisation whose staff asked: the decision is part of their record.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    eligible = models.BooleanField(_("eligible"))
    facts = models.JSONField(_("facts used"))
    rule = models.JSONField(_("rule applied"))
    explanation = models.JSONField(_("explanation"))
    decided_by_user_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility decision")
        verbose_name_plural = _("eligibility decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["scheme", "person"], name="decision_scheme_person")]

    def __str__(self) -> str:
        return f"{self.scheme_id}/{self.person_id} {self.decided_on}"


class Voucher(models.Model):
    """An entitlement issued to one person. Valid from `issued_on` up to and including
    `expires_on`."""

    scheme = models.ForeignKey(FundingScheme, on_delete=models.PROTECT, related_name="vouchers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(
        EligibilityDecision, on_delete=models.PROTECT, related_name="voucher"
    )
    issued_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until (inclusive)"))
    # Copied from the scheme when issued: a later change of the scheme does not change it.
    unit = models.CharField(_("unit"), max_length=16, choices=EntitlementUnit.choices)
    entitlement = models.DecimalField(_("entitlement"), max_digits=6, decimal_places=1)
    value_per_unit = models.DecimalField(_("value per unit (euro)"), max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("issued_on")), name="voucher_expires_after_issue"
            )
        ]
        indexes = [
            models.Index(fields=["scheme", "person", "-issued_on"], name="voucher_scheme_person")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"V{self.pk:07d}"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


class Claim(models.Model):
    """A provider's claim for its unclaimed redemptions of one scheme. The provider's own key
    makes submitting idempotent: the same key returns the same claim."""

    scheme = models.ForeignKey(FundingScheme, on_delete=models.PROTECT, related_name="claims")
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    idempotency_key = models.CharField(_("claim reference"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2)
    submitted_on = models.DateField(_("submitted on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "idempotency_key"], name="claim_unique_provider_key"
            )
        ]
        indexes = [models.Index(fields=["provider", "-submitted_on"], name="claim_provider")]

    def __str__(self) -> str:
        return self.idempotency_key


class Redemption(models.Model):
    """Part of a voucher used for one activity the person attended at an accredited provider."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey("delivery.Activity", on_delete=models.PROTECT, related_name="+")
    units = models.DecimalField(_("units"), max_digits=6, decimal_places=2)
    amount = models.DecimalField(_("amount (euro)"), max_digits=10, decimal_places=2)
    redeemed_on = models.DateField(_("redeemed on"))
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-redeemed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "activity"], name="redemption_once_per_activity"
            ),
            models.CheckConstraint(condition=Q(units__gt=0), name="redemption_units_positive"),
        ]
        indexes = [models.Index(fields=["provider", "claim"], name="redemption_provider_claim")]

    def __str__(self) -> str:
        return f"{self.voucher_id}: {self.units}"


# --- Evidence library ---------------------------------------------------------------------------


class EvidenceSource(models.TextChoices):
    EXTERNAL = "external", _("Published research")
    KOERS = "koers", _("Koers study")


class EvidenceItem(models.Model):
    """One finding about what works in guidance: a citation with its facts, our own summary."""

    citation = models.TextField(_("citation"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    setting = models.CharField(_("setting or sector"), max_length=200, blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    intervention_type = models.CharField(
        _("type of intervention"), max_length=40, choices=InterventionKind.choices, blank=True
    )
    outcome_domain = models.CharField(_("outcome domain"), max_length=200, blank=True)
    design = models.CharField(_("design"), max_length=200, blank=True)
    sms_level = models.PositiveSmallIntegerField(_("Maryland SMS level"), null=True, blank=True)
    nesta_level = models.PositiveSmallIntegerField(_("Nesta level"), null=True, blank=True)
    effect_size = models.FloatField(_("effect size"), null=True, blank=True)
    effect_metric = models.CharField(_("effect size metric"), max_length=100, blank=True)
    ci_low = models.FloatField(_("lower limit (95%)"), null=True, blank=True)
    ci_high = models.FloatField(_("upper limit (95%)"), null=True, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"))
    source = models.CharField(
        _("source"), max_length=16, choices=EvidenceSource.choices, default=EvidenceSource.EXTERNAL
    )
    study = models.OneToOneField(
        "evaluation.Study",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["intervention_type", "-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sms_level__isnull=True) | Q(sms_level__gte=1, sms_level__lte=5),
                name="evidence_sms_1_5",
            ),
            models.CheckConstraint(
                condition=Q(nesta_level__isnull=True) | Q(nesta_level__gte=1, nesta_level__lte=5),
                name="evidence_nesta_1_5",
            ),
        ]
        indexes = [models.Index(fields=["intervention_type"], name="evidence_intervention")]

    def __str__(self) -> str:
        return self.citation[:80]


# --- Policy goals -------------------------------------------------------------------------------


class Phase(models.TextChoices):
    DEVELOP = "develop", _("Develop")
    IMPLEMENT = "implement", _("Implement")
    MONITOR = "monitor", _("Monitor")
    REVIEW = "review", _("Review")


PHASE_ORDER = [Phase.DEVELOP, Phase.IMPLEMENT, Phase.MONITOR, Phase.REVIEW]


class PolicyGoal(models.Model):
    """A policy goal of a region, network or national body, in one cycle of the policy cycle."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("goal"), max_length=300)
    rationale = models.TextField(_("rationale"))
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.DEVELOP
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_cycle",
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations involved"),
        related_name="+",
        blank=True,
    )
    intervention_types = models.ManyToManyField(
        "delivery.InterventionType",
        verbose_name=_("services (types of intervention)"),
        related_name="+",
        blank=True,
    )
    evidence = models.ManyToManyField(
        EvidenceItem, verbose_name=_("evidence"), related_name="goals", blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy goal")
        verbose_name_plural = _("policy goals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="goal_owner_created")]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A target of a goal: an indicator, where it stood (baseline), where it should be, when."""

    goal = models.ForeignKey(PolicyGoal, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=16)
    baseline = models.FloatField(_("baseline"))
    baseline_period = models.CharField(_("baseline year"), max_length=16)
    target_value = models.FloatField(_("target value"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal", "indicator", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.baseline} → {self.target_value}"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as it is")
    ADJUST = "adjust", _("Continue with changes")
    STOP = "stop", _("Stop")


class GoalDecision(models.Model):
    """What the review of a cycle decided."""

    goal = models.OneToOneField(PolicyGoal, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=16, choices=ReviewOutcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"))
    decided_by_user_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self) -> str:
        return str(self.get_outcome_display())


# --- Publications -------------------------------------------------------------------------------


class DisclosedTable(models.Model):
    """One disclosure-controlled table, frozen the first time it is published.

    Every publication that shows a figure of (scope, indicator, period, breakdown) reads it from
    here, so two publications of the same data always hide the same cells.
    """

    scope = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(max_length=16)
    period = models.CharField(max_length=16)
    # "" for the total only, "organisation" for providers, else an equity breakdown.
    breakdown = models.CharField(max_length=32, blank=True)
    minimum = models.PositiveSmallIntegerField()
    # [{"group", "numerator", "denominator", "value"}], None where hidden; the total has group "".
    rows = models.JSONField()
    withheld = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "indicator", "period", "breakdown"], name="disclosed_table_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.breakdown}"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Publication(models.Model):
    """Indicator figures and studies frozen for the public. Immutable once published; a
    correction is a new version that links to the one it corrects."""

    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    period = models.CharField(_("year"), max_length=16)
    indicators = models.JSONField(_("indicators"), default=list)
    breakdowns = models.JSONField(_("breakdowns"), default=list)
    studies = models.ManyToManyField(
        "evaluation.Study", verbose_name=_("evaluation studies"), related_name="+", blank=True
    )
    licence = models.CharField(_("licence"), max_length=32, default="CC-BY-4.0")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    correction_note = models.TextField(_("what was corrected"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    tables = models.ManyToManyField(DisclosedTable, related_name="+", blank=True)
    frozen_studies = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="publication_status_date"),
            models.Index(fields=["owner", "-created_at"], name="publication_owner"),
        ]

    def __str__(self) -> str:
        return self.title


# --- Costs --------------------------------------------------------------------------------------


class CostKind(models.TextChoices):
    BUDGET = "budget", _("Budget line")
    STAFF = "staff", _("Staff hours × rate")
    ACTIVITY = "activity", _("Per-activity cost")


class CostRecord(models.Model):
    """A cost of an organisation in a year, for one service or for the whole offer."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "delivery.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=CostKind.choices)
    description = models.CharField(_("description"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=1, null=True, blank=True)
    rate = models.DecimalField(
        _("rate per hour (euro)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cost record")
        verbose_name_plural = _("cost records")
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["organisation", "year"], name="cost_org_year")]

    def __str__(self) -> str:
        return self.description


class CostBenefitModel(models.Model):
    """A simple cost-benefit model: every assumption explicit, editable and shown."""

    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    assumptions = models.JSONField(_("assumptions"))
    updated_by_user_id = models.BigIntegerField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cost-benefit model")
        verbose_name_plural = _("cost-benefit models")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
