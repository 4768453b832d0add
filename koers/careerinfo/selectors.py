"""Reads for the career information pages and for matching.

ESCO, ISCO and O*NET are public reference data: no organisation owns them and no person's data
is read here, so these selectors take no actor. Labels come in the requested language and fall
back to English where ESCO has no translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import get_language

from koers.careerinfo.matching import (
    RIASEC,
    profile_scores,
    shared_interests,
    skills_gap,
    unit_centred,
)
from koers.careerinfo.models import (
    ConceptText,
    InterestProfile,
    LabourMarketIndicator,
    Occupation,
    OccupationSkill,
    RelationType,
)
from koers.careerinfo.text import normalise

FALLBACK_LANGUAGE = "en"
MAX_QUERY_LENGTH = 100
MAX_MATCHES = 100


def current_language() -> str:
    return (get_language() or FALLBACK_LANGUAGE).split("-")[0]


def _text(key: str, outer: str, language: str, field: str = "preferred_label") -> Coalesce:
    """The `field` of the concept `outer` points at, in `language`, else in English (one
    correlated subquery each, so a page of rows costs no extra queries)."""

    def in_language(code: str) -> Subquery:
        texts = ConceptText.objects.filter(**{key: OuterRef(outer)}, language=code)
        return Subquery(texts.values(field)[:1])

    return Coalesce(in_language(language), in_language(FALLBACK_LANGUAGE), Value(""))


def occupation_search(*, query: str = "", language: str | None = None) -> QuerySet[Occupation]:
    """Current occupations whose preferred or alternative labels contain `query`, by label.

    Matching ignores case and accents ("inspicient" finds "inspiciënt") and looks in the
    current language and in English. It is one LIKE scan over ~3,000 label rows per language
    (see ConceptText); the caller paginates.
    """
    language = language or current_language()
    occupations = Occupation.objects.current()
    needle = normalise(query)[:MAX_QUERY_LENGTH]
    if needle:
        matching = ConceptText.objects.filter(
            occupation=OuterRef("pk"),
            language__in={language, FALLBACK_LANGUAGE},
            search_text__contains=needle,
        )
        occupations = occupations.filter(Exists(matching))
    return (
        occupations.select_related("isco_group")
        .annotate(label=_text("occupation", "pk", language))
        .order_by("label", "id")
    )


@dataclass(frozen=True)
class SkillRow:
    skill_id: int
    label: str
    relation_type: str


@dataclass(frozen=True)
class OccupationDetail:
    occupation: Occupation
    label: str
    alt_labels: list[str]
    description: str
    isco_label: str
    essential: list[SkillRow]
    optional: list[SkillRow]
    profile: InterestProfile | None
    indicators: list[LabourMarketIndicator]
    language_fallback: bool


def occupation_get(*, occupation_id: int, language: str | None = None) -> OccupationDetail:
    """Everything the occupation page shows, in five queries whatever the occupation.

    Obsolete occupations stay reachable (people may have saved them); the page says so.
    """
    language = language or current_language()
    occupation = (
        Occupation.objects.select_related("isco_group", "interest_profile")
        .annotate(isco_label=_text("isco_group", "isco_group_id", language))
        .filter(id=occupation_id)
        .first()
    )
    if occupation is None:
        raise Http404
    texts = {
        text.language: text
        for text in ConceptText.objects.filter(
            occupation=occupation, language__in={language, FALLBACK_LANGUAGE}
        )
    }
    text = texts.get(language) or texts.get(FALLBACK_LANGUAGE)
    skills = _skill_rows(OccupationSkill.objects.filter(occupation=occupation), language)
    indicators = list(
        LabourMarketIndicator.objects.filter(occupation=occupation)
        | LabourMarketIndicator.objects.filter(isco_group_id=occupation.isco_group_id)
    )
    return OccupationDetail(
        occupation=occupation,
        label=text.preferred_label if text else occupation.uri,
        alt_labels=text.alt_label_list if text else [],
        description=text.description if text else "",
        isco_label=occupation.isco_label,  # type: ignore[attr-defined] # annotated above
        essential=[row for row in skills if row.relation_type == RelationType.ESSENTIAL],
        optional=[row for row in skills if row.relation_type == RelationType.OPTIONAL],
        profile=getattr(occupation, "interest_profile", None),
        indicators=indicators,
        language_fallback=language not in texts,
    )


def _skill_rows(links: QuerySet[OccupationSkill], language: str) -> list[SkillRow]:
    rows = links.annotate(label=_text("skill", "skill_id", language)).order_by("label")
    return [SkillRow(row.skill_id, row.label, row.relation_type) for row in rows]


def occupation_skills_gap(
    *, occupation_id: int, declared_skill_ids: set[int], language: str | None = None
) -> list[SkillRow]:
    """The occupation's essential skills that are not among the declared ones, by label."""
    language = language or current_language()
    essential = OccupationSkill.objects.filter(
        occupation_id=occupation_id, relation_type=RelationType.ESSENTIAL
    )
    missing = skills_gap(essential.values_list("skill_id", flat=True), declared_skill_ids)
    return _skill_rows(essential.filter(skill_id__in=missing), language)


@dataclass(frozen=True)
class InterestMatch:
    occupation_id: int
    label: str
    holland_code: str
    score: float
    shared: list[str]  # the person's top interest types the occupation shares: the "why"
    job_zone: int | None


def occupations_matching_interests(
    *, profile: Mapping[str, float], limit: int = 20, language: str | None = None
) -> list[InterestMatch]:
    """Occupations ranked by the correlation of their RIASEC profile with `profile`.

    `profile` maps R, I, A, S, E, C to a person's scale scores, on any scale (a correlation
    compares shapes). The database ranks all current profiles with one weighted sum over stored
    unit-length columns and returns only `limit` rows: one query, no Python loop over the
    ~3,000 occupations. ValueError when the profile lacks a type or is not numeric.
    """
    language = language or current_language()
    weights = unit_centred(profile_scores(profile))
    columns = ("z_r", "z_i", "z_a", "z_s", "z_e", "z_c")
    score = sum(
        (F(column) * Value(weight) for column, weight in zip(columns, weights, strict=True)),
        start=Value(0.0),
    )
    ranked = (
        InterestProfile.objects.filter(occupation__is_obsolete=False)
        .annotate(
            score_value=ExpressionWrapper(score, output_field=FloatField()),
            label=_text("occupation", "occupation_id", language),
        )
        .order_by("-score_value", "label")
        .only("occupation_id", "holland_code", "job_zone")[: max(1, min(limit, MAX_MATCHES))]
    )
    person = dict(zip(RIASEC, profile_scores(profile), strict=True))
    return [
        InterestMatch(
            occupation_id=row.occupation_id,
            label=row.label,
            holland_code=row.holland_code,
            score=round(float(row.score_value), 3),
            shared=shared_interests(person, row.holland_code),
            job_zone=row.job_zone,
        )
        for row in ranked
    ]
