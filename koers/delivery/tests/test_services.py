import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation

from koers.core.models import AuditEvent
from koers.delivery import services
from koers.delivery.models import (
    ActivityParticipant,
    Attendance,
    CheckIn,
    CheckInOutcome,
    DecisionStatus,
    EmployerSize,
    EndReason,
    Engagement,
    InterventionKind,
    InterventionType,
    LifeArea,
    OpportunityKind,
    Participation,
    ParticipationStatus,
    Referral,
    ReferralStatus,
    Source,
    Step,
    StepStatus,
)
from koers.delivery.tasks import self_help_checkins
from koers.delivery.tests.factories import (
    OpportunityFactory,
    PartnerFactory,
    ServiceFactory,
    activity,
    actor,
    engagement,
)
from koers.delivery.triage import Capability, Complexity, Readiness, ServiceLevel
from koers.people.models import Consent, ConsentPurpose

TODAY = timezone.localdate


def messages_of(error):
    return [m for messages in error.value.message_dict.values() for m in messages]


# --- Catalogue ---------------------------------------------------------------------------------


def test_the_shared_catalogue_holds_ten_types_with_their_principles(db):
    kinds = set(InterventionType.objects.values_list("kind", flat=True))
    assert kinds == set(InterventionKind.values)
    encounter = InterventionType.objects.get(kind=InterventionKind.EMPLOYER_ENCOUNTER)
    assert encounter.principles == {7}
    serving_p7 = set(InterventionType.objects.serving(7).values_list("kind", flat=True))
    assert serving_p7 == {"employer_encounter", "workplace_experience", "job_search_support"}


def test_manager_adopts_the_catalogue_once(manager):
    # when
    first = services.service_offer_from_catalogue(actor=actor(manager))
    second = services.service_offer_from_catalogue(actor=actor(manager))
    # then
    assert len(first) == 10
    assert second == []


def test_practitioner_may_not_change_the_offer(practitioner):
    from django.core.exceptions import PermissionDenied

    kind = InterventionType.objects.get(kind=InterventionKind.ASSESSMENT)
    with pytest.raises(PermissionDenied):
        services.service_create(actor=actor(practitioner), intervention_type_id=kind.id, name="X")


# --- Engagements -------------------------------------------------------------------------------


def test_open_engagement_maps_triage_and_assigns_the_practitioner(practitioner):
    # when
    opened = engagement(practitioner, capability=Capability.LOW, complexity=Complexity.HIGH)
    # then
    assert opened.readiness == Readiness.LOW
    assert opened.service_level == ServiceLevel.INDIVIDUAL_CASE_MANAGED
    assert opened.level_override_reason == ""
    membership = practitioner.memberships.get()
    assert list(opened.practitioners.all()) == [membership]
    assert (
        AuditEvent.objects.filter(
            object_type="delivery.engagement", object_id=str(opened.id), person_id=opened.person_id
        ).count()
        == 1
    )


def test_override_of_one_level_needs_a_reason(practitioner):
    # when / then
    with translation.override("en"), pytest.raises(ValidationError) as error:
        engagement(
            practitioner,
            capability=Capability.HIGH,
            complexity=Complexity.LOW,
            service_level=ServiceLevel.BRIEF_STAFF_ASSISTED,
        )
    assert messages_of(error) == [
        "Readiness points to Self-help. Give a reason for choosing another level."
    ]
    assert Engagement.objects.count() == 0


def test_override_of_one_level_with_a_reason_is_recorded(practitioner):
    opened = engagement(
        practitioner,
        capability=Capability.HIGH,
        complexity=Complexity.LOW,
        service_level=ServiceLevel.BRIEF_STAFF_ASSISTED,
        level_override_reason="Leest slecht Nederlands; zelfhulp is alleen in het Nederlands.",
    )
    assert opened.service_level == ServiceLevel.BRIEF_STAFF_ASSISTED
    assert opened.readiness == Readiness.HIGH


def test_override_of_two_levels_is_refused(practitioner):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        engagement(
            practitioner,
            capability=Capability.HIGH,
            complexity=Complexity.LOW,
            service_level=ServiceLevel.INDIVIDUAL_CASE_MANAGED,
            level_override_reason="Wil graag veel hulp.",
        )
    assert messages_of(error) == [
        "Het ondersteuningsniveau mag maximaal één niveau afwijken van wat de keuzegereedheid "
        "aangeeft (Zelfhulp)."
    ]


