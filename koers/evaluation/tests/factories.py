"""Factories and data builders for the evaluation app; chains stay inside one organisation."""

import csv
import io

from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from koers.evaluation.models import Design, EvaluationPlan
from koers.evaluation.tests.simulate import selected_population


class EvaluationPlanFactory(DjangoModelFactory[EvaluationPlan]):
    class Meta:
        model = EvaluationPlan

    title = Sequence(lambda n: f"Group programme {n}")
    design = Design.MATCHED
    outcomes = [
        {
            "term": "short",
            "outcome": "Clearer career goals",
            "indicator": "CMS score",
            "time_points": "0, 3 months",
        },
    ]


def csv_bytes(header, rows, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def planted_dataset(seed=0, n=400):
    """A CSV with covariates age_z and women, treatment joined and outcome income (effect 1)."""
    planted = selected_population(seed, n=n)
    rows = [
        [
            f"{planted.x[i, 0]:.5f}",
            int(planted.x[i, 1]),
            int(planted.treatment[i]),
            f"{planted.outcome[i]:.5f}",
        ]
        for i in range(n)
    ]
    return csv_bytes(["age_z", "women", "joined", "income"], rows)


# --- trajectories and follow-ups -----------------------------------------------------------------


def staff_actor(world, role=None):
    from koers.core.roles import Role
    from koers.organisations.selectors import actor_for_user

    return actor_for_user(user=world.user(role or Role.PRACTITIONER), membership_id=None)[0]


def load_shipped(key):
    from koers.core.actor import Actor
    from koers.instruments.definition import DEFINITIONS_DIR
    from koers.instruments.services import instrument_load_file

    return instrument_load_file(actor=Actor.system(), path=DEFINITIONS_DIR / f"{key}.yaml").version


def ended_engagement(
    world,
    *,
    ended_on,
    email="noor@example.org",
    language="nl",
    consent=True,
    end_reason="goal_reached",
    given_name="Noor",
    service_level=None,
    capability="low",
    complexity="high",
):
    """A trajectory of a new person in world.org that ended on `ended_on` (with or without the
    person's consent to follow-up contact)."""
    import datetime as dt

    from django.utils import timezone

    from koers.delivery.models import DecisionStatus, EndReason, Source
    from koers.delivery.services import engagement_end, engagement_open
    from koers.people.models import Consent, ConsentPurpose

    actor = staff_actor(world)
    started_on = ended_on - dt.timedelta(days=60)
    engagement = engagement_open(
        actor=actor,
        new_person={
            "given_name": given_name,
            "family_name": "Test",
            "email": email,
            "preferred_language": language,
        },
        started_on=started_on,
        source=Source.SELF,
        question="Wat past bij mij?",
        capability=capability,
        complexity=complexity,
        decision_status=DecisionStatus.UNDECIDED,
        service_level=service_level,
        level_override_reason="test" if service_level else "",
    )
    if consent:
        Consent.objects.create(
            person_id=engagement.person_id,
            purpose=ConsentPurpose.FOLLOW_UP_CONTACT,
            granted_at=timezone.now(),
        )
    engagement = engagement_end(
        actor=actor,
        engagement_id=engagement.id,
        ended_on=ended_on,
        end_reason=EndReason(end_reason),
    )
    engagement.refresh_from_db()
    return engagement


def follow_up_wave(world, months=3, reminder_after_days=14, covers_ended_from=None):
    import datetime as dt

    from koers.evaluation.models import FollowUpWave

    return FollowUpWave.objects.create(
        organisation=world.org,
        months=months,
        reminder_after_days=reminder_after_days,
        covers_ended_from=covers_ended_from or dt.date(2000, 1, 1),
    )


def planted_records(world, *, n=600, seed=1, effect=0.4, maturation=0.5):
    """Trajectories of world.org with CMS totals before and after, written directly.

    Unemployed people start lower and are far more often given intensive guidance (selection
    bias); intensive guidance adds `effect` to the after-score, everyone gains `maturation`.
    Returns the arrays that were planted.
    """
    import datetime as dt

    import numpy as np
    from django.utils import timezone

    from koers.delivery.models import Engagement
    from koers.instruments.models import Administration, Channel, Score
    from koers.people.models import LifeStatus, Person

    rng = np.random.default_rng(seed)
    cms = load_shipped("career-management-skills")
    total = cms.scales.get(key="total")
    today = timezone.localdate()
    started, ended = today - dt.timedelta(days=200), today - dt.timedelta(days=30)
    unemployed = rng.random(n) < 0.5
    in_education = ~unemployed & (rng.random(n) < 0.3)
    treated = rng.random(n) < np.where(unemployed, 0.75, 0.25)
    age = rng.integers(18, 60, n)
    pre = 3.5 - 1.0 * unemployed + rng.normal(0, 0.4, n)
    post = pre + maturation + effect * treated + rng.normal(0, 0.3, n)
    persons = Person.objects.bulk_create(
        Person(
            given_name=f"P{i}",
            family_name="Planted",
            date_of_birth=dt.date(started.year - int(age[i]), 1, 1),
        )
        for i in range(n)
    )
    LifeStatus.objects.bulk_create(
        LifeStatus(
            person=person,
            status="unemployed"
            if unemployed[i]
            else "in_education"
            if in_education[i]
            else "employed",
            start_date=dt.date(2020, 1, 1),
        )
        for i, person in enumerate(persons)
    )
    Engagement.objects.bulk_create(
        Engagement(
            organisation=world.org,
            person=person,
            started_on=started,
            ended_on=ended,
            end_reason="goal_reached",
            source="self",
            question="?",
            capability="low",
            complexity="high",
            readiness="low",
            service_level="individual_case_managed" if treated[i] else "brief_staff_assisted",
            decision_status="undecided",
        )
        for i, person in enumerate(persons)
    )
    at = {
        "pre": timezone.make_aware(dt.datetime.combine(started, dt.time(10))),
        "post": timezone.make_aware(dt.datetime.combine(ended, dt.time(10))),
    }
    administrations = Administration.objects.bulk_create(
        Administration(
            organisation=world.org,
            person=person,
            version=cms,
            occasion=occasion,
            channel=Channel.SESSION,
            started_at=at[occasion],
            completed_at=at[occasion],
        )
        for person in persons
        for occasion in ("pre", "post")
    )
    values = np.column_stack([pre, post]).ravel()
    Score.objects.bulk_create(
        Score(
            administration=administration,
            organisation=world.org,
            version=cms,
            scale=total,
            value=float(value),
            answered=20,
            total=20,
        )
        for administration, value in zip(administrations, values, strict=True)
    )
    return {"pre": pre, "post": post, "treated": treated, "unemployed": unemployed}
