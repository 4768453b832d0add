"""Questionnaires as data (Instrument → InstrumentVersion → items, scales, bands, norms) and
their use (Administration → Response, Score).

A version is immutable once administered: changing a definition means loading a new version;
old scores keep pointing at the version they were computed with.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from koers.instruments.querysets import AdministrationQuerySet, InstrumentVersionQuerySet


def localised(text: dict[str, str] | Any, language: str | None = None) -> str:
    """A text in the active language, else Dutch, else whatever language it has."""
    if not isinstance(text, dict) or not text:
        return ""
    language = language or translation.get_language() or "nl"
    return str(
        text.get(language[:2]) or text.get("nl") or text.get("en") or next(iter(text.values()))
    )


class InstrumentKind(models.TextChoices):
    INTEREST_INVENTORY = "interest_inventory", _("Interest inventory")
    SKILLS = "skills", _("Skills self-assessment")
    SCREENER = "screener", _("Screener")
    SATISFACTION = "satisfaction", _("Satisfaction survey")
    OUTCOME = "outcome", _("Outcome questionnaire")
    OTHER = "other", _("Other")


class ValidationStatus(models.TextChoices):
    VALIDATED = "validated", _("Validated")
    ADAPTED = "adapted", _("Adapted from a published instrument")
    UNVALIDATED = "unvalidated", _("Not (yet) validated")


class Instrument(models.Model):
    """A questionnaire, across its versions. Shared by all organisations."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=InstrumentKind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class InstrumentVersion(models.Model):
    """One version of a definition, kept whole in `definition` and spread into rows below."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=32)
    name = models.JSONField(_("name"))
    description = models.JSONField(_("description"), default=dict)
    languages = models.JSONField(_("languages"), default=list)
    source = models.TextField(_("source"))
    licence = models.CharField(_("licence"), max_length=200)
    validation_status = models.CharField(
        _("validation status"), max_length=16, choices=ValidationStatus.choices
    )
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(_("checksum"), max_length=64)
    is_current = models.BooleanField(_("current version"), default=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    objects = InstrumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument__key", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="instrument_version_unique"
            ),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=models.Q(is_current=True),
                name="instrument_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.version}"

    @property
    def title(self) -> str:
        return localised(self.name)

    @property
    def summary(self) -> str:
        return localised(self.description)


class ResponseScaleType(models.TextChoices):
    NUMERIC = "numeric", _("Numeric")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


class ResponseScale(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="response_scales"
    )
    key = models.CharField(_("key"), max_length=64)
    type = models.CharField(_("type"), max_length=16, choices=ResponseScaleType.choices)
    # [{"value": 1, "label": {"nl": …, "en": …}}, …]
    options = models.JSONField(_("options"), default=list)
    max_length = models.PositiveIntegerField(_("maximum length"), default=2000)

    class Meta:
        verbose_name = _("response scale")
        verbose_name_plural = _("response scales")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="response_scale_unique_key")
        ]

    def __str__(self) -> str:
        return self.key


class Item(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("key"), max_length=64)
    position = models.PositiveIntegerField(_("position"))
    section = models.CharField(_("section"), max_length=64)
    text = models.JSONField(_("text"))
    response_scale = models.ForeignKey(
        ResponseScale, on_delete=models.CASCADE, related_name="items"
    )
    reverse = models.BooleanField(_("reverse-keyed"), default=False)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="item_unique_key")]

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        return localised(self.text)


class ScoreMethod(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")


class Scale(models.Model):
    """A scale (items → score) or a composite score (scales → score)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scales")
    key = models.CharField(_("key"), max_length=64)
    position = models.PositiveIntegerField(_("position"))
    name = models.JSONField(_("name"))
    description = models.JSONField(_("description"), default=dict)
    method = models.CharField(_("method"), max_length=8, choices=ScoreMethod.choices)
    min_answered = models.FloatField(_("minimum share answered"))
    score_min = models.FloatField(_("lowest possible score"))
    score_max = models.FloatField(_("highest possible score"))
    items = models.ManyToManyField(Item, related_name="scales", blank=True)
    components = models.ManyToManyField("self", symmetrical=False, blank=True)

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="scale_unique_key")]

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        return localised(self.name)


