from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.roles import Role
from koers.organisations.querysets import MembershipQuerySet


class Sector(models.TextChoices):
    SCHOOL = "school", _("School or college")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    EMPLOYER = "employer", _("Employer")
    CAREER_CENTRE = "career_centre", _("Career centre")
    PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service", _("Public employment service")
    MUNICIPALITY = "municipality", _("Municipality")
    NGO = "ngo", _("Non-governmental organisation")
    NETWORK = "network", _("Region or network")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    MIXED = "mixed", _("Mixed")


class Organisation(models.Model):
    """A provider of guidance, or a region or network that groups providers."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    region_code = models.CharField(
        _("region code"),
        max_length=16,
        blank=True,
        help_text=_("Municipality code (e.g. GM0344) or NUTS code (e.g. NL31)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/4/9/"): "everything under a region" is one indexed
    # prefix filter instead of a recursive walk.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in an organisation. One user may hold several."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=[(r.value, r.label) for r in Role if r != Role.CITIZEN],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.CITIZEN), name="membership_not_citizen"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="membership_org_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