def test_practitioner_of_another_organisation_is_rejected(world, manager):
    other = world.other_users["practitioner"].memberships.get()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        engagement(manager, practitioner_ids=[other.id])
    assert messages_of(error) == [
        "Only practitioners of your own organisation can be assigned to a trajectory."
    ]
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        engagement(manager, practitioner_ids=[other.id])
    assert messages_of(error) == [
        "Alleen loopbaanbegeleiders van je eigen organisatie kunnen aan een traject worden "
        "gekoppeld."
    ]
    assert Engagement.objects.count() == 0


def test_open_engagement_for_a_new_person_registers_them(practitioner):
    opened = services.engagement_open(
        actor=actor(practitioner),
        new_person={"given_name": "Ingrid", "family_name": "Smit"},
        started_on=TODAY(),
        source=Source.BENEFITS_AGENCY,
        question="Na 25 jaar drukkerij: wat nu?",
        capability=Capability.LOW,
        complexity=Complexity.HIGH,
        decision_status=DecisionStatus.INDECISIVE,
    )
    assert opened.person.full_name == "Ingrid Smit"


def test_open_engagement_by_unknown_reference_fails(practitioner):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.engagement_open(
            actor=actor(practitioner),
            person_reference="KR-XXXX-XXXX",
            started_on=TODAY(),
            source=Source.SELF,
            question="?",
            capability=Capability.HIGH,
            complexity=Complexity.LOW,
            decision_status=DecisionStatus.DECIDED,
        )
    assert "No person with this reference number was found." in messages_of(error)


