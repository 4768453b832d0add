"""What a provider records while delivering guidance: its offer of interventions, the
trajectories (engagements) of the people it guides, their activities, action plans, referrals,
employer experiences, and its practitioners' qualifications and CPD.

Every row here belongs to one organisation (`organisation` column, indexes lead with it); the
person is the citizen's own record in the people app.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koers.delivery.encryption import EncryptedTextField
from koers.delivery.querysets import (
    ActivityParticipantQuerySet,
    EngagementQuerySet,
    InterventionTypeQuerySet,
    StepQuerySet,
)
from koers.delivery.triage import Capability, Complexity, Readiness, ServiceLevel

PRINCIPLES = range(1, 11)


class OrganisationOwned(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


# --- Intervention catalogue -------------------------------------------------------------------


class InterventionKind(models.TextChoices):
    INDIVIDUAL_GUIDANCE = "individual_guidance", _("Individual guidance")
    GROUP_WORKSHOP = "group_workshop", _("Group workshop")
    CAREER_EDUCATION_LESSON = "career_education_lesson", _("Career education lesson")
    ASSESSMENT = "assessment", _("Assessment")
    CAREER_INFORMATION_SESSION = "career_information_session", _("Career information session")
    ONLINE_SELF_HELP = "online_self_help", _("Online self-help module")
    EMPLOYER_ENCOUNTER = "employer_encounter", _("Employer encounter")
    WORKPLACE_EXPERIENCE = "workplace_experience", _("Workplace experience")
    JOB_SEARCH_SUPPORT = "job_search_support", _("Job-search support")
    REFERRAL = "referral", _("Referral")


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    CHAT = "chat", _("Chat")
    ONLINE = "online", _("Online")


class Mode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class InterventionType(models.Model):
    """One of the shared types of intervention every organisation builds its offer on.

    The ten principles it serves are a bit set in one integer (bit n-1 for principle n): portable
    between SQLite and PostgreSQL, and "which types serve principle 7" stays one indexed filter
    (see InterventionTypeQuerySet.serving).
    """

    kind = models.CharField(_("kind"), max_length=40, choices=InterventionKind.choices, unique=True)
    channel = models.CharField(_("usual channel"), max_length=16, choices=Channel.choices)
    mode = models.CharField(_("individual or group"), max_length=16, choices=Mode.choices)
    typical_minutes = models.PositiveSmallIntegerField(_("typical duration (minutes)"))
    principles_mask = models.PositiveSmallIntegerField(_("principles served"), default=0)

    objects = InterventionTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("type of intervention")
        verbose_name_plural = _("types of intervention")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @staticmethod
    def mask_of(principles: set[int] | frozenset[int]) -> int:
        if not principles <= set(PRINCIPLES):
            raise ValueError(f"principles must be numbers 1 to 10, got {sorted(principles)}")
        return sum(1 << (number - 1) for number in principles)

    @property
    def principles(self) -> frozenset[int]:
        return frozenset(n for n in PRINCIPLES if self.principles_mask & (1 << (n - 1)))

    @property
    def principle_list(self) -> list[int]:
        return sorted(self.principles)


class Service(OrganisationOwned):
    """An organisation's own intervention offer, built on a shared intervention type."""

    intervention_type = models.ForeignKey(
        InterventionType,
        verbose_name=_("type of intervention"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    mode = models.CharField(_("individual or group"), max_length=16, choices=Mode.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_unique_name")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The organisation's own name; a service adopted from the catalogue under its type's
        label shows that label in the reader's language, like the rest of the page."""
        kind = catalogue_labels().get(self.name)
        return str(kind.label) if kind else self.name


@functools.cache
def catalogue_labels() -> dict[str, InterventionKind]:
    """Every language's label of every intervention type, to recognise an adopted name."""
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.update({str(kind.label): kind for kind in InterventionKind})
    return labels


# --- Practitioners (P8) -----------------------------------------------------------------------


class PractitionerProfile(OrganisationOwned):
    """A practitioner's professional profile, one per practitioner membership."""

    membership = models.OneToOneField(
        "organisations.Membership",
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="practitioner_profile",
    )
    register_name = models.CharField(_("professional register"), max_length=200, blank=True)
    register_number = models.CharField(_("register membership number"), max_length=64, blank=True)
    register_renewal_on = models.DateField(_("register renewal date"), null=True, blank=True)

    class Meta:
        verbose_name = _("practitioner profile")
        verbose_name_plural = _("practitioner profiles")

    def __str__(self) -> str:
        return str(self.membership.user)


class Qualification(OrganisationOwned):
    profile = models.ForeignKey(
        PractitionerProfile, on_delete=models.CASCADE, related_name="qualifications"
    )
    title = models.CharField(_("title"), max_length=200)
    awarding_body = models.CharField(_("awarding body"), max_length=200)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), choices=[(n, str(n)) for n in range(1, 9)]
    )
    is_guidance_qualification = models.BooleanField(
        _("recognised as a guidance qualification"), default=False
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-eqf_level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eqf_level__gte=1, eqf_level__lte=8), name="qualification_eqf_1_8"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CpdEntry(OrganisationOwned):
    """Continuing professional development: one course, training or peer session."""

    profile = models.ForeignKey(
        PractitionerProfile, on_delete=models.CASCADE, related_name="cpd_entries"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("CPD activity")
        verbose_name_plural = _("CPD log")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="cpd_hours_positive")]

    def __str__(self) -> str:
        return self.topic


