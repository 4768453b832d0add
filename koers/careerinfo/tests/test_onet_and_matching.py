import shutil

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.careerinfo.esco import esco_import
from koers.careerinfo.matching import congruence, holland_code, shared_interests, skills_gap
from koers.careerinfo.models import InterestProfile, Occupation, OnetLink
from koers.careerinfo.onet import onet_import
from koers.careerinfo.selectors import occupations_matching_interests
from koers.careerinfo.tests.data import (
    CROSSWALKS,
    ESCO_NL,
    ONET,
    RELATIONS,
    read_rows,
    require_data,
    write_csv,
)

pytestmark = pytest.mark.django_db

REALISTIC = {"R": 38.0, "I": 20.0, "A": 8.0, "S": 10.0, "E": 12.0, "C": 22.0}


@pytest.fixture
def dutch_occupations_with_profiles(tmp_path):
    """All real Dutch v1.1.1 occupations, their broader relations, and O*NET profiles."""
    require_data()
    header, rows = read_rows(RELATIONS, "broaderRelationsOccPillar.csv")
    write_csv(tmp_path / "broaderRelationsOccPillar.csv", header, rows)
    shutil.copy(ESCO_NL / "ISCOGroups_nl.csv", tmp_path)
    shutil.copy(ESCO_NL / "occupations_nl.csv", tmp_path)
    esco_import(paths=[tmp_path])
    return onet_import(onet_dir=ONET, crosswalk_dir=CROSSWALKS)


def test_at_least_95_percent_of_occupations_get_an_interest_profile(
    dutch_occupations_with_profiles,
):
    summary = dutch_occupations_with_profiles
    assert summary.occupations == 3007
    assert summary.coverage >= 0.95
    assert InterestProfile.objects.count() == sum(summary.profiles.values())
    # every profile says where it came from, and its links are kept as provenance
    profile = InterestProfile.objects.filter(path="broader").select_related("occupation")[0]
    assert profile.onet_count == OnetLink.objects.filter(occupation=profile.occupation).count() > 0


def test_a_profile_is_the_mean_of_its_onet_occupations(dutch_occupations_with_profiles):
    profile = InterestProfile.objects.filter(onet_count__gt=1)[0]
    links = OnetLink.objects.filter(occupation_id=profile.occupation_id).select_related("onet")
    assert profile.realistic == pytest.approx(np.mean([link.onet.realistic for link in links]))
    assert profile.conventional == pytest.approx(
        np.mean([link.onet.conventional for link in links])
    )


def test_a_realistic_profile_ranks_manual_work_above_lawyers(dutch_occupations_with_profiles):
    # when a strongly Realistic person asks for matches
    with CaptureQueriesContext(connection) as queries:
        matches = occupations_matching_interests(profile=REALISTIC, limit=100, language="nl")
    # then the database ranked them in one query, best first, and explains why
    assert len(queries.captured_queries) == 1
    assert len(matches) == 100
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.holland_code[0] == "R" for m in matches[:20])
    assert matches[0].shared[0] == "R"
    lawyer = InterestProfile.objects.get(
        occupation__texts__preferred_label="advocaat", occupation__texts__language="nl"
    )
    assert congruence(REALISTIC, lawyer.scores) < matches[-1].score
    # and the database's score is the Pearson correlation numpy computes
    best = InterestProfile.objects.get(occupation_id=matches[0].occupation_id)
    expected = np.corrcoef(list(REALISTIC.values()), list(best.scores.values()))[0, 1]
    assert matches[0].score == pytest.approx(expected, abs=1e-3)


def test_matching_skips_obsolete_occupations(dutch_occupations_with_profiles):
    best = occupations_matching_interests(profile=REALISTIC, limit=1)[0]
    Occupation.objects.filter(id=best.occupation_id).update(is_obsolete=True)
    assert (
        occupations_matching_interests(profile=REALISTIC, limit=1)[0].occupation_id
        != best.occupation_id
    )


def test_matching_refuses_an_incomplete_profile():
    with pytest.raises(ValueError, match="profile lacks S, E, C"):
        occupations_matching_interests(profile={"R": 1.0, "I": 2.0, "A": 3.0}, limit=5)


def test_congruence_is_the_pearson_correlation():
    person = {"R": 1, "I": 5, "A": 2, "S": 4, "E": 3, "C": 3}
    job = {"R": 7, "I": 2, "A": 1, "S": 3, "E": 6, "C": 4}
    expected = np.corrcoef(list(person.values()), list(job.values()))[0, 1]
    assert congruence(person, job) == pytest.approx(expected)
    assert congruence(person, {k: v * 8 for k, v in person.items()}) == pytest.approx(1.0)
    assert congruence(person, dict.fromkeys("RIASEC", 3)) == 0.0


def test_holland_code_and_shared_interests():
    person = {"R": 1, "I": 5, "A": 2, "S": 4, "E": 3, "C": 3}
    assert holland_code(person) == "ISE"
    assert shared_interests(person, "SEC") == ["S", "E"]


def test_skills_gap_is_what_is_essential_and_not_declared():
    assert skills_gap([1, 2, 3, 4], [2, 4, 9]) == {1, 3}
