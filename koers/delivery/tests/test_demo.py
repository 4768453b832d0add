from koers.core.models import User
from koers.delivery.demo import delivery_demo
from koers.delivery.models import ActivityParticipant, Engagement, Referral
from koers.demo.setup import demo_setup
from koers.people.demo import people_demo


def test_delivery_demo_builds_every_journey_once(db):
    # given the demo organisations, logins and citizens' records
    demo_setup()
    citizens = list(
        User.objects.filter(
            email__in=[
                "noor@demo.koers.nl",
                "marek@demo.koers.nl",
                "ingrid@demo.koers.nl",
                "ahmed@demo.koers.nl",
            ]
        ).order_by("id")
    )
    # (demo_setup already ran the people and delivery demos once)
    persons = people_demo(citizens=citizens)
    # when the delivery demo runs again
    again = delivery_demo(persons=persons)
    # then Noor, Marek, Ingrid, Ahmed and Sanne's eight other clients have a trajectory, once
    assert again == 0
    assert Engagement.objects.count() == 12
    journeys = Engagement.objects.filter(person__in=persons)
    assert sorted(journeys.values_list("organisation__name", flat=True)) == [
        "Gemeente Utrecht – Werk en Inkomen",
        "Loopbaancentrum Utrecht",
        "Loopbaancentrum Utrecht",
        "Vmbo De Horizon",
    ]
    assert Referral.objects.filter(status="completed").count() == 2
    assert ActivityParticipant.objects.exclude(confidential_note="").count() == 4
