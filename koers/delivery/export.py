"""The delivery section of a citizen's "download my data": their trajectories, activities,
action plans, referrals and workplace experiences at every provider.

Never a confidential note: those are the practitioner's working notes, not part of the export.
"""

from __future__ import annotations

from typing import Any

from koers.delivery.models import ActivityParticipant, Engagement, Goal, Participation, Referral
from koers.people.models import Person


def delivery_export(person: Person) -> dict[str, Any]:
    return {
        "engagements": list(
            Engagement.objects.filter(person=person)
            .order_by("started_on", "id")
            .values(
                "id",
                "organisation__name",
                "started_on",
                "source",
                "question",
                "readiness",
                "service_level",
                "decision_status",
                "ended_on",
                "end_reason",
            )
        ),
        "activities": list(
            ActivityParticipant.objects.filter(engagement__person=person)
            .order_by("activity__occurred_on", "id")
            .values(
                "engagement_id",
                "activity__occurred_on",
                "activity__duration_minutes",
                "activity__service__name",
                "activity__service__intervention_type__kind",
                "attendance",
                "takeaway",
            )
        ),
        "goals": [
            {
                "engagement_id": goal.plan.engagement_id,
                "text": goal.text,
                "life_area": goal.life_area,
                "steps": [
                    {"text": s.text, "due_on": s.due_on, "status": s.status}
                    for s in goal.steps.all()
                ],
            }
            for goal in Goal.objects.filter(plan__engagement__person=person)
            .select_related("plan")
            .prefetch_related("steps")
            .order_by("id")
        ],
        "referrals": list(
            Referral.objects.filter(engagement__person=person)
            .order_by("created_at", "id")
            .values(
                "engagement_id",
                "partner__name",
                "partner__kind",
                "reason",
                "status",
                "sent_on",
                "closed_on",
                "outcome",
            )
        ),
        "workplace_experiences": list(
            Participation.objects.filter(engagement__person=person)
            .order_by("created_at", "id")
            .values(
                "engagement_id",
                "opportunity__kind",
                "opportunity__title",
                "opportunity__employer__name",
                "opportunity__starts_on",
                "status",
                "person_feedback",
                "employer_feedback",
            )
        ),
    }
