import pytest

from koers.delivery.triage import (
    Capability,
    Complexity,
    Readiness,
    ServiceLevel,
    level_above,
    level_distance,
    readiness_of,
    service_level_for,
)


@pytest.mark.parametrize(
    ("capability", "complexity", "readiness", "level"),
    [
        (Capability.HIGH, Complexity.LOW, Readiness.HIGH, ServiceLevel.SELF_HELP),
        (Capability.HIGH, Complexity.HIGH, Readiness.MODERATE, ServiceLevel.BRIEF_STAFF_ASSISTED),
        (Capability.LOW, Complexity.LOW, Readiness.MODERATE, ServiceLevel.BRIEF_STAFF_ASSISTED),
        (Capability.LOW, Complexity.HIGH, Readiness.LOW, ServiceLevel.INDIVIDUAL_CASE_MANAGED),
    ],
)
def test_every_triage_combination_maps_to_one_readiness_and_level(
    capability, complexity, readiness, level
):
    # when
    found = readiness_of(capability, complexity)
    # then
    assert found == readiness
    assert service_level_for(found) == level


def test_the_four_combinations_cover_every_readiness():
    found = {readiness_of(c, x) for c in Capability for x in Complexity}
    assert found == set(Readiness)


def test_level_distance_and_level_above():
    assert level_distance(ServiceLevel.SELF_HELP, ServiceLevel.INDIVIDUAL_CASE_MANAGED) == 2
    assert level_distance(ServiceLevel.BRIEF_STAFF_ASSISTED, ServiceLevel.SELF_HELP) == 1
    assert level_above(ServiceLevel.SELF_HELP) == ServiceLevel.BRIEF_STAFF_ASSISTED
    assert level_above(ServiceLevel.INDIVIDUAL_CASE_MANAGED) == (
        ServiceLevel.INDIVIDUAL_CASE_MANAGED
    )
