"""Occupations that fit a person's latest interest profile, across the layers."""

import pytest
from django.urls import reverse

from koers.careerinfo.matching import holland_code, unit_centred
from koers.careerinfo.models import InterestProfile
from koers.careerinfo.tests.factories import occupation_with_labels
from koers.evaluation.careers import occupations_for_person
from koers.evaluation.tests.factories import load_shipped
from koers.instruments.selectors import interest_profile_latest
from koers.instruments.tests.factories import citizen_actor, completed_administration, person_of

# A person who likes social activities most, then enterprising, then artistic.
LEVELS = {"r": 1, "i": 2, "a": 3, "s": 5, "e": 4, "c": 2}


def occupation_profile(label, levels):
    occupation = occupation_with_labels(label)
    scores = [levels[letter] for letter in "RIASEC"]
    z = unit_centred(scores)
    return InterestProfile.objects.create(
        occupation=occupation,
        realistic=scores[0],
        investigative=scores[1],
        artistic=scores[2],
        social=scores[3],
        enterprising=scores[4],
        conventional=scores[5],
        z_r=z[0],
        z_i=z[1],
        z_a=z[2],
        z_s=z[3],
        z_e=z[4],
        z_c=z[5],
        holland_code=holland_code(dict(zip("RIASEC", scores, strict=True))),
        path="direct",
        onet_count=1,
        source="test",
    )


@pytest.fixture
def occupations(db):
    occupation_profile("Social worker", {"R": 1, "I": 3, "A": 3, "S": 7, "E": 4, "C": 2})
    occupation_profile("Mechanic", {"R": 7, "I": 4, "A": 1, "S": 2, "E": 2, "C": 4})


@pytest.fixture
def interests_taken(citizen):
    version = load_shipped("riasec-interests")
    answers = {
        item.key: LEVELS[item.key[0]] for item in version.items.all() if item.key[0] in LEVELS
    }
    return completed_administration(citizen_actor(citizen), version, answers)


def test_the_latest_interest_profile_is_a_plain_riasec_dict(citizen, interests_taken):
    profile = interest_profile_latest(actor=citizen_actor(citizen), person_id=person_of(citizen).id)
    assert profile == {"R": 1.0, "I": 2.0, "A": 3.0, "S": 5.0, "E": 4.0, "C": 2.0}


def test_occupations_that_fit_come_with_why(citizen, interests_taken, occupations):
    matches = occupations_for_person(actor=citizen_actor(citizen), person_id=person_of(citizen).id)
    assert matches is not None
    assert [m.label for m in matches] == ["Social worker", "Mechanic"]
    assert matches[0].holland_code == "SEI"
    assert matches[0].shared == ["S", "E"]
    assert matches[0].score > 0.9
    assert matches[1].score < 0


def test_no_interest_inventory_means_no_matches(citizen, occupations):
    person = person_of(citizen)
    assert occupations_for_person(actor=citizen_actor(citizen), person_id=person.id) is None


def test_the_result_page_shows_the_occupations_that_fit(
    client, citizen, interests_taken, occupations
):
    client.force_login(citizen)
    page = client.get(
        reverse("my_questionnaire_result", kwargs={"administration_id": interests_taken.id}),
        headers={"accept-language": "en"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Occupations that fit you" in text
    assert text.index("Social worker") < text.index("Mechanic")
    assert "Shares your strongest interests S, E" in text
