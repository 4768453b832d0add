from koers.core.actor import Actor
from koers.core.models import User
from koers.organisations.models import Funding, Sector
from koers.organisations.services import organisation_create
from koers.people.demo import people_demo
from koers.people.models import Consent, EquityProfile, LifeStatus, RecordShare
from tests.world import PASSWORD


def test_people_demo_tells_each_story_once(db):
    # given the citizen logins of JOURNEYS.md, one unknown citizen, and Noor's career centre
    organisation_create(
        actor=Actor.system(),
        name="Loopbaancentrum Utrecht",
        sector=Sector.CAREER_CENTRE,
        funding=Funding.MIXED,
    )
    citizens = [
        User.objects.create_user(f"{name}@demo.koers.nl", PASSWORD, full_name=full)
        for name, full in [
            ("noor", "Noor El Amrani"),
            ("marek", "Marek Nowak"),
            ("ingrid", "Ingrid de Boer"),
            ("ahmed", "Ahmed Haddad"),
            ("sam", "Sam Smit"),
        ]
    ]
    # when the demo runs twice
    people_demo(citizens=citizens)
    persons = people_demo(citizens=citizens)
    # then every login has a record; the stories are told once
    assert [p.given_name for p in persons] == ["Noor", "Marek", "Ingrid", "Ahmed", "Sam"]
    assert LifeStatus.objects.count() == 2 + 2 + 3 + 2
    assert LifeStatus.objects.filter(end_date__isnull=True).count() == 4
    assert Consent.objects.count() == 1 + 2 + 3 + 2
    assert EquityProfile.objects.count() == 2
    assert list(RecordShare.objects.values_list("organisation__name", flat=True)) == [
        "Loopbaancentrum Utrecht"
    ]
    noor = persons[0]
    assert noor.date_of_birth is not None
