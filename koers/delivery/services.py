"""Use cases of guidance delivery. Each is one transaction with its audit line; bad input raises
ValidationError with a translated message and leaves nothing half-saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.actor import Actor
from koers.core.audit import audit_record
from koers.core.models import AuditAction, AuditPurpose
from koers.core.roles import Role
from koers.delivery import selectors
from koers.delivery.models import (
    REFERRAL_TRANSITIONS,
    ActionPlan,
    Activity,
    ActivityParticipant,
    Attendance,
    Channel,
    CheckIn,
    CheckInOutcome,
    CpdEntry,
    DecisionStatus,
    Employer,
    EmployerSize,
    EndReason,
    Engagement,
    Goal,
    InterventionType,
    LifeArea,
    Mode,
    Opportunity,
    OpportunityKind,
    Participation,
    ParticipationStatus,
    PartnerKind,
    PartnerService,
    PractitionerProfile,
    Qualification,
    Referral,
    ReferralStatus,
    Service,
    Source,
    Step,
    StepStatus,
)
from koers.delivery.permissions import (
    engagement_policy,
    organisation_data_policy,
    practitioner_profile_policy,
)
from koers.delivery.triage import (
    Capability,
    Complexity,
    ServiceLevel,
    level_above,
    level_distance,
    readiness_of,
    service_level_for,
)
from koers.organisations.models import Membership, Organisation
from koers.people.models import ConsentPurpose, Language, Person
from koers.people.selectors import consent_is_active
from koers.people.services import person_register

# Self-help users hear from us every six weeks; a check-in can move them up a level.
CHECK_IN_INTERVAL_DAYS = 42


def _audit(
    actor: Actor,
    action: AuditAction,
    obj: Engagement | object,
    *,
    person_id: int | None = None,
    summary: str = "",
    changes: dict[str, object] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose=AuditPurpose.GUIDANCE,
        obj=obj,  # type: ignore[arg-type]
        person_id=person_id,
        summary=summary,
        changes=changes,
    )


def _organisation_id(actor: Actor) -> int:
    if actor.organisation_id is None:
        raise PermissionDenied
    return actor.organisation_id


def _membership_id(actor: Actor) -> int:
    if actor.membership_id is None:
        raise PermissionDenied
    return actor.membership_id


def _check_period(start: dt.date, end: dt.date | None, *, field: str = "ended_on") -> None:
    if end is not None and end < start:
        raise ValidationError({field: _("The end date cannot be before the start date.")})


def _engagement_for_update(actor: Actor, engagement_id: int) -> Engagement:
    """The engagement, locked; 404 when the actor may not see it."""
    engagement_policy.require(actor, "change")
    if not selectors.engagement_scope(actor=actor).filter(id=engagement_id).exists():
        raise Http404
    return Engagement.objects.select_for_update().get(id=engagement_id)


def _own_practitioners(actor: Actor, practitioner_ids: Collection[int]) -> list[Membership]:
    memberships = list(
        Membership.objects.active().filter(id__in=practitioner_ids, role=Role.PRACTITIONER)
    )
    if len(memberships) != len(set(practitioner_ids)) or any(
        m.organisation_id != actor.organisation_id for m in memberships
    ):
        raise ValidationError(
            {
                "practitioners": _(
                    "Only practitioners of your own organisation can be assigned to a trajectory."
                )
            }
        )
    return memberships


def _chosen_level(
    capability: Capability,
    complexity: Complexity,
    service_level: ServiceLevel | None,
    override_reason: str,
) -> tuple[ServiceLevel, str]:
    """The level readiness points to, or a practitioner's choice one level away, with a reason."""
    advised = service_level_for(readiness_of(capability, complexity))
    if service_level is None or service_level == advised:
        return advised, ""
    if level_distance(service_level, advised) > 1:
        raise ValidationError(
            {
                "service_level": _(
                    "The service level can differ at most one level from what readiness "
                    "points to (%(level)s)."
                )
                % {"level": advised.label}
            }
        )
    if not override_reason.strip():
        raise ValidationError(
            {
                "level_override_reason": _(
                    "Readiness points to %(level)s. Give a reason for choosing another level."
                )
                % {"level": advised.label}
            }
        )
    return service_level, override_reason.strip()