def test_end_before_start_is_refused_in_both_languages(practitioner):
    opened = engagement(practitioner, started_on=dt.date(2026, 1, 10))
    for language, text in [
        ("en", "The end date cannot be before the start date."),
        ("nl", "De einddatum kan niet vóór de begindatum liggen."),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.engagement_end(
                actor=actor(practitioner),
                engagement_id=opened.id,
                ended_on=dt.date(2026, 1, 9),
                end_reason=EndReason.GOAL_REACHED,
            )
        assert messages_of(error) == [text]
    opened.refresh_from_db()
    assert opened.ended_on is None


def test_end_engagement(practitioner):
    opened = engagement(practitioner, started_on=dt.date(2026, 1, 10))
    ended = services.engagement_end(
        actor=actor(practitioner),
        engagement_id=opened.id,
        ended_on=dt.date(2026, 2, 1),
        end_reason=EndReason.GOAL_REACHED,
    )
    assert (ended.ended_on, ended.end_reason) == (dt.date(2026, 2, 1), "goal_reached")


def test_another_organisation_cannot_change_an_engagement(world, practitioner):
    opened = engagement(practitioner)
    with pytest.raises(Http404):
        services.engagement_end(
            actor=actor(world.other_users["service_manager"]),
            engagement_id=opened.id,
            ended_on=TODAY(),
            end_reason=EndReason.OTHER,
        )
    opened.refresh_from_db()
    assert opened.ended_on is None


# --- Activities --------------------------------------------------------------------------------


def test_activity_before_the_engagement_began_is_refused(practitioner):
    opened = engagement(practitioner, started_on=TODAY() - dt.timedelta(days=3))
    service = ServiceFactory.create(organisation_id=opened.organisation_id)
    before = opened.started_on - dt.timedelta(days=1)
    for language, text in [
        ("en", f"An activity cannot take place before the trajectory began ({opened.started_on})."),
        (
            "nl",
            "Een activiteit kan niet plaatsvinden voordat het traject begon "
            f"({opened.started_on}).",
        ),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.activity_record(
                actor=actor(practitioner),
                engagement_id=opened.id,
                occurred_on=before,
                duration_minutes=30,
                service_id=service.id,
                attendance=Attendance.ATTENDED,
            )
        assert messages_of(error) == [text]
    assert ActivityParticipant.objects.count() == 0


def test_activity_record_sets_follow_up_and_keeps_note_out_of_the_audit(practitioner):
    opened = engagement(practitioner)
    service = ServiceFactory.create(organisation_id=opened.organisation_id)
    follow_up = TODAY() + dt.timedelta(days=14)
    participant = services.activity_record(
        actor=actor(practitioner),
        engagement_id=opened.id,
        occurred_on=TODAY(),
        duration_minutes=50,
        service_id=service.id,
        attendance=Attendance.ATTENDED,
        takeaway="Ik ga met een planner praten.",
        confidential_note="Zorgen over schulden",
        next_follow_up_on=follow_up,
    )
    opened.refresh_from_db()
    assert opened.next_follow_up_on == follow_up
    assert participant.activity.practitioner == practitioner.memberships.get()
    audit = AuditEvent.objects.get(object_type="delivery.activityparticipant")
    assert "schulden" not in audit.summary + str(audit.changes)


def test_group_activity_records_everyone(practitioner):
    first, second = engagement(practitioner), engagement(practitioner)
    service = ServiceFactory.create(organisation_id=first.organisation_id, mode="group")
    group = services.group_activity_record(
        actor=actor(practitioner),
        engagement_ids=[first.id, second.id],
        occurred_on=TODAY(),
        duration_minutes=120,
        service_id=service.id,
        title="Workshop netwerken",
    )
    assert set(group.participants.values_list("engagement_id", flat=True)) == {
        first.id,
        second.id,
    }


# --- Action plan -------------------------------------------------------------------------------


def _step(practitioner):
    opened = engagement(practitioner)
    goal = services.goal_add(
        actor=actor(practitioner),
        engagement_id=opened.id,
        text="Ik wil in de zorg werken.",
        life_area=LifeArea.WORK,
    )
    return services.step_add(
        actor=actor(practitioner), goal_id=goal.id, text="Meeloopdag plannen", due_on=TODAY()
    )


def test_stale_step_edit_is_refused_and_nothing_is_overwritten(practitioner):
    # given two people who both read version 1
    step = _step(practitioner)
    services.step_update(
        actor=actor(practitioner), step_id=step.id, version=1, status=StepStatus.IN_PROGRESS
    )
    # when the second saves on version 1
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.step_update(
            actor=actor(practitioner), step_id=step.id, version=1, status=StepStatus.DROPPED
        )
    # then it is refused and the first change stands
    assert error.value.messages == [
        "Someone else changed this step while you were editing it. Your change was not saved; "
        "look at the latest version and try again."
    ]
    step.refresh_from_db()
    assert (step.status, step.version) == (StepStatus.IN_PROGRESS, 2)


def test_citizen_updates_their_own_step(practitioner, citizen):
    step = _step(practitioner)
    person = step.goal.plan.engagement.person
    person.user = citizen
    person.save()
    updated = services.step_update(
        actor=actor(citizen), step_id=step.id, version=1, status=StepStatus.DONE
    )
    assert (updated.status, updated.version) == (StepStatus.DONE, 2)


def test_citizen_cannot_update_someone_elses_step(practitioner, citizen):
    step = _step(practitioner)
    with pytest.raises(Http404):
        services.step_update(
            actor=actor(citizen), step_id=step.id, version=1, status=StepStatus.DONE
        )
    assert Step.objects.get(id=step.id).status == StepStatus.OPEN


# --- Referrals ---------------------------------------------------------------------------------


def test_partner_outside_the_region_needs_a_reason(practitioner, org):
    opened = engagement(practitioner)
    partner = PartnerFactory.create(
        organisation=org, region_code="GM0599", name="Schuldhulp Rotterdam"
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.referral_propose(
            actor=actor(practitioner), engagement_id=opened.id, partner_id=partner.id, reason="x"
        )
    assert messages_of(error) == [
        "Schuldhulp Rotterdam works in region GM0599, outside your region. Give a reason to "
        "refer there."
    ]
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.referral_propose(
            actor=actor(practitioner), engagement_id=opened.id, partner_id=partner.id, reason="x"
        )
    assert messages_of(error) == [
        "Schuldhulp Rotterdam werkt in regio GM0599, buiten je eigen regio. Geef een reden om "
        "daarheen door te verwijzen."
    ]
    assert Referral.objects.count() == 0
    referral = services.referral_propose(
        actor=actor(practitioner),
        engagement_id=opened.id,
        partner_id=partner.id,
        reason="Schulden",
        region_override_reason="Woont binnenkort in Rotterdam.",
    )
    assert referral.status == ReferralStatus.PROPOSED


def test_partner_in_a_parent_region_needs_no_reason(practitioner, org):
    opened = engagement(practitioner)
    partner = PartnerFactory.create(organisation=org, region_code="NL31")
    referral = services.referral_propose(
        actor=actor(practitioner), engagement_id=opened.id, partner_id=partner.id, reason="x"
    )
    assert referral.region_override_reason == ""


def test_referral_lifecycle_and_consent_check(practitioner, org):
    opened = engagement(practitioner)
    partner = PartnerFactory.create(organisation=org)
    referral = services.referral_propose(
        actor=actor(practitioner),
        engagement_id=opened.id,
        partner_id=partner.id,
        reason="Schulden eerst",
        share_personal_data=True,
    )
    # sending personal data without consent is refused
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.referral_transition(
            actor=actor(practitioner), referral_id=referral.id, to_status=ReferralStatus.SENT
        )
    assert error.value.messages[0].startswith("The person has not given consent")
    assert Referral.objects.get(id=referral.id).status == ReferralStatus.PROPOSED
    # with consent it goes
    Consent.objects.create(
        person=opened.person, purpose=ConsentPurpose.SHARE_WITH_PARTNER, granted_at=timezone.now()
    )
    for status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
        referral = services.referral_transition(
            actor=actor(practitioner), referral_id=referral.id, to_status=status, outcome="Regeling"
        )
    assert (referral.status, referral.sent_on, referral.closed_on) == (
        ReferralStatus.COMPLETED,
        TODAY(),
        TODAY(),
    )
    # and a completed referral cannot move on
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.referral_transition(
            actor=actor(practitioner), referral_id=referral.id, to_status=ReferralStatus.SENT
        )
    assert error.value.messages == ["A referral that is completed cannot become sent."]


# --- Participation -----------------------------------------------------------------------------


def test_participation_respects_places_and_records_feedback(practitioner, org):
    opportunity = OpportunityFactory.create(
        organisation=org, places=1, kind=OpportunityKind.JOB_SHADOWING
    )
    first, second = engagement(practitioner), engagement(practitioner)
    taken = services.participation_add(
        actor=actor(practitioner), engagement_id=first.id, opportunity_id=opportunity.id
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.participation_add(
            actor=actor(practitioner), engagement_id=second.id, opportunity_id=opportunity.id
        )
    assert messages_of(error) == ["This opportunity has no places left."]
    done = services.participation_feedback(
        actor=actor(practitioner),
        participation_id=taken.id,
        status=ParticipationStatus.TOOK_PART,
        person_feedback="Leuk, maar zwaar werk.",
        employer_feedback="Stelde goede vragen.",
    )
    assert Participation.objects.get(id=done.id).employer_feedback == "Stelde goede vragen."


def test_opportunity_end_before_start_is_refused(practitioner, org):
    employer = services.employer_create(
        actor=actor(practitioner), name="Drukkerij Bos", sector="Grafisch", size=EmployerSize.SMALL
    )
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.opportunity_create(
            actor=actor(practitioner),
            employer_id=employer.id,
            kind=OpportunityKind.TALK,
            title="Gastles",
            starts_on=dt.date(2026, 5, 2),
            ends_on=dt.date(2026, 5, 1),
            places=20,
        )
    assert messages_of(error) == ["De einddatum kan niet vóór de begindatum liggen."]


# --- Check-ins ---------------------------------------------------------------------------------


def test_self_help_check_ins_are_scheduled_once_and_can_move_up(practitioner):
    # given a self-help trajectory that started 50 days ago, and a brief one
    old = TODAY() - dt.timedelta(days=50)
    self_help = engagement(
        practitioner, started_on=old, capability=Capability.HIGH, complexity=Complexity.LOW
    )
    engagement(practitioner, started_on=old)
    # when the task runs twice
    first = self_help_checkins.enqueue()
    second = self_help_checkins.enqueue()
    # then one check-in was scheduled, for the self-help trajectory only
    assert (first.return_value, second.return_value) == (1, 0)
    check_in = CheckIn.objects.get()
    assert check_in.engagement_id == self_help.id
    # when the check-in shows more support is needed
    recorded = services.check_in_record(
        actor=actor(practitioner), check_in_id=check_in.id, outcome=CheckInOutcome.NEEDS_MORE
    )
    # then the person moves up one level
    self_help.refresh_from_db()
    assert recorded.moved_to_level == ServiceLevel.BRIEF_STAFF_ASSISTED
    assert self_help.service_level == ServiceLevel.BRIEF_STAFF_ASSISTED


# --- Practitioner profile ----------------------------------------------------------------------


def test_practitioner_keeps_qualifications_and_cpd(practitioner):
    me = actor(practitioner)
    services.practitioner_register_update(
        actor=me,
        register_name="Noloc",
        register_number="NL-1234",
        register_renewal_on=dt.date(2026, 12, 31),
    )
    services.qualification_add(
        actor=me,
        title="Post-hbo Loopbaanprofessional",
        awarding_body="Hogeschool Utrecht",
        eqf_level=6,
        is_guidance_qualification=True,
    )
    entry = services.cpd_entry_add(
        actor=me, date=TODAY(), hours=Decimal("3.5"), topic="Intervisie", provider="Noloc"
    )
    assert entry.profile.membership == practitioner.memberships.get()
    assert entry.profile.qualifications.count() == 1


def test_cpd_in_the_future_is_refused(practitioner):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.cpd_entry_add(
            actor=actor(practitioner),
            date=TODAY() + dt.timedelta(days=1),
            hours=Decimal(2),
            topic="x",
        )
    assert messages_of(error) == ["The date cannot be in the future."]


def test_activity_helper_works(practitioner):
    opened = engagement(practitioner)
    participant = activity(practitioner, opened, note="geheim")
    assert participant.confidential_note == "geheim"
