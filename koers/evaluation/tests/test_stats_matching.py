"""Propensity scores, matching, weighting and balance: independent checks and planted effects."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from koers.evaluation.stats.balance import balance_table, max_abs_smd, variance_ratios_ok
from koers.evaluation.stats.effects import two_groups
from koers.evaluation.stats.errors import StatsError
from koers.evaluation.stats.matching import (
    Matches,
    match_nearest,
    matched_effect,
    matched_sample,
)
from koers.evaluation.stats.propensity import (
    common_support,
    design_matrix,
    propensity_fit,
    score_histogram,
)
from koers.evaluation.stats.weighting import att_weights, ipw_effect
from koers.evaluation.tests.simulate import selected_population


def _fit(planted):
    design = design_matrix({"x1": planted.x[:, 0], "x2": planted.x[:, 1]})
    return design, propensity_fit(design, planted.treatment)


def test_propensity_model_agrees_with_maximum_likelihood_by_scipy():
    # given
    planted = selected_population(1, n=800)
    # when
    _design, model = _fit(planted)
    # then the coefficients maximise the logistic likelihood, found independently
    x = np.column_stack([np.ones(800), planted.x])
    y = planted.treatment.astype(float)

    def negative_log_likelihood(beta):
        eta = x @ beta
        return np.sum(np.logaddexp(0, eta) - y * eta)

    reference = optimize.minimize(negative_log_likelihood, np.zeros(3), method="BFGS").x
    assert [model.coefficients[k] for k in ("const", "x1", "x2")] == pytest.approx(
        reference, abs=1e-4
    )
    assert model.scores == pytest.approx(1 / (1 + np.exp(-(x @ reference))), abs=1e-5)


def test_design_matrix_adds_squares_and_interactions():
    design = design_matrix(
        {"a": [1, 2, 3], "b": [2, 0, 1]}, squares=["a"], interactions=[("a", "b")]
    )
    assert design.names == ["a", "b", "a^2", "a*b"]
    assert design.values.tolist() == [[1, 2, 1, 2], [2, 0, 4, 0], [3, 1, 9, 3]]


def test_propensity_refuses_constant_and_separating_covariates():
    treatment = np.array([0, 0, 0, 1, 1, 1])
    with pytest.raises(StatsError, match="same value for everyone"):
        propensity_fit(design_matrix({"c": [1, 1, 1, 1, 1, 1]}), treatment)
    with pytest.raises(StatsError, match="separates treated and comparison units perfectly"):
        propensity_fit(design_matrix({"age": [20, 21, 22, 40, 41, 42]}), treatment)
    with pytest.raises(StatsError, match="collinear"):
        propensity_fit(design_matrix({"a": [1, 2, 3, 2, 1, 3], "b": [2, 4, 6, 4, 2, 6]}), treatment)
    with pytest.raises(StatsError, match="coded 0"):
        propensity_fit(design_matrix({"a": [1, 2, 3, 2, 1, 3]}), [0, 1, 2, 0, 1, 0])


def test_propensity_refuses_separation_by_a_combination_of_covariates():
    # given x1 + x2 > 0 exactly for the treated, while neither alone separates
    x1 = np.array([-3, -1, 2, -2, 1, 3, 0.5, -0.5])
    x2 = np.array([1, -2, -3, 3, 0, -1, 1, 0])
    treatment = (x1 + x2 > 0).astype(int)
    with pytest.raises(StatsError, match="perfectly"):
        propensity_fit(design_matrix({"x1": x1, "x2": x2}), treatment)


def test_matching_with_replacement_by_hand():
    # given treated at logits 0.0 and 1.0; controls at 0.1, 0.15, 0.9, 5.0
    logits = np.array([0.0, 1.0, 0.1, 0.15, 0.9, 5.0])
    treatment = np.array([1, 1, 0, 0, 0, 0])
    # when
    matches = match_nearest(logits, treatment, replacement=True, caliper_sd=None, k=2)
    # then each treated unit gets its two nearest controls; control 4 (0.9) serves both
    assert list(zip(matches.pair_treated, matches.pair_control, strict=True)) == [
        (0, 2),
        (0, 3),
        (1, 3),
        (1, 4),
    ]


def test_matching_without_replacement_uses_each_control_once():
    logits = np.array([0.0, 0.05, 0.1, 0.12, 3.0])
    treatment = np.array([1, 1, 0, 0, 0])
    matches = match_nearest(logits, treatment, replacement=False, caliper_sd=None, seed=1)
    assert sorted(matches.pair_control.tolist()) == [2, 3]
    assert matches.n_unmatched == 0


def test_caliper_drops_treated_units_without_a_close_comparison():
    logits = np.array([0.0, 4.0, 0.05, 0.1, 0.2])
    treatment = np.array([1, 1, 0, 0, 0])
    # sd of the logits is ~1.7, so the caliper is ~0.35: the unit at 4.0 has no partner
    matches = match_nearest(logits, treatment, replacement=True, caliper_sd=0.2)
    assert matches.pair_treated.tolist() == [0]
    assert matches.n_unmatched == 1


def _brute_force_greedy(values, treated_order, controls, caliper):
    available = set(controls)
    pairs = []
    for t in treated_order:
        if not available:
            break
        best = min(available, key=lambda c: (abs(values[c] - values[t]), values[c] < values[t]))
        if abs(values[best] - values[t]) <= caliper:
            pairs.append((t, best))
            available.remove(best)
    return sorted(pairs)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 200), min_size=4, max_size=40, unique=True),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.integers(0, 1000),
)
def test_greedy_matching_equals_a_brute_force_greedy_search(values, flags, seed):
    # given distinct scores, so "nearest" has no ties
    logits = np.array(values, dtype=float) / 10
    treatment = np.array(flags[: len(values)])
    if treatment.all() or not treatment.any():
        return
    # when
    matches = match_nearest(logits, treatment, replacement=False, caliper_sd=0.2, seed=seed)
    # then the same treated order and nearest-available rule give the same pairs
    treated_idx = np.flatnonzero(treatment)
    order = treated_idx[np.random.default_rng(seed).permutation(treated_idx.size)]
    expected = _brute_force_greedy(
        logits, order.tolist(), np.flatnonzero(~treatment).tolist(), matches.caliper
    )
    assert (
        sorted(zip(matches.pair_treated.tolist(), matches.pair_control.tolist(), strict=True))
        == expected
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=4, max_size=40), st.data())
def test_matching_with_replacement_finds_the_nearest_control(values, data):
    logits = np.array(values)
    treatment = np.array(
        data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    )
    if treatment.all() or not treatment.any():
        return
    matches = match_nearest(logits, treatment, replacement=True, caliper_sd=None)
    controls = logits[~treatment]
    for t, c in zip(matches.pair_treated, matches.pair_control, strict=True):
        assert abs(logits[t] - logits[c]) == pytest.approx(np.min(np.abs(controls - logits[t])))


def test_att_by_hand_with_one_to_two_matching():
    # given treated 0 matched to controls 2 and 3; treated 1 to control 3
    matches = Matches(
        pair_treated=np.array([0, 0, 1]), pair_control=np.array([2, 3, 3]), caliper=1.0, n_treated=2
    )
    outcome = np.array([10.0, 8.0, 6.0, 4.0])
    # when
    effect = matched_effect(outcome, matches, method="analytic")
    # then differences are 10 - 5 = 5 and 8 - 4 = 4
    assert effect.att.estimate == pytest.approx(4.5)
    assert matches.unit_weights(4).tolist() == [1.0, 1.0, 0.5, 1.5]
    # variance: pairs 2 * 0.25 * 2/1 = 1.0; reuse: w = [0.5, 1.5], sum w^2 - sum(1/m^2) =
    # (0.25 + 2.25) - (0.25 + 0.25 + 1) = 1.0, times var(y_c) = var([6, 4]) = 2 -> 2.0
    assert effect.se == pytest.approx(math.sqrt((1.0 + 2.0) / 4))


def test_analytic_interval_without_reuse_is_the_paired_one():
    rng = np.random.default_rng(2)
    outcome = rng.normal(0, 1, 20)
    matches = Matches(np.arange(10), np.arange(10, 20), 1.0, 10)
    effect = matched_effect(outcome, matches, method="analytic")
    differences = outcome[:10] - outcome[10:]
    assert effect.se == pytest.approx(differences.std(ddof=1) / math.sqrt(10))


@pytest.mark.parametrize("replacement", [False, True])
@pytest.mark.parametrize("method", ["bootstrap", "analytic"])
def test_matching_recovers_a_planted_effect_that_the_naive_difference_misses(replacement, method):
    covered = naive_covered = 0
    seeds = range(20)
    for seed in seeds:
        # given selection on x1 and x2 that also drive the outcome; true effect 1.0
        planted = selected_population(seed)
        _design, model = _fit(planted)
        # when
        matches = match_nearest(model.logits, planted.treatment, replacement=replacement, seed=seed)
        effect = matched_effect(planted.outcome, matches, method=method, seed=seed, n_bootstrap=300)
        naive = two_groups(planted.outcome[planted.treatment], planted.outcome[~planted.treatment])
        # then
        covered += effect.att.low <= 1.0 <= effect.att.high
        naive_covered += naive.difference.low <= 1.0 <= naive.difference.high
        assert naive.difference.estimate > 2.0
    assert covered >= 16
    assert naive_covered == 0


def test_matching_balances_the_covariates():
    # given
    planted = selected_population(7)
    design, model = _fit(planted)
    matches = match_nearest(model.logits, planted.treatment, seed=7)
    # when
    _in_sample, weights = matched_sample(matches, planted.treatment.size)
    rows = balance_table(design.names, design.values, planted.treatment, weights)
    # then clearly imbalanced before, well balanced after
    assert min(abs(r.smd_before) for r in rows) > 0.3
    assert max_abs_smd(rows) < 0.1
    assert variance_ratios_ok(rows)


def test_balance_before_by_hand():
    x = np.array([[1.0], [3.0], [2.0], [4.0], [6.0]])
    treatment = np.array([True, True, False, False, False])
    rows = balance_table(["x"], x, treatment)
    # treated mean 2, var 2; control mean 4, var 4 -> smd = -2 / sqrt(3)
    assert rows[0].smd_before == pytest.approx(-2 / math.sqrt(3))
    assert rows[0].variance_ratio_before == pytest.approx(0.5)
    assert rows[0].smd_after is None


@pytest.mark.parametrize("method", ["analytic", "bootstrap"])
def test_weighting_recovers_a_planted_effect(method):
    covered = 0
    for seed in range(20):
        planted = selected_population(seed)
        _design, model = _fit(planted)
        effect = ipw_effect(
            planted.outcome,
            planted.treatment,
            model.scores,
            method=method,
            seed=seed,
            n_bootstrap=300,
        )
        covered += effect.att.low <= 1.0 <= effect.att.high
    assert covered >= 16


def test_weighting_by_hand():
    scores = np.array([0.5, 0.5, 0.2, 0.5])
    treatment = np.array([1, 1, 0, 0])
    outcome = np.array([4.0, 6.0, 1.0, 3.0])
    # control weights 0.25 and 1.0 -> weighted control mean (0.25 + 3) / 1.25 = 2.6
    assert att_weights(scores, treatment).tolist() == [1.0, 1.0, 0.25, 1.0]
    effect = ipw_effect(outcome, treatment, scores)
    assert effect.att.estimate == pytest.approx(5.0 - 2.6)
    assert effect.effective_n_comparison == pytest.approx(1.25**2 / (0.0625 + 1))


def test_common_support_and_histogram():
    scores = np.array([0.05, 0.3, 0.6, 0.2, 0.5, 0.95])
    treatment = np.array([True, True, True, False, False, False])
    # shared range is [0.2, 0.6]
    assert common_support(scores, treatment).tolist() == [False, True, True, True, True, False]
    histogram = score_histogram(scores, treatment, bins=2)
    assert histogram == [
        {"low": 0.0, "high": 0.5, "treated": 2, "comparison": 1},
        {"low": 0.5, "high": 1.0, "treated": 1, "comparison": 2},
    ]


def test_no_overlap_is_refused_with_a_message():
    logits = np.array([0.0, 0.1, 9.0, 9.1])
    matches = match_nearest(logits, [1, 1, 0, 0], caliper_sd=0.01, replacement=True)
    with pytest.raises(StatsError, match="do not overlap"):
        matched_effect([1.0, 2.0, 3.0, 4.0], matches)