# --- Intervention offer ------------------------------------------------------------------------


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    intervention_type_id: int,
    name: str,
    channel: Channel | None = None,
    mode: Mode | None = None,
    duration_minutes: int | None = None,
    description: str = "",
) -> Service:
    """Add a service to the organisation's offer, built on a type from the shared catalogue.

    Permission: service managers.
    Side effects: audit event.
    """
    organisation_data_policy.require(actor, "manage_offer")
    kind = InterventionType.objects.get(id=intervention_type_id)
    if selectors.service_list(actor=actor).filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Your offer already has a service with this name.")})
    service = Service(
        organisation_id=_organisation_id(actor),
        intervention_type=kind,
        name=name.strip(),
        description=description,
        channel=channel or kind.channel,
        mode=mode or kind.mode,
        duration_minutes=duration_minutes or kind.typical_minutes,
    )
    service.full_clean()
    service.save()
    _audit(actor, AuditAction.CREATE, service, summary=service.name)
    return service


@transaction.atomic
def service_offer_from_catalogue(*, actor: Actor) -> list[Service]:
    """Offer every type of the shared catalogue the organisation does not offer yet, with the
    catalogue's channel, mode and duration; a quick start for a new organisation.

    Permission: service managers.
    Side effects: audit event per service.
    """
    organisation_data_policy.require(actor, "manage_offer")
    offered = set(
        selectors.service_list(actor=actor).values_list("intervention_type_id", flat=True)
    )
    names = set(selectors.service_list(actor=actor).values_list("name", flat=True))
    created = []
    for kind in selectors.intervention_type_list().exclude(id__in=offered):
        name = str(kind.get_kind_display())
        if name in names:
            continue
        created.append(service_create(actor=actor, intervention_type_id=kind.id, name=name))
    return created


# --- Practitioner profile and CPD --------------------------------------------------------------


def _own_profile_for_update(actor: Actor) -> PractitionerProfile:
    practitioner_profile_policy.require(actor, "change_own")
    profile, created = PractitionerProfile.objects.select_for_update().get_or_create(
        membership_id=_membership_id(actor), defaults={"organisation_id": _organisation_id(actor)}
    )
    if created:
        _audit(actor, AuditAction.CREATE, profile)
    return profile


@transaction.atomic
def practitioner_register_update(
    *,
    actor: Actor,
    register_name: str,
    register_number: str,
    register_renewal_on: dt.date | None,
) -> PractitionerProfile:
    """Record the practitioner's own professional register membership.

    Permission: practitioners, for themselves.
    Side effects: audit event.
    """
    profile = _own_profile_for_update(actor)
    if (register_number or register_renewal_on) and not register_name.strip():
        raise ValidationError({"register_name": _("Name the register you are a member of.")})
    profile.register_name = register_name.strip()
    profile.register_number = register_number.strip()
    profile.register_renewal_on = register_renewal_on
    profile.full_clean()
    profile.save()
    _audit(actor, AuditAction.UPDATE, profile, summary=profile.register_name)
    return profile


@transaction.atomic
def qualification_add(
    *,
    actor: Actor,
    title: str,
    awarding_body: str,
    eqf_level: int,
    is_guidance_qualification: bool,
    awarded_on: dt.date | None = None,
) -> Qualification:
    """Add a qualification to the practitioner's own profile.

    Permission: practitioners, for themselves.
    Side effects: audit event.
    """
    profile = _own_profile_for_update(actor)
    if awarded_on is not None and awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("The date cannot be in the future.")})
    qualification = Qualification(
        organisation_id=profile.organisation_id,
        profile=profile,
        title=title.strip(),
        awarding_body=awarding_body.strip(),
        eqf_level=eqf_level,
        is_guidance_qualification=is_guidance_qualification,
        awarded_on=awarded_on,
    )
    qualification.full_clean()
    qualification.save()
    _audit(actor, AuditAction.CREATE, qualification, summary=qualification.title)
    return qualification


