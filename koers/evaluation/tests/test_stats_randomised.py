"""Randomised designs and strength-of-evidence rules."""

import numpy as np
import pytest
from scipy import stats

from koers.evaluation.stats.errors import StatsError
from koers.evaluation.stats.evidence import Design, evidence_level
from koers.evaluation.stats.randomised import attrition, difference_in_means, permutation_test


def test_permutation_test_agrees_with_scipy():
    # given
    rng = np.random.default_rng(11)
    treated = rng.normal(0.5, 1, 25)
    control = rng.normal(0, 1, 30)
    # when
    p_value = permutation_test(treated, control, n_permutations=20_000, seed=1)
    reference = stats.permutation_test(
        (treated, control),
        lambda a, b: np.mean(a) - np.mean(b),
        n_resamples=20_000,
        alternative="two-sided",
        rng=2,
    )
    # then both Monte Carlo p-values agree within their sampling error
    assert p_value == pytest.approx(reference.pvalue, abs=0.01)


def test_permutation_test_exact_small_example():
    # given every re-allocation of [1, 2, 3, 4] into two pairs: only {3, 4} vs {1, 2} and its
    # mirror are as extreme as the observed split, so p = 2/6
    p_value = permutation_test([3, 4], [1, 2], n_permutations=60_000, seed=0)
    assert p_value == pytest.approx(1 / 3, abs=0.01)


def test_randomised_interval_covers_the_planted_effect():
    covered = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        result = difference_in_means(rng.normal(0.3, 1, 80), rng.normal(0, 1, 80))
        covered += result.difference.low <= 0.3 <= result.difference.high
    assert 180 <= covered <= 198


def test_attrition_per_arm():
    result = attrition(
        randomised_treated=100, randomised_control=100, analysed_treated=90, analysed_control=80
    )
    assert result.treated == pytest.approx(0.10)
    assert result.control == pytest.approx(0.20)
    assert result.overall == pytest.approx(0.15)
    assert result.differential == pytest.approx(0.10)
    with pytest.raises(StatsError):
        attrition(
            randomised_treated=10, randomised_control=10, analysed_treated=11, analysed_control=5
        )


BIG = {"n_treated": 200, "n_comparison": 200}


@pytest.mark.parametrize(
    ("kwargs", "sms", "nesta"),
    [
        ({"design": Design.NAIVE, "ci_low": 1, "ci_high": 2}, 1, 2),
        ({"design": Design.PREPOST, "ci_low": 1, "ci_high": 2}, 2, 2),
        ({"design": Design.MATCHED, "ci_low": 1, "ci_high": 2, "max_abs_smd_after": 0.3}, 2, 2),
        ({"design": Design.MATCHED, "ci_low": 1, "ci_high": 2, "max_abs_smd_after": 0.2}, 3, 3),
        ({"design": Design.MATCHED, "ci_low": 1, "ci_high": 2, "max_abs_smd_after": 0.05}, 3, 3),
        (
            {
                "design": Design.IPW,
                "ci_low": 1,
                "ci_high": 2,
                "max_abs_smd_after": 0.05,
                "baseline_outcome_adjusted": True,
            },
            4,
            3,
        ),
        ({"design": Design.MATCHED, "ci_low": -1, "ci_high": 2, "max_abs_smd_after": 0.05}, 3, 2),
        (
            {
                "design": Design.RANDOMISED,
                "ci_low": 0.1,
                "ci_high": 2,
                "attrition_overall": 0.1,
                "attrition_differential": 0.02,
            },
            5,
            3,
        ),
        (
            {
                "design": Design.RANDOMISED,
                "ci_low": 0.1,
                "ci_high": 2,
                "attrition_overall": 0.3,
                "attrition_differential": 0.02,
            },
            4,
            3,
        ),
        (
            {
                "design": Design.RANDOMISED,
                "ci_low": 0.1,
                "ci_high": 2,
                "attrition_overall": 0.5,
                "attrition_differential": 0.2,
            },
            3,
            3,
        ),
        (
            {
                "design": Design.RANDOMISED,
                "ci_low": 0.1,
                "ci_high": 2,
                "attrition_overall": 0.1,
                "attrition_differential": 0.0,
                "max_abs_smd_before": 0.4,
            },
            4,
            3,
        ),
        (
            {
                "design": Design.RANDOMISED,
                "ci_low": -2,
                "ci_high": -0.1,
                "attrition_overall": 0.0,
                "higher_is_better": False,
            },
            5,
            3,
        ),
    ],
)
def test_evidence_levels_follow_the_documented_rules(kwargs, sms, nesta):
    level = evidence_level(**BIG, **kwargs)
    assert (level.sms, level.nesta) == (sms, nesta)
    assert level.reasons


def test_small_studies_lose_a_level():
    level = evidence_level(
        design=Design.RANDOMISED,
        ci_low=0.1,
        ci_high=1,
        n_treated=12,
        n_comparison=40,
        attrition_overall=0.0,
        attrition_differential=0.0,
    )
    assert level.sms == 4
    assert any("Fewer than 30" in reason for reason in level.reasons)
