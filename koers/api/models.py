"""Per-organisation API tokens: how a machine (a school administration system, a data
warehouse) talks to Koers on an organisation's behalf.

The secret is shown once, when the token is made; Koers keeps only its SHA-256 digest and a short
public prefix to find the row. What a token may see and do is described in
`koers.api.authentication`.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.organisations.models import Membership, Organisation


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=16, choices=TokenScope.choices)
    created_by = models.ForeignKey(
        Membership,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Public part of the token ("koers_<prefix>_<secret>"), to find the row without a scan.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="api_token_unique_active_name",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="api_token_org")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now

    @property
    def read_only(self) -> bool:
        return self.scope == TokenScope.READ


class ImportedPerson(models.Model):
    """A person as another system of the organisation knows them: its own reference (a student
    number, a client number) mapped to the Koers person. Re-importing a row with the same
    reference finds the person again instead of registering them twice."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    reference = models.CharField(_("external reference"), max_length=100)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported person")
        verbose_name_plural = _("imported persons")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="imported_person_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["organisation", "person"], name="imported_person_once_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ImportedEngagement(models.Model):
    """An engagement as another system of the organisation knows it (see ImportedPerson)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    reference = models.CharField(_("external reference"), max_length=100)
    engagement = models.OneToOneField(
        "delivery.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported engagement")
        verbose_name_plural = _("imported engagements")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="imported_engagement_unique_reference"
            ),
        ]

    def __str__(self) -> str:
        return self.reference
