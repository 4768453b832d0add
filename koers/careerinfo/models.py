"""Career information: the ESCO/ISCO classification, interest profiles and labour-market figures.

This is reference data, shared by every organisation: it carries no organisation and no person.
Concepts are keyed by their ESCO concept URI, so a newer ESCO release updates rows in place and
whatever people have linked to (favourites, goals) keeps pointing at the same row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.careerinfo.matching import RIASEC
from koers.careerinfo.querysets import ConceptTextQuerySet, OccupationQuerySet


class EscoRelease(models.Model):
    """One run of `koers import-esco`: which version, which languages, what changed."""

    version = models.CharField(_("version"), max_length=32)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    sources = models.TextField(_("source files"), blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    obsolete = models.PositiveIntegerField(_("marked obsolete"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)

    class Meta:
        verbose_name = _("ESCO release")
        verbose_name_plural = _("ESCO releases")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"ESCO {self.version}"


class EscoConcept(models.Model):
    """What every ESCO concept has. Obsolete concepts are kept (people may have linked them)."""

    uri = models.CharField(_("concept URI"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=32, blank=True)
    modified_at = models.DateTimeField(_("modified in ESCO"), null=True, blank=True)
    is_obsolete = models.BooleanField(_("obsolete"), default=False)
    last_release = models.ForeignKey(
        EscoRelease,
        verbose_name=_("last seen in release"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class IscoGroup(EscoConcept):
    """An ISCO-08 group (major, sub-major, minor or unit group) as ESCO distributes it."""

    # A string: ISCO codes have meaningful leading zeros ("0110").
    code = models.CharField(_("ISCO-08 code"), max_length=4, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = _("ISCO-08 group")
        verbose_name_plural = _("ISCO-08 groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Occupation(EscoConcept):
    code = models.CharField(_("ESCO code"), max_length=64, blank=True)
    isco_group = models.ForeignKey(
        IscoGroup,
        verbose_name=_("ISCO-08 unit group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occupations",
    )
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader occupation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    regulated_note = models.CharField(_("regulated profession"), max_length=255, blank=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code", "id"]

    def __str__(self) -> str:
        return self.code or self.uri


class SkillKind(models.TextChoices):
    SKILL = "skill", _("Skill or knowledge")
    GROUP = "group", _("Skill group")


class Skill(EscoConcept):
    """A skill, competence or knowledge concept, or a skill group of the hierarchy."""

    kind = models.CharField(_("kind"), max_length=8, choices=SkillKind.choices)
    skill_type = models.CharField(_("skill type"), max_length=32, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=32, blank=True)
    code = models.CharField(_("code"), max_length=64, blank=True)
    # ESCO's skill hierarchy is a polyhierarchy: a skill can sit under several groups.
    broader: models.ManyToManyField[Skill, SkillBroader] = models.ManyToManyField(
        "self",
        through="SkillBroader",
        symmetrical=False,
        related_name="narrower",
        verbose_name=_("broader skills"),
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.uri


class SkillBroader(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    broader = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "broader"], name="skill_broader_unique")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} < {self.broader_id}"


class RelationType(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation_type = models.CharField(_("relation"), max_length=16, choices=RelationType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.relation_type} {self.skill_id}"


class ConceptText(models.Model):
    """The words of one concept in one language: preferred label, alternative labels, description.

    One row per concept and language, not a column per language: ESCO ships 28 languages and a
    new one must not need a migration. Alternative labels stay one newline-separated text (as
    ESCO ships them) because nothing links to a single alternative label; `search_text` holds all
    labels lower-cased and without accents, so a search is one indexed-table scan of ~3,000 rows
    per language instead of a join over ~30,000 label rows.
    Exactly one of the three concept keys is set.
    """

    occupation = models.ForeignKey(
        Occupation, null=True, blank=True, on_delete=models.CASCADE, related_name="texts"
    )
    skill = models.ForeignKey(
        Skill, null=True, blank=True, on_delete=models.CASCADE, related_name="texts"
    )
    isco_group = models.ForeignKey(
        IscoGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8)
    preferred_label = models.CharField(_("preferred label"), max_length=1000)
    alt_labels = models.TextField(_("alternative labels"), blank=True)
    hidden_labels = models.TextField(_("hidden labels"), blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(blank=True)

    objects = ConceptTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("concept text")
        verbose_name_plural = _("concept texts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(occupation__isnull=False, skill__isnull=True, isco_group__isnull=True)
                    | Q(occupation__isnull=True, skill__isnull=False, isco_group__isnull=True)
                    | Q(occupation__isnull=True, skill__isnull=True, isco_group__isnull=False)
                ),
                name="concept_text_one_concept",
            ),
            models.UniqueConstraint(
                fields=["occupation", "language"],
                condition=Q(occupation__isnull=False),
                name="concept_text_occupation_language",
            ),
            models.UniqueConstraint(
                fields=["skill", "language"],
                condition=Q(skill__isnull=False),
                name="concept_text_skill_language",
            ),
            models.UniqueConstraint(
                fields=["isco_group", "language"],
                condition=Q(isco_group__isnull=False),
                name="concept_text_isco_language",
            ),
        ]

    def __str__(self) -> str:
        return self.preferred_label

    @property
    def alt_label_list(self) -> list[str]:
        return [label for label in self.alt_labels.split("\n") if label]


class OnetOccupation(models.Model):
    """An O*NET-SOC 2019 occupation: RIASEC interest levels (1 to 7) and job zone (1 to 5)."""

    code = models.CharField(_("O*NET-SOC code"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=255)
    realistic = models.FloatField(null=True)
    investigative = models.FloatField(null=True)
    artistic = models.FloatField(null=True)
    social = models.FloatField(null=True)
    enterprising = models.FloatField(null=True)
    conventional = models.FloatField(null=True)
    job_zone = models.PositiveSmallIntegerField(_("job zone"), null=True)

    class Meta:
        verbose_name = _("O*NET occupation")
        verbose_name_plural = _("O*NET occupations")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProfilePath(models.TextChoices):
    DIRECT = "direct", _("Crosswalk of the occupation itself")
    BROADER = "broader", _("Crosswalk of a broader occupation")
    ISCO = "isco", _("ISCO-08 unit group via the ISCO–SOC crosswalk")


class OnetLink(models.Model):
    """Provenance: which O*NET occupations an ESCO occupation's interest profile came from."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="onet_links")
    onet = models.ForeignKey(OnetOccupation, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("path"), max_length=8, choices=ProfilePath.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "onet"], name="onet_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.path} {self.onet_id}"