@transaction.atomic
def cpd_entry_add(
    *, actor: Actor, date: dt.date, hours: Decimal, topic: str, provider: str = ""
) -> CpdEntry:
    """Log a CPD activity on the practitioner's own profile.

    Permission: practitioners, for themselves.
    Side effects: audit event.
    """
    profile = _own_profile_for_update(actor)
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    if hours <= 0:
        raise ValidationError({"hours": _("Enter a number of hours above zero.")})
    entry = CpdEntry(
        organisation_id=profile.organisation_id,
        profile=profile,
        date=date,
        hours=hours,
        topic=topic.strip(),
        provider=provider.strip(),
    )
    entry.full_clean()
    entry.save()
    _audit(actor, AuditAction.CREATE, entry, summary=entry.topic)
    return entry


# --- Employers, opportunities, partners --------------------------------------------------------


@transaction.atomic
def employer_create(
    *,
    actor: Actor,
    name: str,
    sector: str,
    size: EmployerSize,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Employer:
    """Add an employer partner.

    Permission: practitioners and service managers.
    Side effects: audit event.
    """
    organisation_data_policy.require(actor, "change")
    if selectors.employer_list(actor=actor).filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This employer is already in your list.")})
    employer = Employer(
        organisation_id=_organisation_id(actor),
        name=name.strip(),
        sector=sector.strip(),
        size=size,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
    )
    employer.full_clean()
    employer.save()
    _audit(actor, AuditAction.CREATE, employer, summary=employer.name)
    return employer


@transaction.atomic
def opportunity_create(
    *,
    actor: Actor,
    employer_id: int,
    kind: OpportunityKind,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    places: int,
) -> Opportunity:
    """Add an employer encounter or workplace experience people can take part in.

    Permission: practitioners and service managers.
    Side effects: audit event.
    """
    organisation_data_policy.require(actor, "change")
    employer = selectors.employer_get(actor=actor, employer_id=employer_id)
    _check_period(starts_on, ends_on, field="ends_on")
    if places < 1:
        raise ValidationError({"places": _("Offer at least one place.")})
    opportunity = Opportunity(
        organisation_id=_organisation_id(actor),
        employer=employer,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
    )
    opportunity.full_clean()
    opportunity.save()
    _audit(actor, AuditAction.CREATE, opportunity, summary=opportunity.title)
    return opportunity


@transaction.atomic
def partner_create(
    *,
    actor: Actor,
    name: str,
    kind: PartnerKind,
    region_code: str,
    contact_email: str = "",
    contact_phone: str = "",
    website: str = "",
) -> PartnerService:
    """Add a partner service to the organisation's referral directory.

    Permission: practitioners and service managers.
    Side effects: audit event.
    """
    organisation_data_policy.require(actor, "change")
    partner = PartnerService(
        organisation_id=_organisation_id(actor),
        name=name.strip(),
        kind=kind,
        region_code=region_code.strip().upper(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        website=website.strip(),
    )
    partner.full_clean()
    partner.save()
    _audit(actor, AuditAction.CREATE, partner, summary=partner.name)
    return partner


# --- Engagements -------------------------------------------------------------------------------


@transaction.atomic
def engagement_open(
    *,
    actor: Actor,
    person_id: int | None = None,
    person_reference: str = "",
    new_person: dict[str, object] | None = None,
    started_on: dt.date,
    source: Source,
    question: str,
    capability: Capability,
    complexity: Complexity,
    decision_status: DecisionStatus,
    service_level: ServiceLevel | None = None,
    level_override_reason: str = "",
    practitioner_ids: Collection[int] = (),
    next_follow_up_on: dt.date | None = None,
) -> Engagement:
    """Open a guidance trajectory with its intake triage, for a known or a new person.

    The person is found by id (set-up work), by the reference number they give (KR-…), or
    registered new from `new_person` (given_name, family_name, date_of_birth, email, phone).
    A practitioner who opens a trajectory is always one of its practitioners.
    Permission: practitioners and service managers.
    Side effects: audit event (and the people app's, for a new person).
    """
    engagement_policy.require(actor, "open")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The start date cannot be in the future.")})
    if not question.strip():
        raise ValidationError({"question": _("Write down the question in the person's words.")})
    person = _person_for_intake(actor, person_id, person_reference, new_person)
    level, reason = _chosen_level(capability, complexity, service_level, level_override_reason)
    ids = set(practitioner_ids)
    if actor.role == Role.PRACTITIONER and actor.membership_id is not None:
        ids.add(actor.membership_id)
    practitioners = _own_practitioners(actor, ids)
    engagement = Engagement(
        organisation_id=_organisation_id(actor),
        person=person,
        started_on=started_on,
        source=source,
        question=question.strip(),
        capability=capability,
        complexity=complexity,
        readiness=readiness_of(capability, complexity),
        service_level=level,
        level_override_reason=reason,
        decision_status=decision_status,
        next_follow_up_on=next_follow_up_on,
    )
    engagement.full_clean()
    engagement.save()
    engagement.practitioners.set(practitioners)
    _audit(
        actor,
        AuditAction.CREATE,
        engagement,
        person_id=person.id,
        summary=f"{engagement.reference} {level}",
    )
    return engagement


def _person_for_intake(
    actor: Actor, person_id: int | None, reference: str, new_person: dict[str, object] | None
) -> Person:
    if person_id is not None:
        person = Person.objects.filter(id=person_id).first()
    elif reference.strip():
        person = Person.objects.filter(reference=reference.strip().upper()).first()
    elif new_person:
        return person_register(
            actor=actor,
            given_name=str(new_person.get("given_name", "")),
            family_name=str(new_person.get("family_name", "")),
            date_of_birth=new_person.get("date_of_birth"),  # type: ignore[arg-type]
            email=str(new_person.get("email", "") or ""),
            phone=str(new_person.get("phone", "") or ""),
            preferred_language=Language(str(new_person.get("preferred_language") or "nl")),
        )
    else:
        raise ValidationError(
            {"person_reference": _("Give the person's reference number or register them.")}
        )
    if person is None:
        raise ValidationError(
            {"person_reference": _("No person with this reference number was found.")}
        )
    return person


@transaction.atomic
def engagement_triage_update(
    *,
    actor: Actor,
    engagement_id: int,
    capability: Capability,
    complexity: Complexity,
    decision_status: DecisionStatus,
    service_level: ServiceLevel | None = None,
    level_override_reason: str = "",
    next_follow_up_on: dt.date | None = None,
) -> Engagement:
    """Record a new readiness triage (and its service level) for an open trajectory.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event with the changes.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _require_open(engagement)
    level, reason = _chosen_level(capability, complexity, service_level, level_override_reason)
    before = {"service_level": engagement.service_level, "readiness": engagement.readiness}
    engagement.capability = capability
    engagement.complexity = complexity
    engagement.readiness = readiness_of(capability, complexity)
    engagement.service_level = level
    engagement.level_override_reason = reason
    engagement.decision_status = decision_status
    engagement.next_follow_up_on = next_follow_up_on
    engagement.full_clean()
    engagement.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        engagement,
        person_id=engagement.person_id,
        changes={
            "service_level": [before["service_level"], level],
            "readiness": [before["readiness"], engagement.readiness],
        },
    )
    return engagement


@transaction.atomic
def engagement_practitioners_set(
    *, actor: Actor, engagement_id: int, practitioner_ids: Collection[int]
) -> Engagement:
    """Choose who guides the person; only practitioners of the same organisation.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    if not practitioner_ids:
        raise ValidationError({"practitioners": _("Assign at least one practitioner.")})
    practitioners = _own_practitioners(actor, practitioner_ids)
    engagement.practitioners.set(practitioners)
    _audit(
        actor,
        AuditAction.UPDATE,
        engagement,
        person_id=engagement.person_id,
        changes={"practitioners": sorted(m.id for m in practitioners)},
    )
    return engagement


def _require_open(engagement: Engagement) -> None:
    if not engagement.is_open:
        raise ValidationError(_("This trajectory has ended; it can no longer be changed."))


@transaction.atomic
def engagement_end(
    *, actor: Actor, engagement_id: int, ended_on: dt.date, end_reason: EndReason
) -> Engagement:
    """End a trajectory with a date and a reason.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _require_open(engagement)
    _check_period(engagement.started_on, ended_on)
    last = engagement.activity_links.aggregate(last=Max("activity__occurred_on"))["last"]
    if last is not None and ended_on < last:
        raise ValidationError(
            {
                "ended_on": _("The end date cannot be before the last activity (%(date)s).")
                % {"date": last.isoformat()}
            }
        )
    engagement.ended_on = ended_on
    engagement.end_reason = end_reason
    engagement.next_follow_up_on = None
    engagement.full_clean()
    engagement.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        engagement,
        person_id=engagement.person_id,
        summary=f"ended {end_reason}",
    )
    return engagement


# --- Self-help check-ins -----------------------------------------------------------------------


@transaction.atomic
def self_help_checkins_due(*, today: dt.date, interval_days: int = CHECK_IN_INTERVAL_DAYS) -> int:
    """Schedule a check-in for every open self-help trajectory that has gone `interval_days`
    without one; returns how many were scheduled. Set-based: one query finds them all.

    Side effects: CheckIn rows (due today); one audit event per organisation.
    """
    cutoff = today - dt.timedelta(days=interval_days)
    due = (
        Engagement.objects.open()
        .filter(service_level=ServiceLevel.SELF_HELP, started_on__lte=cutoff)
        .exclude(
            Exists(
                CheckIn.objects.filter(engagement_id=OuterRef("pk")).filter(
                    Q(due_on__gt=cutoff) | Q(recorded_at__isnull=True)
                )
            )
        )
        .values_list("id", "organisation_id")
    )
    rows = [CheckIn(engagement_id=e, organisation_id=o, due_on=today) for e, o in due]
    CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
    per_organisation: dict[int, int] = {}
    for row in rows:
        per_organisation[row.organisation_id] = per_organisation.get(row.organisation_id, 0) + 1
    for organisation_id, count in per_organisation.items():
        audit_record(
            actor=Actor.system(),
            action=AuditAction.CREATE,
            purpose=AuditPurpose.GUIDANCE,
            object_type="delivery.checkin",
            organisation_id=organisation_id,
            summary=f"{count} self-help check-ins due {today.isoformat()}",
        )
    return len(rows)


@transaction.atomic
def check_in_record(*, actor: Actor, check_in_id: int, outcome: CheckInOutcome) -> CheckIn:
    """Record how a self-help check-in went; "needs more support" moves the person one level up.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event; the trajectory's service level may change.
    """
    check_in = selectors.check_in_get(actor=actor, check_in_id=check_in_id)
    engagement = _engagement_for_update(actor, check_in.engagement_id)
    if check_in.recorded_at is not None:
        raise ValidationError(_("This check-in has already been recorded."))
    check_in.outcome = outcome
    check_in.recorded_at = timezone.now()
    if outcome == CheckInOutcome.NEEDS_MORE and engagement.is_open:
        new_level = level_above(ServiceLevel(engagement.service_level))
        if new_level != engagement.service_level:
            engagement.service_level = new_level
            engagement.level_override_reason = _(
                "Moved up after a check-in on %(date)s showed more support is needed."
            ) % {"date": check_in.due_on.isoformat()}
            engagement.save(update_fields=["service_level", "level_override_reason"])
            check_in.moved_to_level = new_level
    check_in.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        check_in,
        person_id=engagement.person_id,
        summary=f"{outcome} {check_in.moved_to_level}".strip(),
    )
    return check_in


# --- Activities --------------------------------------------------------------------------------


def _check_activity_date(engagement: Engagement, occurred_on: dt.date) -> None:
    if occurred_on < engagement.started_on:
        raise ValidationError(
            {
                "occurred_on": _(
                    "An activity cannot take place before the trajectory began (%(date)s)."
                )
                % {"date": engagement.started_on.isoformat()}
            }
        )
    if engagement.ended_on is not None and occurred_on > engagement.ended_on:
        raise ValidationError(
            {"occurred_on": _("An activity cannot take place after the trajectory ended.")}
        )


def _service_of(actor: Actor, service_id: int) -> Service:
    service = selectors.service_list(actor=actor, active_only=True).filter(id=service_id).first()
    if service is None:
        raise ValidationError({"service": _("Choose a service your organisation offers.")})
    return service


@transaction.atomic
def activity_record(
    *,
    actor: Actor,
    engagement_id: int,
    occurred_on: dt.date,
    duration_minutes: int,
    service_id: int,
    attendance: Attendance,
    takeaway: str = "",
    confidential_note: str = "",
    next_follow_up_on: dt.date | None = None,
) -> ActivityParticipant:
    """Log a session or encounter with one person, and optionally set the next follow-up.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event (the confidential note is never copied into it).
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _check_activity_date(engagement, occurred_on)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("Log activities that have taken place.")})
    if duration_minutes < 1:
        raise ValidationError({"duration_minutes": _("Enter a duration of at least one minute.")})
    service = _service_of(actor, service_id)
    activity = Activity.objects.create(
        organisation_id=engagement.organisation_id,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        practitioner_id=_membership_id(actor),
        service=service,
    )
    participant = ActivityParticipant.objects.create(
        organisation_id=engagement.organisation_id,
        activity=activity,
        engagement=engagement,
        attendance=attendance,
        takeaway=takeaway.strip(),
        confidential_note=confidential_note.strip(),
    )
    if next_follow_up_on is not None:
        engagement.next_follow_up_on = next_follow_up_on
        engagement.save(update_fields=["next_follow_up_on"])
    _audit(
        actor,
        AuditAction.CREATE,
        participant,
        person_id=engagement.person_id,
        summary=f"{service.name} {occurred_on.isoformat()} {attendance}",
    )
    return participant


