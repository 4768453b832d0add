from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from koers.instruments import scoring
from koers.instruments.definition import BandDef, NormDef, parse
from koers.instruments.tests.factories import minimal_definition


@pytest.fixture(scope="module")
def mini():
    return parse(minimal_definition())


# --- scales, missing data, reverse keying, composites ------------------------------------------


def test_reverse_keyed_item_is_mirrored_on_its_response_scale(mini):
    # given a3 is reverse-keyed on 1-5
    answers = {"a1": 5, "a2": 4, "a3": 1, "a4": 5, "b1": 2, "b2": 3}
    # when
    results = scoring.score(mini, answers)
    # then a3 = 1 counts as 5: (5 + 4 + 5 + 5) / 4
    assert results["a"].value == 4.75
    assert results["a"].band is not None and results["a"].band.key == "high"


def test_scale_is_scored_with_enough_answers_and_the_sum_is_prorated(mini):
    # given 3 of 4 items of A (75 %, the minimum) and 1 of 2 items of B (50 %)
    answers = {"a1": 2, "a2": None, "a3": 4, "a4": 3, "b1": 4}
    # when
    results = scoring.score(mini, answers)
    # then A is the mean of the three answers (a3 reversed: 4 -> 2); B is not scored
    assert results["a"].value == pytest.approx(7 / 3, abs=1e-12)
    assert (results["a"].answered, results["a"].total) == (3, 4)
    assert results["b"].value is None
    assert results["b"].scored is False
    # and the composite needs every component
    assert results["total"].value is None


def test_too_few_answers_leave_the_scale_unscored(mini):
    results = scoring.score(mini, {"a1": 5, "a2": 5, "b1": 1, "b2": 5})
    assert results["a"].value is None
    assert results["a"].band is None
    assert results["b"].value == 6


def test_prorated_sum_is_the_mean_times_the_number_of_items():
    assert scoring.scale_value([2, 4, None, 3], method="sum", min_answered=0.75) == 12
    assert scoring.scale_value([2, 4, None, 3], method="mean", min_answered=0.75) == 3
    assert scoring.scale_value([2, None, None, 3], method="sum", min_answered=0.75) is None
    assert scoring.scale_value([], method="mean", min_answered=0.5) is None


def test_composite_is_the_mean_of_its_scale_scores(mini):
    answers = {"a1": 4, "a2": 4, "a3": 2, "a4": 4, "b1": 3, "b2": 5}
    results = scoring.score(mini, answers)
    assert (results["a"].value, results["b"].value) == (4, 8)
    assert results["total"].value == 6


def test_empty_text_answers_do_not_count(mini):
    results = scoring.score(mini, {"a1": "", "a2": 1, "a3": 5, "a4": 1, "note": "hello"})
    assert results["a"].value == 1
    assert results["a"].band is not None and results["a"].band.key == "low"


# --- bands and norms ----------------------------------------------------------------------------

BANDS = (
    BandDef("low", 1, 2.5, {"en": "Low"}),
    BandDef("mid", 2.5, 3.5, {"en": "Mid"}),
    BandDef("high", 3.5, 5, {"en": "High"}),
)


@pytest.mark.parametrize(
    ("value", "band"),
    [(1, "low"), (2.4999, "low"), (2.5, "mid"), (3.4999, "mid"), (3.5, "high"), (5, "high")],
)
def test_band_edges_belong_to_the_upper_band_and_the_top_to_the_last(value, band):
    found = scoring.band_for(value, BANDS)
    assert found is not None and found.key == band


def test_scores_outside_the_bands_have_no_band():
    assert scoring.band_for(0.5, BANDS) is None
    assert scoring.band_for(5.5, BANDS) is None


def test_t_score_and_normal_percentile():
    norm = NormDef({"en": "adults"}, mean=3.0, sd=0.5, n=400)
    assert scoring.t_score(4.0, norm) == 70
    assert scoring.t_score(3.0, norm) == 50
    assert scoring.percentile(3.0, norm) == pytest.approx(50)
    # one sd above the mean: the normal distribution's 84.13th percentile
    assert scoring.percentile(3.5, norm) == pytest.approx(84.1344746, abs=1e-6)