class Band(models.Model):
    """An interpretation band: low <= score < high (the scale's last band includes high)."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(_("key"), max_length=64)
    position = models.PositiveIntegerField(_("position"))
    low = models.FloatField(_("from"))
    high = models.FloatField(_("to"))
    label = models.JSONField(_("label"))
    text = models.JSONField(_("text"), default=dict)

    class Meta:
        verbose_name = _("band")
        verbose_name_plural = _("bands")
        ordering = ["scale", "position"]
        constraints = [models.UniqueConstraint(fields=["scale", "key"], name="band_unique_key")]

    def __str__(self) -> str:
        return self.key

    @property
    def title(self) -> str:
        return localised(self.label)

    @property
    def explanation(self) -> str:
        return localised(self.text)


class Norm(models.Model):
    scale = models.OneToOneField(Scale, on_delete=models.CASCADE, related_name="norm")
    population = models.JSONField(_("norm group"))
    mean = models.FloatField(_("mean"))
    sd = models.FloatField(_("standard deviation"))
    n = models.PositiveIntegerField(_("number of people"))
    percentiles = models.JSONField(_("percentile table"), default=list)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("norms")

    def __str__(self) -> str:
        return f"{self.scale.key} norm"


class Occasion(models.TextChoices):
    PRE = "pre", _("Before (intake)")
    POST = "post", _("After")
    FOLLOW_UP = "follow_up", _("Follow-up")
    SINGLE = "single", _("Once")


class Channel(models.TextChoices):
    """How a completion was taken."""

    SESSION = "session", _("With a practitioner")
    PORTAL = "portal", _("On their own in the portal")
    LINK = "link", _("Through a personal link")


class Administration(models.Model):
    """One completion of a questionnaire by a person, at an occasion.

    `organisation` is empty when the citizen took it on their own in the portal; then it is
    theirs alone. `channel` says how it was taken; only `link` completions can be answered
    without logging in, by whoever holds the link (see `respondent_*` in services).

    Why there is no engagement here: instruments and delivery are siblings in one layer and may
    not import each other, so a foreign key to `delivery.Engagement` is impossible, and a bare
    integer `engagement_id` would be a foreign key without integrity (nothing could check it
    here, deleting an engagement would leave it dangling). The link lives where both are known:
    the evaluation app's `FollowUp` holds real foreign keys to the engagement and to the
    completion it sent. Pre and post completions pair by person + organisation + occasion (and,
    for a study, the engagement's period), which is what an evaluation compares anyway.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="administrations",
    )
    occasion = models.CharField(
        _("occasion"), max_length=16, choices=Occasion.choices, default=Occasion.SINGLE
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    # db_default too: bulk writers that name their columns (the demo generator) keep working.
    channel = models.CharField(
        _("how it was taken"),
        max_length=8,
        choices=Channel.choices,
        default=Channel.SESSION,
        db_default=Channel.SESSION,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "started_at"], name="administration_org_started"),
            models.Index(fields=["person", "version"], name="administration_person_version"),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.person_id} – {self.occasion}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Response(models.Model):
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="responses")
    value = models.TextField(_("answer"))
    # The answer as a number when the response scale is numeric (before reverse keying), so item
    # means and missingness are one aggregate query.
    number = models.FloatField(_("answer as a number"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["administration", "item"], name="response_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.key}={self.value}"


class Score(models.Model):
    administration = models.ForeignKey(
        Administration, on_delete=models.CASCADE, related_name="scores"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="scores")
    value = models.FloatField(_("score"), null=True, blank=True)
    answered = models.PositiveIntegerField(_("items answered"))
    total = models.PositiveIntegerField(_("items"))
    band = models.ForeignKey(
        Band, null=True, blank=True, on_delete=models.PROTECT, related_name="scores"
    )
    percentile = models.FloatField(_("percentile"), null=True, blank=True)
    t_score = models.FloatField(_("T-score"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["administration", "scale__position"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "scale"], name="score_one_per_scale")
        ]

    def __str__(self) -> str:
        return f"{self.scale.key}={self.value}"