@transaction.atomic
def group_activity_record(
    *,
    actor: Actor,
    engagement_ids: Collection[int],
    occurred_on: dt.date,
    duration_minutes: int,
    service_id: int,
    title: str,
) -> Activity:
    """Log a group activity (a workshop, a lesson, an employer encounter) for many people.

    Everyone is recorded as attended.
    Permission: practitioners and service managers, for engagements they may see.
    Side effects: one audit event per participant.
    """
    engagement_policy.require(actor, "change")
    if not engagement_ids:
        raise ValidationError({"engagements": _("Choose at least one participant.")})
    engagements = list(
        selectors.engagement_scope(actor=actor)
        .filter(id__in=set(engagement_ids))
        .select_for_update()
        .order_by("id")
    )
    if len(engagements) != len(set(engagement_ids)):
        raise Http404
    for engagement in engagements:
        _check_activity_date(engagement, occurred_on)
    service = _service_of(actor, service_id)
    activity = Activity.objects.create(
        organisation_id=_organisation_id(actor),
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        practitioner_id=_membership_id(actor),
        service=service,
        title=title.strip(),
    )
    participants = ActivityParticipant.objects.bulk_create(
        ActivityParticipant(
            organisation_id=_organisation_id(actor),
            activity=activity,
            engagement=engagement,
            attendance=Attendance.ATTENDED,
        )
        for engagement in engagements
    )
    for participant, engagement in zip(participants, engagements, strict=True):
        _audit(actor, AuditAction.CREATE, participant, person_id=engagement.person_id)
    return activity


