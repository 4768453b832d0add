"""What the privacy duties leave behind: reviews of erasure requests, retention rules and what
they pseudonymised, research projects and the extracts made for them.

None of these rows holds the personal data it is about: a review names the request, a retention
mark names the trajectory, an extract record holds a checksum of the file, not the file.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_RETENTION_YEARS = 100


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ErasureReview(models.Model):
    """The decision on one erasure request, by a service manager of an organisation that holds
    the person's records, or by the citizen for data they alone hold."""

    request = models.OneToOneField(
        "people.ErasureRequest",
        verbose_name=_("erasure request"),
        on_delete=models.PROTECT,
        related_name="review",
    )
    # Empty when the citizen erased data that no organisation held.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("reviewed by organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    reviewed_by_user_id = models.BigIntegerField(_("reviewed by (user id)"), null=True)
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure review")
        verbose_name_plural = _("erasure reviews")
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-reviewed_at"], name="erasure_org_at")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.decision}"


class RecordType(models.TextChoices):
    ENDED_ENGAGEMENT = "ended_engagement", _("Ended guidance trajectories")


class RetentionRule(models.Model):
    """How long an organisation keeps one type of record before it is pseudonymised."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    record_type = models.CharField(_("type of record"), max_length=32, choices=RecordType.choices)
    years = models.PositiveSmallIntegerField(_("keep for (years)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["organisation", "record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_type"], name="retention_rule_once_per_type"
            ),
            models.CheckConstraint(
                condition=Q(years__gte=1, years__lte=MAX_RETENTION_YEARS),
                name="retention_rule_years_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.years}"


class RetentionMark(models.Model):
    """A trajectory whose free text was pseudonymised after its retention period."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    engagement = models.OneToOneField(
        "delivery.Engagement",
        verbose_name=_("guidance trajectory"),
        on_delete=models.PROTECT,
        related_name="retention_mark",
    )
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), default=timezone.now)

    class Meta:
        verbose_name = _("retention mark")
        verbose_name_plural = _("retention marks")
        indexes = [models.Index(fields=["organisation", "pseudonymised_at"], name="retention_org")]

    def __str__(self) -> str:
        return f"{self.engagement_id}"


class ResearchProject(models.Model):
    """An approved evaluation project. Its secret keys the pseudonyms: stable within the
    project, unlinkable between projects."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("project"), max_length=200)
    secret = models.CharField(_("pseudonym secret"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="research_project_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExtractRecord(models.Model):
    """One pseudonymised extract handed out: for which project and purpose, approved by whom,
    how many rows, and the SHA-256 of the file, so the file can be recognised later."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    project = models.ForeignKey(
        ResearchProject,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="extracts",
    )
    purpose = models.TextField(_("purpose"))
    approved_by = models.EmailField(_("approved by"))
    approved_by_user_id = models.BigIntegerField(_("approved by (user id)"), null=True)
    row_count = models.PositiveIntegerField(_("rows"))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("research extract")
        verbose_name_plural = _("research extracts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="extract_org_at")]

    def __str__(self) -> str:
        return f"{self.project} {self.created_at:%Y-%m-%d}"