def test_percentile_from_a_norm_table_interpolates_and_clamps():
    norm = NormDef(
        {"en": "pupils"}, mean=3, sd=1, n=100, percentiles=((1, 0), (3, 40), (4, 90), (5, 100))
    )
    assert scoring.percentile(3.5, norm) == 65
    assert scoring.percentile(0.5, norm) == 0
    assert scoring.percentile(6, norm) == 100


def test_norms_in_a_definition_give_percentile_and_t_score():
    data = minimal_definition(
        norms=[{"scale": "b", "population": {"en": "x", "nl": "x"}, "mean": 6, "sd": 2, "n": 50}]
    )
    results = scoring.score(parse(data), {"b1": 5, "b2": 5})
    assert results["b"].t_score == 70
    assert results["b"].percentile == pytest.approx(100 * stats.norm.cdf(2))


# --- Holland code --------------------------------------------------------------------------------

ORDER = ["r", "i", "a", "s", "e", "c"]


def test_holland_code_is_the_three_highest_types():
    code = scoring.holland_code({"r": 2, "i": 4.5, "a": 3, "s": 5, "e": 1, "c": 2.5}, ORDER)
    assert code.code == "SIA"
    assert code.ties == ()


def test_holland_code_tie_across_third_place_is_reported_and_keeps_riasec_order():
    code = scoring.holland_code({"r": 2, "i": 4, "a": 3, "s": 5, "e": 3, "c": 3}, ORDER)
    assert code.code == "SIA"
    assert code.ties == (("a", "e", "c"),)


def test_holland_code_tie_inside_the_code_is_not_a_problem():
    code = scoring.holland_code({"r": 5, "i": 5, "a": 3, "s": 1, "e": 1, "c": 1}, ORDER)
    assert (code.code, code.ties) == ("RIA", ())


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.integers(1, 5), min_size=6, max_size=6))
def test_holland_code_property_three_letters_from_the_top(values):
    scores = dict(zip(ORDER, values, strict=True))
    code = scoring.holland_code(scores, ORDER)
    assert len(code.code) == 3
    third = code.ranking[2][1]
    # every letter in the code scores at least as high as every type left out
    assert all(v <= third for k, v in code.ranking[3:])
    assert [v for _, v in code.ranking] == sorted(values, reverse=True)


# --- properties ----------------------------------------------------------------------------------

answer = st.one_of(st.none(), st.integers(1, 5))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.integers(1, 5))
def test_reverse_keying_twice_is_the_identity(value):
    once = scoring.reverse_keyed(value, low=1, high=5)
    assert 1 <= once <= 5
    assert scoring.reverse_keyed(once, low=1, high=5) == value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(answer, min_size=1, max_size=12), st.sampled_from([0.5, 0.75, 0.8, 1.0]))
def test_missing_data_rule_property(values, min_answered):
    result = scoring.scale_value(values, method="mean", min_answered=min_answered)
    answered = [v for v in values if v is not None]
    if len(answered) / len(values) >= min_answered:
        assert result is not None
        assert result == pytest.approx(sum(answered) / len(answered))
        assert 1 <= result <= 5
    else:
        assert result is None


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.floats(1, 5))
def test_every_score_in_range_has_exactly_one_band(value):
    matches = [b for b in BANDS if scoring.band_for(value, (b,)) is not None]
    found = scoring.band_for(value, BANDS)
    assert found is not None
    assert found in matches


# --- reliability ---------------------------------------------------------------------------------


def hoyt_alpha(data):
    """Alpha from a two-way ANOVA without replication (Hoyt, 1941): 1 - MS_residual / MS_persons.
    An independent route to the same coefficient."""
    n, k = data.shape
    grand = data.mean()
    ss_persons = k * ((data.mean(axis=1) - grand) ** 2).sum()
    ss_items = n * ((data.mean(axis=0) - grand) ** 2).sum()
    ss_total = ((data - grand) ** 2).sum()
    ms_persons = ss_persons / (n - 1)
    ms_residual = (ss_total - ss_persons - ss_items) / ((n - 1) * (k - 1))
    return 1 - ms_residual / ms_persons


def test_alpha_hand_worked_example():
    # item variances 5/3, 4.75/3, 5/3; total-score variance 14.25
    # alpha = 3/2 * (1 - (14.75/3) / 14.25) = 56/57
    data = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5]], dtype=float)
    assert scoring.cronbach_alpha(data) == pytest.approx(56 / 57, abs=1e-12)