# --- Action plan -------------------------------------------------------------------------------


@transaction.atomic
def goal_add(*, actor: Actor, engagement_id: int, text: str, life_area: LifeArea) -> Goal:
    """Add a goal, in the person's own words, to the trajectory's action plan.

    Permission: practitioners of the trajectory and service managers.
    Side effects: creates the action plan on first use; audit event.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _require_open(engagement)
    if not text.strip():
        raise ValidationError({"text": _("Write the goal down in the person's own words.")})
    plan, _created = ActionPlan.objects.get_or_create(
        engagement=engagement, defaults={"organisation_id": engagement.organisation_id}
    )
    goal = Goal.objects.create(
        organisation_id=engagement.organisation_id,
        plan=plan,
        text=text.strip(),
        life_area=life_area,
    )
    _audit(actor, AuditAction.CREATE, goal, person_id=engagement.person_id)
    return goal


@transaction.atomic
def step_add(*, actor: Actor, goal_id: int, text: str, due_on: dt.date | None = None) -> Step:
    """Add a step towards a goal.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement_policy.require(actor, "change")
    goal = _goal_get(actor, goal_id)
    engagement = goal.plan.engagement
    _require_open(engagement)
    if not text.strip():
        raise ValidationError({"text": _("Describe the step.")})
    if due_on is not None and due_on < engagement.started_on:
        raise ValidationError({"due_on": _("The due date cannot be before the trajectory began.")})
    step = Step.objects.create(
        organisation_id=goal.organisation_id, goal=goal, text=text.strip(), due_on=due_on
    )
    _audit(actor, AuditAction.CREATE, step, person_id=engagement.person_id)
    return step


