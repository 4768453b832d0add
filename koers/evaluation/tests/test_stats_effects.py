"""Effect sizes against scipy, a published worked example, and data with a planted effect."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from koers.evaluation.stats.effects import hedges_j, prepost, two_groups
from koers.evaluation.stats.errors import StatsError

# Lakens (2013), Frontiers in Psychology 4:863, table 1: two movies rated by the same ten people.
MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]


def test_prepost_matches_the_published_worked_example():
    # given the ratings, with movie 2 as "pre" and movie 1 as "post"
    # when
    result = prepost(MOVIE_2, MOVIE_1)
    # then Lakens reports t(9) = 4.74, d_z = 1.50, d_av = 1.13 (g_av = d_av * J)
    assert result.t == pytest.approx(4.74, abs=0.005)
    assert result.d_z.estimate == pytest.approx(1.50, abs=0.005)
    assert result.g_av.estimate / hedges_j(9) == pytest.approx(1.13, abs=0.005)
    assert result.mean_change.estimate == pytest.approx(1.0)


def test_prepost_agrees_with_scipy_paired_t_test():
    # given
    rng = np.random.default_rng(3)
    pre = rng.normal(50, 10, 40)
    post = pre + rng.normal(2, 5, 40)
    # when
    result = prepost(pre, post)
    reference = stats.ttest_rel(post, pre)
    ci = reference.confidence_interval(0.95)
    # then
    assert result.t == pytest.approx(reference.statistic, rel=1e-10)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-10)
    assert result.mean_change.low == pytest.approx(ci.low, rel=1e-10)
    assert result.mean_change.high == pytest.approx(ci.high, rel=1e-10)


def test_prepost_d_z_interval_agrees_with_the_large_sample_formula():
    # given a large sample, where the exact (noncentral t) and normal intervals coincide
    rng = np.random.default_rng(4)
    pre = rng.normal(0, 1, 4000)
    post = pre + rng.normal(0.3, 1, 4000)
    # when
    result = prepost(pre, post)
    # then
    d = result.d_z.estimate
    se = math.sqrt(1 / 4000 + d**2 / (2 * 4000))
    assert result.d_z.low == pytest.approx(d - 1.959964 * se, abs=2e-3)
    assert result.d_z.high == pytest.approx(d + 1.959964 * se, abs=2e-3)


def test_prepost_interval_covers_a_planted_change_in_most_samples():
    # given 200 samples with a true mean change of 0.5 and sd of the change 1 (d_z = 0.5)
    covered_mean = covered_dz = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        pre = rng.normal(10, 2, 60)
        post = pre + rng.normal(0.5, 1, 60)
        # when
        result = prepost(pre, post)
        covered_mean += result.mean_change.low <= 0.5 <= result.mean_change.high
        covered_dz += result.d_z.low <= 0.5 <= result.d_z.high
    # then about 95% of the intervals cover the truth
    assert 180 <= covered_mean <= 198
    assert 180 <= covered_dz <= 198


def test_two_groups_agrees_with_scipy_welch_t_test():
    # given
    rng = np.random.default_rng(5)
    treated = rng.normal(1.0, 2.0, 35)
    control = rng.normal(0.0, 1.0, 50)
    # when
    result = two_groups(treated, control)
    reference = stats.ttest_ind(treated, control, equal_var=False)
    ci = reference.confidence_interval(0.95)
    # then
    assert result.welch_t == pytest.approx(reference.statistic, rel=1e-10)
    assert result.welch_df == pytest.approx(reference.df, rel=1e-10)
    assert result.p_value == pytest.approx(reference.pvalue, rel=1e-10)
    assert result.difference.low == pytest.approx(ci.low, rel=1e-10)
    assert result.difference.high == pytest.approx(ci.high, rel=1e-10)


def test_hedges_g_by_hand():
    # given two small groups worked by hand
    treated = [6.0, 7.0, 8.0, 9.0]  # mean 7.5, var 5/3
    control = [4.0, 5.0, 6.0, 7.0, 8.0]  # mean 6, var 2.5
    # when
    result = two_groups(treated, control)
    # then pooled var = (3 * 5/3 + 4 * 2.5) / 7 = 15/7; J = 1 - 3/27
    pooled_sd = math.sqrt(15 / 7)
    assert result.hedges_g.estimate == pytest.approx((1.5 / pooled_sd) * (1 - 3 / 27))
    assert result.hedges_g.low < 0 < result.hedges_g.high


def test_hedges_g_interval_covers_a_planted_effect_in_most_samples():
    covered = 0
    for seed in range(200):
        rng = np.random.default_rng(seed)
        result = two_groups(rng.normal(0.4, 1, 50), rng.normal(0, 1, 60))
        covered += result.hedges_g.low <= 0.4 <= result.hedges_g.high
    assert 180 <= covered <= 198


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)),
        min_size=3,
        max_size=30,
    )
)
def test_prepost_reversed_is_the_mirror_image(pairs):
    pre = np.array([p[0] for p in pairs]) / 10
    post = np.array([p[1] for p in pairs]) / 10
    diff = post - pre
    if np.std(diff) < 1e-6 or np.std(pre) + np.std(post) < 1e-6:
        with pytest.raises(StatsError):
            prepost(pre, post)
        return
    forward, backward = prepost(pre, post), prepost(post, pre)
    assert forward.d_z.estimate == pytest.approx(-backward.d_z.estimate, abs=1e-9)
    assert forward.d_z.low == pytest.approx(-backward.d_z.high, abs=1e-6)
    assert forward.d_z.low <= forward.d_z.estimate <= forward.d_z.high
    assert forward.g_av.low <= forward.g_av.estimate <= forward.g_av.high


def test_prepost_refuses_bad_input():
    with pytest.raises(StatsError, match="same number of persons"):
        prepost([1, 2, 3], [1, 2])
    with pytest.raises(StatsError, match="missing"):
        prepost([1, 2, float("nan")], [1, 2, 3])
    with pytest.raises(StatsError, match="at least 3"):
        prepost([1, 2], [2, 3])
    with pytest.raises(StatsError, match="same amount"):
        prepost([1, 2, 3], [2, 3, 4])
