"""Builders for quality tests: frameworks, actors and self-evaluations, made by the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from koers.core.actor import Actor
from koers.core.roles import Role
from koers.organisations.selectors import actor_for_user
from koers.quality import services
from koers.quality.framework import FRAMEWORKS_DIR
from koers.quality.models import Framework, ImprovementAction, SelfEvaluation
from tests.world import World

TEN = FRAMEWORKS_DIR / "ten_principles.yaml"
QAE = FRAMEWORKS_DIR / "qae.yaml"

# Every self-assessed criterion of the ten principles with an answer that meets it and the
# evidence it needs.
TEN_ANSWERS: dict[str, tuple[str, str, str]] = {
    "P1.3": ("yes", "We read the shared record at intake.", ""),
    "P2.4": ("yes", "Plans are written by the person.", ""),
    "P3.4": ("yes", "", "https://intranet.example/equity-review.pdf"),
    "P4.3": ("all", "", "https://example.org/offer"),
    "P5.2": ("yes", "", "https://intranet.example/programme.pdf"),
    "P5.3": ("yes", "Pre and post questionnaire.", ""),
    "P6.3": ("yes", "", "https://intranet.example/agreements.pdf"),
    "P7.3": ("yes", "Employer panel twice a year.", ""),
    "P9.1": ("yes", "", "https://example.org/info"),
    "P9.2": ("yes", "", "https://intranet.example/review.pdf"),
    "P9.3": ("yes", "Easy-read versions and translations.", ""),
    "P10.4": ("yes", "", "https://intranet.example/evaluation-plan.pdf"),
}


def actor(world: World, role: Role = Role.SERVICE_MANAGER, *, other: bool = False) -> Actor:
    return actor_for_user(user=world.user(role, other=other), membership_id=None)[0]


def frameworks_loaded() -> dict[str, Framework]:
    system = Actor.system()
    return {f.key: f for f in (services.framework_load(actor=system, path=p) for p in (TEN, QAE))}


def ten_principles() -> Framework:
    return frameworks_loaded()["ten-principles"]


def started(world: World, year: int, *, other: bool = False) -> SelfEvaluation:
    return services.self_evaluation_start(
        actor=actor(world, other=other), framework_id=ten_principles().id, year=year
    )


def answer_all(world: World, evaluation: SelfEvaluation) -> None:
    for key, (answer, note, link) in TEN_ANSWERS.items():
        services.self_evaluation_answer(
            actor=actor(world),
            self_evaluation_id=evaluation.id,
            criterion_key=key,
            answer=answer,
            evidence_note=note,
            evidence_link=link,
        )


def finalised(world: World, year: int) -> SelfEvaluation:
    evaluation = started(world, year)
    answer_all(world, evaluation)
    return services.self_evaluation_finalise(actor=actor(world), self_evaluation_id=evaluation.id)


def an_action(
    world: World, evaluation: SelfEvaluation, *, criterion_key: str = "P9.1", days: int = 30
) -> ImprovementAction:
    manager = actor(world)
    return services.improvement_action_create(
        actor=manager,
        self_evaluation_id=evaluation.id,
        criterion_key=criterion_key,
        title="Add source and date to every occupation page",
        owner_id=manager.membership_id or 0,
        due_on=timezone.localdate() + dt.timedelta(days=days),
        expected_effect="All pages show their source.",
    )