def _goal_get(actor: Actor, goal_id: int) -> Goal:
    goal = (
        Goal.objects.filter(plan__engagement__in=selectors.engagement_scope(actor=actor))
        .select_related("plan__engagement")
        .filter(id=goal_id)
        .first()
    )
    if goal is None:
        raise Http404
    return goal


@transaction.atomic
def step_update(
    *,
    actor: Actor,
    step_id: int,
    version: int,
    status: StepStatus,
    due_on: dt.date | None = None,
    text: str | None = None,
) -> Step:
    """Change a step's status (and, for staff, its text or due date) if nobody changed it since
    `version` was read; a stale edit is refused, never silently overwrites the newer one.

    Permission: the citizen for their own plan; practitioners of the trajectory and managers.
    Side effects: audit event.
    """
    if actor.role not in (Role.CITIZEN, Role.PRACTITIONER, Role.SERVICE_MANAGER):
        raise PermissionDenied
    step = selectors.step_get(actor=actor, step_id=step_id)
    _require_open(step.goal.plan.engagement)
    changes: dict[str, object] = {"status": status, "version": F("version") + 1}
    if actor.role != Role.CITIZEN:
        changes["due_on"] = due_on
        if text is not None and text.strip():
            changes["text"] = text.strip()
    updated = Step.objects.filter(id=step.id, version=version).update(
        **changes, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(
            _(
                "Someone else changed this step while you were editing it. Your change was "
                "not saved; look at the latest version and try again."
            )
        )
    step.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        purpose=AuditPurpose.OWN_RECORD if actor.role == Role.CITIZEN else AuditPurpose.GUIDANCE,
        obj=step,
        organisation_id=step.organisation_id,
        person_id=step.goal.plan.engagement.person_id,
        changes={"status": status, "version": step.version},
    )
    return step


