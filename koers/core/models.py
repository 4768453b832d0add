from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: staff of an organisation, or a citizen. Logs in by e-mail."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="nl",
        choices=[("nl", "Nederlands"), ("en", "English")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("operator"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")


class AuditPurpose(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance delivery")
    ADMINISTRATION = "administration", _("Administration")
    QUALITY = "quality", _("Quality assurance")
    EVALUATION = "evaluation", _("Evaluation")
    POLICY = "policy", _("Policy and publication")
    OWN_RECORD = "own_record", _("Citizen's own record")


class AuditEvent(models.Model):
    """One append-only line of the audit trail. The database refuses updates and deletes
    (triggers in migration 0002), so the trail holds even against a bug in Koers."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor_user_id = models.BigIntegerField(_("user id"), null=True)
    actor_email = models.CharField(_("user"), max_length=254, blank=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    # A plain id, not a foreign key: the trail outlives what it describes.
    organisation_id = models.BigIntegerField(_("organisation id"), null=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    purpose = models.CharField(_("purpose"), max_length=32, choices=AuditPurpose.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("person id"), null=True, db_index=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation_id", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type}"