def test_alpha_matches_the_anova_and_covariance_computations_to_1e_9():
    rng = np.random.default_rng(20240601)
    true = rng.normal(size=(300, 1))
    data = np.rint(np.clip(3 + true + rng.normal(scale=1.1, size=(300, 7)), 1, 5))
    covariance = np.cov(data, rowvar=False)
    k = data.shape[1]
    from_covariance = k / (k - 1) * (1 - np.trace(covariance) / covariance.sum())
    alpha = scoring.cronbach_alpha(data)
    assert alpha == pytest.approx(hoyt_alpha(data), abs=1e-9)
    assert alpha == pytest.approx(from_covariance, abs=1e-9)


def test_alpha_ignores_incomplete_rows():
    data = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 5], [np.nan, 1, 1]])
    assert scoring.cronbach_alpha(data) == pytest.approx(56 / 57, abs=1e-12)


def test_alpha_recovers_a_planted_reliability():
    # given six parallel items with true-score variance 1 and error variance 1.5
    # (inter-item correlation 0.4), alpha = 6 * 0.4 / (1 + 5 * 0.4) = 0.8
    rng = np.random.default_rng(7)
    n, k = 20000, 6
    data = rng.normal(size=(n, 1)) + rng.normal(scale=math.sqrt(1.5), size=(n, k))
    # when / then
    assert scoring.cronbach_alpha(data) == pytest.approx(0.8, abs=0.01)


def test_feldt_interval_covers_the_true_alpha_about_95_percent_of_the_time():
    # given many small samples (n = 40, k = 5) from a population with alpha = 0.8
    rng = np.random.default_rng(11)
    rho = 0.8 / (5 - 4 * 0.8)  # inter-item correlation giving alpha 0.8 for 5 parallel items
    hits, runs = 0, 600
    for _ in range(runs):
        true = rng.normal(size=(40, 1))
        data = true + rng.normal(scale=math.sqrt((1 - rho) / rho), size=(40, 5))
        low, high = scoring.alpha_confidence_interval(scoring.cronbach_alpha(data), n=40, k=5)
        hits += low <= 0.8 <= high
    # then the coverage is near 95 % (binomial sd ~0.9 %)
    assert 0.92 <= hits / runs <= 0.98


def test_feldt_interval_matches_the_f_distribution():
    low, high = scoring.alpha_confidence_interval(0.8, n=101, k=10, level=0.95)
    assert low == pytest.approx(1 - 0.2 * stats.f.isf(0.025, 100, 900), abs=1e-12)
    assert high == pytest.approx(1 - 0.2 * stats.f.isf(0.975, 100, 900), abs=1e-12)
    assert low < 0.8 < high


def test_omega_recovers_a_planted_one_factor_reliability():
    # given congeneric items with known loadings
    loadings = np.array([0.8, 0.7, 0.6, 0.5, 0.4, 0.7])
    rng = np.random.default_rng(3)
    n = 20000
    factor = rng.normal(size=(n, 1))
    data = factor * loadings + rng.normal(size=(n, 6)) * np.sqrt(1 - loadings**2)
    expected = loadings.sum() ** 2 / (loadings.sum() ** 2 + (1 - loadings**2).sum())
    # when
    omega = scoring.mcdonald_omega(data)
    estimated, _unique = scoring.one_factor_loadings(data)
    # then
    assert expected == pytest.approx(0.7913, abs=1e-4)
    assert omega == pytest.approx(expected, abs=0.01)
    assert np.allclose(estimated, loadings, atol=0.03)
    # and alpha, a lower bound for congeneric items, is below omega
    assert scoring.cronbach_alpha(data) < omega


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.floats(0.5, 3),
    st.floats(-5, 5),
    st.integers(0, 2**32 - 1),
)
def test_alpha_is_unchanged_by_a_common_linear_rescaling(scale, shift, seed):
    rng = np.random.default_rng(seed)
    data = rng.normal(size=(30, 1)) + rng.normal(size=(30, 4))
    assert scoring.cronbach_alpha(data * scale + shift) == pytest.approx(
        scoring.cronbach_alpha(data), abs=1e-9
    )