# --- Referrals ---------------------------------------------------------------------------------


def _region_codes_of(organisation_id: int) -> set[str]:
    """The organisation's region code and those of the regions and networks above it."""
    path = Organisation.objects.values_list("path", flat=True).get(id=organisation_id)
    ids = [int(part) for part in path.strip("/").split("/") if part]
    codes = Organisation.objects.filter(id__in=ids).values_list("region_code", flat=True)
    return {code for code in codes if code}


@transaction.atomic
def referral_propose(
    *,
    actor: Actor,
    engagement_id: int,
    partner_id: int,
    reason: str,
    share_personal_data: bool = False,
    region_override_reason: str = "",
) -> Referral:
    """Propose referring the person to a partner service (holistic support, P6).

    A partner outside the organisation's region needs a reason.
    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _require_open(engagement)
    partner = selectors.partner_list(actor=actor, active_only=True).filter(id=partner_id).first()
    if partner is None:
        raise ValidationError({"partner": _("Choose a partner service from your directory.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you refer the person.")})
    regions = _region_codes_of(engagement.organisation_id)
    if partner.region_code not in regions and not region_override_reason.strip():
        raise ValidationError(
            {
                "region_override_reason": _(
                    "%(partner)s works in region %(region)s, outside your region. Give a reason "
                    "to refer there."
                )
                % {"partner": partner.name, "region": partner.region_code}
            }
        )
    referral = Referral.objects.create(
        organisation_id=engagement.organisation_id,
        engagement=engagement,
        partner=partner,
        reason=reason.strip(),
        share_personal_data=share_personal_data,
        region_override_reason=region_override_reason.strip(),
    )
    _audit(
        actor,
        AuditAction.CREATE,
        referral,
        person_id=engagement.person_id,
        summary=f"{partner.name} ({partner.get_kind_display()})",
    )
    return referral


@transaction.atomic
def referral_transition(
    *, actor: Actor, referral_id: int, to_status: ReferralStatus, outcome: str = ""
) -> Referral:
    """Move a referral along proposed → sent → accepted → completed (or declined/no response).

    Sending with personal data needs the person's active consent to share with partners.
    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement_policy.require(actor, "change")
    found = selectors.referral_get(actor=actor, referral_id=referral_id)
    referral = Referral.objects.select_for_update().get(id=found.id)
    if to_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise ValidationError(
            _("A referral that is %(current)s cannot become %(next)s.")
            % {
                "current": ReferralStatus(referral.status).label.lower(),
                "next": to_status.label.lower(),
            }
        )
    person_id = found.engagement.person_id
    if (
        to_status == ReferralStatus.SENT
        and referral.share_personal_data
        and not consent_is_active(
            actor=actor, person_id=person_id, purpose=ConsentPurpose.SHARE_WITH_PARTNER
        )
    ):
        raise ValidationError(
            _(
                "The person has not given consent to share their details with partner services. "
                "Ask for consent first, or send the referral without personal data."
            )
        )
    before = referral.status
    today = timezone.localdate()
    referral.status = to_status
    if to_status == ReferralStatus.SENT:
        referral.sent_on = today
    if not REFERRAL_TRANSITIONS[to_status]:
        referral.closed_on = today
    if outcome.strip():
        referral.outcome = outcome.strip()
    referral.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        referral,
        person_id=person_id,
        changes={"status": [before, to_status]},
    )
    return referral


