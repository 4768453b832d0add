"""The citizen's own record: one Person for life, their life-status timeline, consents and shares.

A Person belongs to nobody but the citizen (DESIGN.md §4): no organisation column here. A provider
sees a person through its own engagements (delivery app) or through a RecordShare.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a reference is read aloud on the phone and typed from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random public reference such as ``KR-7HQ2-M9XD``; 31^8 ≈ 8.5e11 possibilities."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"KR-{chars[:4]}-{chars[4:]}"


class Language(models.TextChoices):
    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"


class Person(models.Model):
    """The citizen: one record for life, owned by the citizen, not by any provider."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    reference = models.CharField(
        _("reference number"), max_length=16, unique=True, default=new_reference, editable=False
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "id"]
        indexes = [models.Index(fields=["family_name", "given_name"], name="person_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class LifeStatusKind(models.TextChoices):
    IN_EDUCATION = "in_education", _("In education")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed, looking for work")
    INACTIVE_CARING = "inactive_caring", _("Not working, caring or otherwise inactive")
    RETIRED = "retired", _("Retired")


class IscedLevel(models.TextChoices):
    """ISCED 2011 levels; the international yardstick for "highest education"."""

    EARLY_CHILDHOOD = "0", _("ISCED 0 – early childhood education")
    PRIMARY = "1", _("ISCED 1 – primary education")
    LOWER_SECONDARY = "2", _("ISCED 2 – lower secondary (e.g. vmbo)")
    UPPER_SECONDARY = "3", _("ISCED 3 – upper secondary (e.g. havo, vwo, mbo)")
    POST_SECONDARY = "4", _("ISCED 4 – post-secondary non-tertiary")
    SHORT_TERTIARY = "5", _("ISCED 5 – short-cycle tertiary (e.g. associate degree)")
    BACHELOR = "6", _("ISCED 6 – bachelor or equivalent")
    MASTER = "7", _("ISCED 7 – master or equivalent")
    DOCTORAL = "8", _("ISCED 8 – doctoral or equivalent")


class LifeStatus(models.Model):
    """One period in a person's life (in education, employed, …); together: the timeline."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="life_statuses"
    )
    status = models.CharField(_("situation"), max_length=32, choices=LifeStatusKind.choices)
    education_level = models.CharField(
        _("education level"), max_length=2, choices=IscedLevel.choices, blank=True
    )
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    recorded_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        ordering = ["person", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="life_status_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["person", "start_date"], name="life_status_person_start")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.start_date})"


class ConsentPurpose(models.TextChoices):
    EQUITY_MONITORING = "equity_monitoring", _("Equity monitoring")
    SHARE_WITH_PARTNER = "share_with_partner", _("Sharing with partner services")
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Follow-up contact")
    RESEARCH = "research", _("Research")


# What each purpose means, in the words the citizen reads before deciding.
CONSENT_EXPLANATIONS = {
    ConsentPurpose.EQUITY_MONITORING: _(
        "You may tell us your gender, migration background, disability and highest education. "
        "We use them only in counts that show whether guidance reaches everyone equally; nobody "
        "sees them next to your name. When you withdraw, we delete them."
    ),
    ConsentPurpose.SHARE_WITH_PARTNER: _(
        "When your practitioner refers you to a partner service (for example debt advice or a "
        "language course), they may pass on the details needed for that referral."
    ),
    ConsentPurpose.FOLLOW_UP_CONTACT: _(
        "We may contact you some months after your guidance to ask how you are doing, so we can "
        "learn what helps."
    ),
    ConsentPurpose.RESEARCH: _(
        "Your records may be used, without your name, in approved studies about what works in "
        "career guidance."
    ),
}


class Consent(models.Model):
    """A citizen's consent for one purpose: granted at a moment, possibly revoked later."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    granted_at = models.DateTimeField(_("granted"))
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # A plain id, like the audit trail: who recorded it must outlive their login.
    recorded_by_user_id = models.BigIntegerField(_("recorded by (user id)"), null=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("recorded at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(revoked_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("granted_at")),
                name="consent_revoked_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Non-binary or otherwise")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


class MigrationBackground(models.TextChoices):
    NONE = "none", _("No migration background")
    FIRST_GENERATION = "first_generation", _("Born abroad (first generation)")
    SECOND_GENERATION = "second_generation", _("Parent born abroad (second generation)")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


class EquityProfile(models.Model):
    """Attributes for equity monitoring; exists only while equity_monitoring consent is active."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="equity_profile"
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    migration_background = models.CharField(
        _("migration background"), max_length=20, choices=MigrationBackground.choices, blank=True
    )
    disability = models.CharField(
        _("disability or chronic illness"), max_length=16, choices=Disability.choices, blank=True
    )
    highest_education = models.CharField(
        _("highest education completed"), max_length=2, choices=IscedLevel.choices, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("equity profile")
        verbose_name_plural = _("equity profiles")

    def __str__(self) -> str:
        return f"{self.person_id}"


class ShareScope(models.TextChoices):
    """What a record share lets the receiving provider see. Confidential notes never."""

    TIMELINE = "timeline", _("Life-situation timeline")
    ACTION_PLAN = "action_plan", _("Action plan")
    ASSESSMENT_RESULTS = "assessment_results", _("Questionnaire results")
    ACTIVITY_SUMMARY = "activity_summary", _("Summary of activities")


class RecordShareQuerySet(models.QuerySet["RecordShare"]):
    def active(self, now: datetime | None = None) -> RecordShareQuerySet:
        """Not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def with_scope(self, scope: ShareScope) -> RecordShareQuerySet:
        return self.filter(**{f"scope_{scope.value}": True})


class RecordShare(models.Model):
    """The citizen lets one provider see part of their record, until a date or until revoked."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="shares"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("shared with"),
        on_delete=models.CASCADE,
        related_name="record_shares",
    )
    # One boolean per scope: "which persons shared their action plan with us" stays a plain,
    # indexable filter on both SQLite and PostgreSQL.
    scope_timeline = models.BooleanField(ShareScope.TIMELINE.label, default=False)
    scope_action_plan = models.BooleanField(ShareScope.ACTION_PLAN.label, default=False)
    scope_assessment_results = models.BooleanField(
        ShareScope.ASSESSMENT_RESULTS.label, default=False
    )
    scope_activity_summary = models.BooleanField(ShareScope.ACTIVITY_SUMMARY.label, default=False)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    granted_by_user_id = models.BigIntegerField(_("granted by (user id)"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RecordShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("record share")
        verbose_name_plural = _("record shares")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope_timeline=True)
                | models.Q(scope_action_plan=True)
                | models.Q(scope_assessment_results=True)
                | models.Q(scope_activity_summary=True),
                name="record_share_has_scope",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "expires_at"], name="record_share_org_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.organisation_id}"

    @property
    def scopes(self) -> list[ShareScope]:
        return [scope for scope in ShareScope if getattr(self, f"scope_{scope.value}")]

    def is_active(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class ErasureStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


class ErasureRequest(models.Model):
    """A citizen's request to erase their record; handled by the privacy service, not here."""

    # The request outlives the erased person, so it keeps the reference number as text.
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="erasure_requests",
    )
    person_reference = models.CharField(_("reference number"), max_length=16)
    status = models.CharField(
        _("status"), max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.RECEIVED
    )
    reason = models.TextField(_("reason"), blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.person_reference
