"""An approved erasure also forgets the organisation's own references to the person."""

from __future__ import annotations

from koers.api.models import ImportedEngagement, ImportedPerson
from koers.delivery.models import Engagement
from koers.delivery.tests.factories import actor
from koers.privacy import services
from koers.privacy.models import Decision
from koers.privacy.tests.factories import citizen_with_record, erasure_request


def test_erasure_forgets_imported_references(world, citizen, practitioner, manager):
    # given a person the organisation imported with its own student and trajectory numbers
    person, engagement_id = citizen_with_record(citizen, practitioner)
    ImportedPerson.objects.create(organisation=world.org, reference="LLN-4711", person=person)
    ImportedEngagement.objects.create(
        organisation=world.org, reference="TRJ-9", engagement_id=engagement_id
    )
    # when the erasure is approved
    services.erasure_request_review(
        actor=actor(manager),
        request_id=erasure_request(citizen).id,
        decision=Decision.APPROVED,
        reason="Geen bewaarplicht.",
    )
    # then those references are gone, while the trajectory itself stays for the counts
    assert not ImportedPerson.objects.filter(reference="LLN-4711").exists()
    assert not ImportedEngagement.objects.filter(reference="TRJ-9").exists()
    assert Engagement.objects.filter(id=engagement_id).exists()
