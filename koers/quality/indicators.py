"""The indicator catalogue (see ../shared/QUALITY-INDICATORS.md): one definition per indicator.

A definition names its units (the rows it counts, for one period), what puts a unit in the
numerator, or which value is averaged, the path from a unit to the person and the engagement
(for equity breakdowns), and a version. `engine.py` evaluates every definition the same way,
as grouped SQL. Ids are stable once data is stored against them; a change of meaning raises
`version`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.core.roles import Role
from koers.delivery.models import (
    ActivityParticipant,
    Attendance,
    CpdEntry,
    Engagement,
    Goal,
    InterventionKind,
    OpportunityKind,
    Participation,
    ParticipationStatus,
    PractitionerProfile,
    Qualification,
    Referral,
    ReferralStatus,
)
from koers.instruments.models import Administration, Occasion, Response, Score
from koers.people.models import LifeStatus

SATISFACTION = "user-satisfaction"
CMS = "career-management-skills"
FOLLOW_UP = "outcome-follow-up"
# Mean satisfaction score (1-5) from which a person counts as satisfied: the survey's own band.
SATISFIED_FROM = 3.5
# Goal progress (1-5) from which there is progress: "some" or "good" progress in the survey.
PROGRESS_FROM = 2.5
IN_EDUCATION_OR_WORK = ("in_education", "employed", "self_employed")
WORKPLACE_KINDS = (
    OpportunityKind.JOB_SHADOWING,
    OpportunityKind.WORK_PLACEMENT,
    OpportunityKind.WORK_TRIAL,
)


FIRST_YEAR, LAST_YEAR = 1950, 2200


@dataclass(frozen=True)
class Period:
    """A calendar year, e.g. Period(2026); `reference` is the day ages and states are taken."""

    year: int

    @property
    def key(self) -> str:
        return str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @classmethod
    def parse(cls, text: str) -> Period:
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            raise ValueError(f"a period is a year such as 2026, not {text!r}")
        return cls(int(text))


class Element(StrEnum):
    PRACTITIONER_COMPETENCE = "practitioner_competence"
    USER_INVOLVEMENT = "user_involvement"
    SERVICE_PROVISION = "service_provision"
    COST_BENEFITS_GOVERNMENT = "cost_benefits_government"
    COST_BENEFITS_INDIVIDUAL = "cost_benefits_individual"


ELEMENT_LABELS: dict[str, Promise] = {
    Element.PRACTITIONER_COMPETENCE: _("Practitioner competence"),
    Element.USER_INVOLVEMENT: _("Citizen and user involvement"),
    Element.SERVICE_PROVISION: _("Service provision and improvement"),
    Element.COST_BENEFITS_GOVERNMENT: _("Cost-benefits to governments"),
    Element.COST_BENEFITS_INDIVIDUAL: _("Cost-benefits to individuals"),
}


class Kind(StrEnum):
    RATE = "rate"  # % of units in the numerator
    MEAN = "mean"  # mean of a value over units that have one
    COUNT = "count"  # distinct people
    RATIO = "ratio"  # one count over another count, computed by `ratio`
    MEDIAN = "median"  # median of a value over units that have one (no breakdowns)


Units = Callable[[Period], QuerySet[Any]]
PERCENT = _("%")


@dataclass(frozen=True)
class Indicator:
    code: str
    element: Element
    principle: int | None
    title: Promise
    kind: Kind
    units: Units
    numerator: Callable[[Period], Q] | None = None
    # Name of an annotation made by `units` holding the value to average (MEAN and MEDIAN).
    value: str = ""
    # Path from a unit to the person and to the engagement; empty when there is none.
    person: str = ""
    engagement: str = ""
    # RATIO: (numerator units, denominator units, what to count/sum in the numerator).
    ratio: tuple[Units, Units, str] | None = None
    unit_label: Promise = PERCENT
    version: int = 1

    @property
    def breakdowns(self) -> tuple[str, ...]:
        if self.kind in (Kind.RATIO, Kind.MEDIAN):
            return ()
        found: tuple[str, ...] = ()
        if self.person:
            found += PERSON_BREAKDOWNS
        if self.engagement:
            found += ENGAGEMENT_BREAKDOWNS
        return found


PERSON_BREAKDOWNS = ("age_band", "gender", "education", "migration", "disability", "life_status")
ENGAGEMENT_BREAKDOWNS = ("service_level", "channel")
BREAKDOWN_LABELS: dict[str, Promise] = {
    "age_band": _("Age band"),
    "gender": _("Gender"),
    "education": _("Education level"),
    "migration": _("Migration background"),
    "disability": _("Disability"),
    "life_status": _("Life situation"),
    "service_level": _("Service level"),
    "channel": _("Channel"),
}


# --- units --------------------------------------------------------------------------------------


def engagements_active(period: Period) -> QuerySet[Engagement]:
    """Trajectories open at some time during the period."""
    return Engagement.objects.filter(started_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start)
    )


def engagements_ended(period: Period) -> QuerySet[Engagement]:
    return Engagement.objects.filter(ended_on__gte=period.start, ended_on__lte=period.end)


def practitioners(period: Period) -> QuerySet[PractitionerProfile]:
    """Profiles of practitioners whose role is active (the register of the period's staff)."""
    return PractitionerProfile.objects.filter(
        membership__is_active=True, membership__role=Role.PRACTITIONER
    )


def completed_in(period: Period, path: str = "") -> Q:
    return Q(
        **{
            f"{path}completed_at__date__gte": period.start,
            f"{path}completed_at__date__lte": period.end,
        }
    )


def satisfaction_scores(period: Period) -> QuerySet[Score]:
    return Score.objects.filter(
        completed_in(period, "administration__"),
        version__instrument__key=SATISFACTION,
        scale__key="satisfaction",
        value__isnull=False,
        organisation__isnull=False,
    ).alias(satisfaction=F("value"))


def fit_answers(period: Period) -> QuerySet[Response]:
    return Response.objects.filter(
        completed_in(period, "administration__"),
        item__version__instrument__key=SATISFACTION,
        item__key="fit",
        number__isnull=False,
        organisation__isnull=False,
    )


def attended_types(period: Period) -> Subquery:
    """Distinct intervention types an engagement's person attended up to the period's end."""
    return Subquery(
        ActivityParticipant.objects.filter(
            engagement=OuterRef("pk"),
            attendance=Attendance.ATTENDED,
            activity__occurred_on__lte=period.end,
        )
        .order_by()
        .values("engagement")
        .annotate(types=Count("activity__service__intervention_type", distinct=True))
        .values("types")
    )


def engagements_with_types(period: Period) -> QuerySet[Engagement]:
    return engagements_active(period).alias(types=Coalesce(attended_types(period), Value(0)))


def first_activity_days(period: Period) -> QuerySet[Engagement]:
    """Trajectories started in the period, with the days to their first attended activity."""
    first = Subquery(
        ActivityParticipant.objects.filter(
            engagement=OuterRef("pk"), attendance=Attendance.ATTENDED
        )
        .order_by("activity__occurred_on")
        .values("activity__occurred_on")[:1]
    )
    return (
        Engagement.objects.filter(started_on__gte=period.start, started_on__lte=period.end)
        .annotate(first_on=first)
        .filter(first_on__isnull=False)
        .annotate(days=F("first_on") - F("started_on"))
    )


def cms_changes(period: Period) -> QuerySet[Score]:
    """Post scores (overall career management skills) with the change since the latest pre score
    of the same person at the same organisation."""
    pre = Subquery(
        Score.objects.filter(
            administration__person=OuterRef("administration__person"),
            organisation=OuterRef("organisation"),
            administration__occasion=Occasion.PRE,
            version__instrument__key=CMS,
            scale__key="total",
            value__isnull=False,
            administration__completed_at__lte=OuterRef("administration__completed_at"),
        )
        .order_by("-administration__completed_at")
        .values("value")[:1]
    )
    return (
        Score.objects.filter(
            completed_in(period, "administration__"),
            administration__occasion=Occasion.POST,
            version__instrument__key=CMS,
            scale__key="total",
            value__isnull=False,
            organisation__isnull=False,
        )
        .annotate(pre=pre)
        .filter(pre__isnull=False)
        .annotate(change=F("value") - F("pre"))
    )


def follow_up_situations(period: Period) -> QuerySet[Response]:
    return Response.objects.filter(
        completed_in(period, "administration__"),
        item__version__instrument__key=FOLLOW_UP,
        item__key="current_situation",
        organisation__isnull=False,
    ).exclude(value="")


def goal_progress_scores(period: Period) -> QuerySet[Score]:
    return Score.objects.filter(
        completed_in(period, "administration__"),
        version__instrument__key=FOLLOW_UP,
        scale__key="goal_progress",
        value__isnull=False,
        organisation__isnull=False,
    )


def referrals_sent(period: Period) -> QuerySet[Referral]:
    return Referral.objects.filter(sent_on__gte=period.start, sent_on__lte=period.end)


def cpd_entries(period: Period) -> QuerySet[CpdEntry]:
    return CpdEntry.objects.filter(
        date__gte=period.start,
        date__lte=period.end,
        profile__membership__is_active=True,
        profile__membership__role=Role.PRACTITIONER,
    )


# --- numerators -----------------------------------------------------------------------------------


def has_guidance_qualification(period: Period) -> Q:
    return Q(
        Exists(Qualification.objects.filter(profile=OuterRef("pk"), is_guidance_qualification=True))
    )


def on_register_in_date(period: Period) -> Q:
    reference = min(period.end, dt.date.today())
    return ~Q(register_name="") & Q(register_renewal_on__gte=reference)


def answered_survey_after_start(period: Period) -> Q:
    return Q(
        Exists(
            Administration.objects.filter(
                person=OuterRef("person"),
                organisation=OuterRef("organisation"),
                version__instrument__key=SATISFACTION,
                completed_at__isnull=False,
                completed_at__date__gte=OuterRef("started_on"),
            )
        )
    )


def followed_up(period: Period) -> Q:
    return Q(
        Exists(
            Administration.objects.filter(
                person=OuterRef("person"),
                organisation=OuterRef("organisation"),
                version__instrument__key=FOLLOW_UP,
                completed_at__isnull=False,
                completed_at__date__gte=OuterRef("ended_on"),
            )
        )
    )


def more_than_one_provider_or_stage(period: Period) -> Q:
    elsewhere = Engagement.objects.filter(person=OuterRef("person"), started_on__lte=period.end)
    stages = (
        LifeStatus.objects.filter(person=OuterRef("person"), start_date__lte=period.end)
        .order_by()
        .values("person")
        .annotate(n=Count("status", distinct=True))
        .filter(n__gte=2)
    )
    return Q(Exists(elsewhere.exclude(organisation=OuterRef("organisation")))) | Q(Exists(stages))


def attended_kind(kind: str, period: Period) -> Exists:
    return Exists(
        ActivityParticipant.objects.filter(
            engagement=OuterRef("pk"),
            attendance=Attendance.ATTENDED,
            activity__service__intervention_type__kind=kind,
            activity__occurred_on__lte=period.end,
        )
    )


def employer_encounter(period: Period) -> Q:
    took_part = Participation.objects.filter(
        engagement=OuterRef("pk"),
        status=ParticipationStatus.TOOK_PART,
        opportunity__starts_on__lte=period.end,
    )
    return Q(Exists(took_part)) | Q(attended_kind(InterventionKind.EMPLOYER_ENCOUNTER, period))


def workplace_experience(period: Period) -> Q:
    took_part = Participation.objects.filter(
        engagement=OuterRef("pk"),
        status=ParticipationStatus.TOOK_PART,
        opportunity__kind__in=WORKPLACE_KINDS,
        opportunity__starts_on__lte=period.end,
    )
    return Q(Exists(took_part)) | Q(attended_kind(InterventionKind.WORKPLACE_EXPERIENCE, period))


def has_own_words_plan(period: Period) -> Q:
    return Q(Exists(Goal.objects.filter(plan__engagement=OuterRef("pk")).exclude(text="")))


def has_referral(period: Period) -> Q:
    return Q(
        Exists(
            Referral.objects.filter(engagement=OuterRef("pk")).filter(
                Q(sent_on__lte=period.end)
                | Q(sent_on__isnull=True, created_at__date__lte=period.end)
            )
        )
    )


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "PC1",
        Element.PRACTITIONER_COMPETENCE,
        8,
        _("Practitioners with a recognised guidance qualification"),
        Kind.RATE,
        practitioners,
        numerator=has_guidance_qualification,
    ),
    Indicator(
        "PC2",
        Element.PRACTITIONER_COMPETENCE,
        8,
        _("Practitioners on a professional register, in date"),
        Kind.RATE,
        practitioners,
        numerator=on_register_in_date,
    ),
    Indicator(
        "PC3",
        Element.PRACTITIONER_COMPETENCE,
        8,
        _("CPD hours per practitioner in the year"),
        Kind.RATIO,
        practitioners,
        ratio=(cpd_entries, practitioners, "hours"),
        unit_label=_("hours"),
    ),
    Indicator(
        "PC4",
        Element.PRACTITIONER_COMPETENCE,
        8,
        _("People served per practitioner (head count, not FTE)"),
        Kind.RATIO,
        practitioners,
        ratio=(engagements_active, practitioners, "person"),
        unit_label=_("people"),
    ),
    Indicator(
        "CU1",
        Element.USER_INVOLVEMENT,
        10,
        _("Satisfied or very satisfied"),
        Kind.RATE,
        satisfaction_scores,
        numerator=lambda period: Q(value__gte=SATISFIED_FROM),
        person="administration__person",
    ),
    Indicator(
        "CU1M",
        Element.USER_INVOLVEMENT,
        10,
        _("Mean satisfaction (1 to 5)"),
        Kind.MEAN,
        satisfaction_scores,
        value="satisfaction",
        person="administration__person",
        unit_label=_("score"),
    ),
    Indicator(
        "CU2",
        Element.USER_INVOLVEMENT,
        10,
        _("Survey response among ended trajectories, drop-outs included"),
        Kind.RATE,
        engagements_ended,
        numerator=answered_survey_after_start,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "CU3",
        Element.USER_INVOLVEMENT,
        2,
        _("Say the guidance fitted their own situation"),
        Kind.RATE,
        fit_answers,
        numerator=lambda period: Q(number__gte=4),
        person="administration__person",
    ),
    Indicator(
        "CU4",
        Element.USER_INVOLVEMENT,
        3,
        _("Median days from first contact to first activity"),
        Kind.MEDIAN,
        first_activity_days,
        value="days",
        unit_label=_("days"),
    ),
    Indicator(
        "SP1",
        Element.SERVICE_PROVISION,
        1,
        _("People served in the year"),
        Kind.COUNT,
        engagements_active,
        person="person",
        engagement="pk",
        unit_label=_("people"),
    ),
    Indicator(
        "SP2",
        Element.SERVICE_PROVISION,
        1,
        _("Guided by more than one provider or in more than one life stage"),
        Kind.RATE,
        engagements_active,
        numerator=more_than_one_provider_or_stage,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP3",
        Element.SERVICE_PROVISION,
        3,
        _("Trajectories with a readiness triage"),
        Kind.RATE,
        engagements_active,
        numerator=lambda period: ~Q(readiness=""),
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP3L",
        Element.SERVICE_PROVISION,
        3,
        _("Trajectories at the service level readiness points to"),
        Kind.RATE,
        engagements_active,
        numerator=lambda period: Q(level_override_reason=""),
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP4",
        Element.SERVICE_PROVISION,
        4,
        _("Mean number of distinct types of intervention per trajectory"),
        Kind.MEAN,
        engagements_with_types,
        value="types",
        person="person",
        engagement="pk",
        unit_label=_("types"),
    ),
    Indicator(
        "SP4P",
        Element.SERVICE_PROVISION,
        4,
        _("Trajectories with two or more types of intervention"),
        Kind.RATE,
        engagements_with_types,
        numerator=lambda period: Q(types__gte=2),
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP5",
        Element.SERVICE_PROVISION,
        6,
        _("Trajectories with a referral"),
        Kind.RATE,
        engagements_active,
        numerator=has_referral,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP5C",
        Element.SERVICE_PROVISION,
        6,
        _("Referrals sent in the year that were completed"),
        Kind.RATE,
        referrals_sent,
        numerator=lambda period: Q(status=ReferralStatus.COMPLETED),
        person="engagement__person",
        engagement="engagement",
    ),
    Indicator(
        "SP6",
        Element.SERVICE_PROVISION,
        7,
        _("Trajectories with an employer encounter"),
        Kind.RATE,
        engagements_active,
        numerator=employer_encounter,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP6W",
        Element.SERVICE_PROVISION,
        7,
        _("Trajectories with a workplace experience"),
        Kind.RATE,
        engagements_active,
        numerator=workplace_experience,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "SP8",
        Element.SERVICE_PROVISION,
        2,
        _("Trajectories with an action plan in the person's own words"),
        Kind.RATE,
        engagements_active,
        numerator=has_own_words_plan,
        person="person",
        engagement="pk",
    ),
    Indicator(
        "CI1",
        Element.COST_BENEFITS_INDIVIDUAL,
        5,
        _("Mean change in career management skills, before to after (1 to 5 scale)"),
        Kind.MEAN,
        cms_changes,
        value="change",
        person="administration__person",
        unit_label=_("points"),
    ),
    Indicator(
        "CI2",
        Element.COST_BENEFITS_INDIVIDUAL,
        None,
        _("In education, training or work at follow-up"),
        Kind.RATE,
        follow_up_situations,
        numerator=lambda period: Q(value__in=IN_EDUCATION_OR_WORK),
        person="administration__person",
    ),
    Indicator(
        "CI3",
        Element.COST_BENEFITS_INDIVIDUAL,
        2,
        _("Progress on their own goals at follow-up"),
        Kind.RATE,
        goal_progress_scores,
        numerator=lambda period: Q(value__gte=PROGRESS_FROM),
        person="administration__person",
    ),
    Indicator(
        "CI4",
        Element.COST_BENEFITS_INDIVIDUAL,
        10,
        _("Ended trajectories with follow-up outcome data"),
        Kind.RATE,
        engagements_ended,
        numerator=followed_up,
        person="person",
        engagement="pk",
    ),
)

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}

# In the starting catalogue, but the records do not hold what they need yet.
NOT_SUPPORTED: dict[str, Promise] = {
    "CU5": _("needs a population table per group"),
    "SP7": _("career information items carry no review date yet"),
    "SP9": _("quality marks are not recorded yet"),
    "CG1": _("needs cost records"),
    "CG2": _("needs cost records and outcomes"),
    "CG3": _("needs cost records and documented assumptions"),
    "EV1": _("evaluation studies belong to a later layer"),
}