class InterestProfile(models.Model):
    """An occupation's RIASEC profile: the mean of its linked O*NET occupations' levels (1 to 7).

    `z_*` is the same profile centred and scaled to unit length, so the correlation with a
    person's profile is a plain weighted sum the database can rank (see careerinfo.matching).
    """

    occupation = models.OneToOneField(
        Occupation, on_delete=models.CASCADE, related_name="interest_profile"
    )
    realistic = models.FloatField(_("realistic"))
    investigative = models.FloatField(_("investigative"))
    artistic = models.FloatField(_("artistic"))
    social = models.FloatField(_("social"))
    enterprising = models.FloatField(_("enterprising"))
    conventional = models.FloatField(_("conventional"))
    z_r = models.FloatField()
    z_i = models.FloatField()
    z_a = models.FloatField()
    z_s = models.FloatField()
    z_e = models.FloatField()
    z_c = models.FloatField()
    holland_code = models.CharField(_("Holland code"), max_length=3)
    job_zone = models.PositiveSmallIntegerField(_("job zone"), null=True)
    path = models.CharField(_("source path"), max_length=8, choices=ProfilePath.choices)
    onet_count = models.PositiveSmallIntegerField(_("O*NET occupations"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("interest profile")
        verbose_name_plural = _("interest profiles")

    def __str__(self) -> str:
        return self.holland_code

    @property
    def scores(self) -> dict[str, float]:
        return dict(
            zip(
                RIASEC,
                (
                    self.realistic,
                    self.investigative,
                    self.artistic,
                    self.social,
                    self.enterprising,
                    self.conventional,
                ),
                strict=True,
            )
        )


class IndicatorType(models.TextChoices):
    SHORTAGE = "shortage", _("Shortage or tension indicator")
    VACANCIES = "vacancies", _("Vacancies")
    EMPLOYMENT = "employment", _("Employment")
    MEDIAN_WAGE = "median_wage", _("Median wage")
    OUTLOOK = "outlook", _("Outlook")


class LabourMarketIndicator(models.Model):
    """One published figure about an occupation or ISCO group, with where it came from."""

    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    isco_group = models.ForeignKey(
        IscoGroup,
        verbose_name=_("ISCO-08 group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    region_code = models.CharField(_("region code"), max_length=16)
    indicator = models.CharField(_("indicator"), max_length=16, choices=IndicatorType.choices)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=32, blank=True)
    period = models.CharField(_("period"), max_length=16)
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), max_length=500)
    retrieved_on = models.DateField(_("retrieved on"))
    licence = models.CharField(_("licence"), max_length=100)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("labour-market indicator")
        verbose_name_plural = _("labour-market indicators")
        ordering = ["indicator", "region_code", "-period"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupation__isnull=False, isco_group__isnull=True)
                | Q(occupation__isnull=True, isco_group__isnull=False),
                name="lmi_occupation_or_isco",
            ),
            models.UniqueConstraint(
                fields=["occupation", "region_code", "indicator", "period", "source_name"],
                condition=Q(occupation__isnull=False),
                name="lmi_occupation_unique",
            ),
            models.UniqueConstraint(
                fields=["isco_group", "region_code", "indicator", "period", "source_name"],
                condition=Q(isco_group__isnull=False),
                name="lmi_isco_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_code} {self.period}"