# --- Employers and workplace experience (P7) -------------------------------------------------


class EmployerSize(models.TextChoices):
    MICRO = "micro", _("1–9 employees")
    SMALL = "small", _("10–49 employees")
    MEDIUM = "medium", _("50–249 employees")
    LARGE = "large", _("250 employees or more")


class Employer(OrganisationOwned):
    """An employer the organisation works with for encounters and workplace experience."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=120)
    size = models.CharField(_("size"), max_length=16, choices=EmployerSize.choices)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="employer_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class OpportunityKind(models.TextChoices):
    TALK = "talk", _("Talk by an employer")
    WORKPLACE_VISIT = "workplace_visit", _("Workplace visit")
    JOB_SHADOWING = "job_shadowing", _("Job shadowing")
    WORK_PLACEMENT = "work_placement", _("Internship or work placement")
    WORK_TRIAL = "work_trial", _("Work trial")
    MENTORING = "mentoring", _("Mentoring")


class Opportunity(OrganisationOwned):
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    places = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="opportunity_end_after_start"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="opportunity_places_min_1"),
        ]
        indexes = [models.Index(fields=["organisation", "starts_on"], name="opportunity_org_start")]

    def __str__(self) -> str:
        return self.title


# --- Partner directory (P6) -------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    DEBT_ADVICE = "debt_advice", _("Debt advice")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    SOCIAL_WORK = "social_work", _("Social work")
    LANGUAGE_COURSE = "language_course", _("Language course")
    CHILDCARE = "childcare", _("Childcare")
    EDUCATION_PROVIDER = "education_provider", _("Education or training provider")
    BENEFITS_AGENCY = "benefits_agency", _("Benefits agency")


class PartnerService(OrganisationOwned):
    """A partner service people can be referred to, in the organisation's referral directory."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    region_code = models.CharField(_("region code"), max_length=16)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner service")
        verbose_name_plural = _("partner services")
        ordering = ["kind", "name"]
        indexes = [
            models.Index(fields=["organisation", "region_code", "kind"], name="partner_org_region")
        ]

    def __str__(self) -> str:
        return self.name


# --- Engagement (traject) ---------------------------------------------------------------------


class Source(models.TextChoices):
    SELF = "self", _("On their own initiative")
    SCHOOL = "school", _("Through school")
    EMPLOYER = "employer", _("Through their employer")
    BENEFITS_AGENCY = "benefits_agency", _("Through the benefits agency")
    REFERRAL = "referral", _("Referred by another service")


class DecisionStatus(models.TextChoices):
    DECIDED = "decided", _("Decided")
    UNDECIDED = "undecided", _("Undecided")
    INDECISIVE = "indecisive", _("Indecisive")


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Goal reached")
    REFERRED = "referred", _("Continued elsewhere")
    STOPPED = "stopped", _("Stopped by the person")
    NO_CONTACT = "no_contact", _("No contact any more")
    OTHER = "other", _("Other reason")


