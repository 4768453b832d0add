"""The citizen's own record: one Person for life, their life-status timeline, consents and shares.

A Person belongs to nobody but the citizen (DESIGN.md §4): no organisation column here. A provider
sees a person through its own engagements (delivery app) or through a RecordShare.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
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