# --- Participation in employer opportunities ---------------------------------------------------


@transaction.atomic
def participation_add(*, actor: Actor, engagement_id: int, opportunity_id: int) -> Participation:
    """Give the person a place in an employer opportunity.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement = _engagement_for_update(actor, engagement_id)
    _require_open(engagement)
    found = selectors.opportunity_list(actor=actor).filter(id=opportunity_id).first()
    if found is None:
        raise ValidationError({"opportunity": _("Choose an opportunity of your organisation.")})
    opportunity = Opportunity.objects.select_for_update().get(id=found.id)
    taken = opportunity.participations.filter(
        status__in=[ParticipationStatus.PLANNED, ParticipationStatus.TOOK_PART]
    ).count()
    if taken >= opportunity.places:
        raise ValidationError({"opportunity": _("This opportunity has no places left.")})
    if opportunity.participations.filter(engagement=engagement).exists():
        raise ValidationError({"opportunity": _("This person already has a place here.")})
    participation = Participation.objects.create(
        organisation_id=engagement.organisation_id, opportunity=opportunity, engagement=engagement
    )
    _audit(
        actor,
        AuditAction.CREATE,
        participation,
        person_id=engagement.person_id,
        summary=opportunity.title,
    )
    return participation


@transaction.atomic
def participation_feedback(
    *,
    actor: Actor,
    participation_id: int,
    status: ParticipationStatus,
    person_feedback: str = "",
    employer_feedback: str = "",
) -> Participation:
    """Record how a workplace experience went, from both sides.

    Permission: practitioners of the trajectory and service managers.
    Side effects: audit event.
    """
    engagement_policy.require(actor, "change")
    found = selectors.participation_get(actor=actor, participation_id=participation_id)
    participation = Participation.objects.select_for_update().get(id=found.id)
    participation.status = status
    participation.person_feedback = person_feedback.strip()
    participation.employer_feedback = employer_feedback.strip()
    participation.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        participation,
        person_id=found.engagement.person_id,
        changes={"status": status},
    )
    return participation