class Engagement(OrganisationOwned):
    """A guidance trajectory (traject) of one person with one provider."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    started_on = models.DateField(_("start date"))
    source = models.CharField(_("how they came"), max_length=32, choices=Source.choices)
    question = models.TextField(_("question in their own words"))
    capability = models.CharField(_("capability"), max_length=8, choices=Capability.choices)
    complexity = models.CharField(_("complexity"), max_length=8, choices=Complexity.choices)
    readiness = models.CharField(_("readiness"), max_length=16, choices=Readiness.choices)
    service_level = models.CharField(
        _("service level"), max_length=32, choices=ServiceLevel.choices, db_index=True
    )
    # Empty when the service level is the one readiness points to.
    level_override_reason = models.TextField(_("reason for another service level"), blank=True)
    decision_status = models.CharField(
        _("decision status"), max_length=16, choices=DecisionStatus.choices
    )
    practitioners = models.ManyToManyField(
        "organisations.Membership",
        verbose_name=_("practitioners"),
        related_name="assigned_engagements",
        blank=True,
    )
    next_follow_up_on = models.DateField(_("next follow-up"), null=True, blank=True)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance trajectory")
        verbose_name_plural = _("guidance trajectories")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="engagement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="engagement_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-started_on"], name="engagement_org_start"),
            models.Index(fields=["organisation", "service_level"], name="engagement_org_level"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}"

    @property
    def reference(self) -> str:
        return f"T{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CheckInOutcome(models.TextChoices):
    ON_TRACK = "on_track", _("Doing fine on their own")
    NEEDS_MORE = "needs_more", _("Needs more support")
    NO_RESPONSE = "no_response", _("No response")


class CheckIn(OrganisationOwned):
    """A periodic check-in on a self-help engagement; it can move the person up a level."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="check_ins")
    due_on = models.DateField(_("due on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=CheckInOutcome.choices, blank=True
    )
    moved_to_level = models.CharField(
        _("moved to service level"), max_length=32, choices=ServiceLevel.choices, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "due_on"], name="check_in_once_per_engagement_day"
            )
        ]
        indexes = [models.Index(fields=["organisation", "due_on"], name="check_in_org_due")]

    def __str__(self) -> str:
        return f"{self.engagement} {self.due_on}"


# --- Activities -------------------------------------------------------------------------------


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not show up")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(OrganisationOwned):
    """A session or encounter: one engagement for an individual activity, several for a group."""

    occurred_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    practitioner = models.ForeignKey(
        "organisations.Membership",
        verbose_name=_("practitioner"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="activity_duration_positive"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-occurred_on"], name="activity_org_date")]

    def __str__(self) -> str:
        return f"{self.service} {self.occurred_on}"


class ActivityParticipant(OrganisationOwned):
    """One person's part in an activity: whether they came, what they took away, and a note
    that only the practitioners assigned to their engagement may read."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="activity_links"
    )
    attendance = models.CharField(_("attendance"), max_length=16, choices=Attendance.choices)
    takeaway = models.TextField(_("what they take away"), blank=True)
    # Encrypted at rest with KOERS_FIELD_KEYS; no lookup but "is empty" works on it.
    confidential_note = EncryptedTextField(_("confidential note"), blank=True)

    objects = ActivityParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-activity__occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "engagement"], name="participant_once_per_activity"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "engagement"], name="participant_org_engagement")
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.engagement}"


# --- Action plan ------------------------------------------------------------------------------


class LifeArea(models.TextChoices):
    LEARNING = "learning", _("Learning")
    WORK = "work", _("Work")
    LIFE = "life", pgettext_lazy("life area", "Life")


class StepStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("Busy with it")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("No longer needed")


class ActionPlan(OrganisationOwned):
    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="action_plan"
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.engagement}"


class Goal(OrganisationOwned):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal in their own words"))
    life_area = models.CharField(_("life area"), max_length=16, choices=LifeArea.choices)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class Step(OrganisationOwned):
    """A step towards a goal. `version` grows with every change: an edit made on an older
    version is refused, so two people editing at once never overwrite each other silently."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "due_on"], name="step_org_due")]

    def __str__(self) -> str:
        return self.text


# --- Referrals (P6) ---------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")


REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.PROPOSED: frozenset({ReferralStatus.SENT}),
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.NO_RESPONSE}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.NO_RESPONSE: frozenset(),
}


class Referral(OrganisationOwned):
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(
        PartnerService,
        verbose_name=_("partner service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    reason = models.TextField(_("reason for the referral"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    share_personal_data = models.BooleanField(
        _("send contact details to the partner"), default=False
    )
    region_override_reason = models.TextField(
        _("reason for a partner outside the region"), blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="referral_org_status")]

    def __str__(self) -> str:
        return f"{self.engagement} → {self.partner}"


# --- Participation in employer opportunities (P7) --------------------------------------------


class ParticipationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    TOOK_PART = "took_part", _("Took part")
    NO_SHOW = "no_show", _("Did not show up")
    CANCELLED = "cancelled", _("Cancelled")


class Participation(OrganisationOwned):
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="participations"
    )
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="participations"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.PLANNED,
    )
    person_feedback = models.TextField(_("feedback from the person"), blank=True)
    employer_feedback = models.TextField(_("feedback from the employer"), blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "engagement"], name="participation_once_per_opportunity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.engagement} – {self.opportunity}"
