"""Effect sizes and mean differences: within persons (pre/post) and between two groups.

Formulas follow Lakens (2013, Frontiers in Psychology 4:863) and Borenstein et al. (2009,
Introduction to Meta-Analysis, ch. 4):

- Cohen's d_z = mean(diff) / sd(diff); its CI inverts the noncentral t distribution of the
  paired t statistic (exact under normality).
- Hedges' g_av = J * mean(diff) / ((sd_pre + sd_post) / 2), with J = 1 - 3 / (4 df - 1),
  df = n - 1; its CI uses Borenstein's large-sample variance for paired designs,
  V = (1/n + d^2 / (2n)) * 2 (1 - r), times J^2.
- Hedges' g (two groups) = J * (mean_t - mean_c) / pooled sd, df = n_t + n_c - 2; its CI
  inverts the noncentral t distribution of the pooled two-sample t statistic.
- The mean difference between groups uses Welch's t (unequal variances).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _
from scipy import optimize, stats  # type: ignore[import-untyped,unused-ignore]  # scipy-stubs may be absent

from koers.evaluation.stats._arrays import as_float_array, require_min_size
from koers.evaluation.stats.errors import StatsError

MIN_PAIRS = 3
MIN_PER_GROUP = 2


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class PrePostResult:
    n: int
    mean_pre: float
    mean_post: float
    mean_change: Interval
    t: float
    p_value: float
    correlation: float
    d_z: Interval
    g_av: Interval


@dataclass(frozen=True)
class TwoGroupResult:
    n_treated: int
    n_control: int
    mean_treated: float
    mean_control: float
    difference: Interval  # Welch
    welch_t: float
    welch_df: float
    p_value: float
    hedges_g: Interval


def hedges_j(df: float) -> float:
    """Small-sample correction factor for a standardised mean difference."""
    return 1.0 - 3.0 / (4.0 * df - 1.0)


def _critical(confidence: float) -> float:
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def noncentral_t_interval(t: float, df: float, confidence: float) -> tuple[float, float]:
    """Confidence limits for the noncentrality parameter of an observed t statistic."""
    if t < 0:
        # scipy's noncentral t is less accurate far in the left tail; use the symmetry
        # cdf(t, df, ncp) = 1 - cdf(-t, df, -ncp) and mirror the interval for |t|.
        low, high = noncentral_t_interval(-t, df, confidence)
        return -high, -low
    alpha = 1.0 - confidence

    def limit(target: float) -> float:
        def gap(ncp: float) -> float:
            return float(stats.nct.cdf(t, df, ncp)) - target

        # The cdf falls as the noncentrality grows; widen the bracket until it straddles target.
        low, high = t - 10.0, t + 10.0
        for _attempt in range(20):
            if gap(low) > 0 > gap(high):
                return float(optimize.brentq(gap, low, high, xtol=1e-10))
            low, high = low - (high - low), high + (high - low)
        raise ValueError

    try:
        return limit(1.0 - alpha / 2.0), limit(alpha / 2.0)
    except ValueError:
        # Extreme statistics where the noncentral t cannot be bracketed: the large-sample
        # normal approximation of the noncentrality parameter is then accurate enough.
        se = math.sqrt(1.0 + t**2 / (2.0 * df))
        z = _critical(confidence)
        return t - z * se, t + z * se


def prepost(pre: npt.ArrayLike, post: npt.ArrayLike, *, confidence: float = 0.95) -> PrePostResult:
    """Change within persons from a pre- to a post-measurement (paired)."""
    before = as_float_array(pre, name=_("The pre-measurement"))
    after = as_float_array(post, name=_("The post-measurement"))
    if before.shape != after.shape:
        raise StatsError(_("Pre- and post-measurements must have the same number of persons."))
    n = before.size
    require_min_size(n, MIN_PAIRS, what=_("The pre/post data"))
    diff = after - before
    mean_diff = float(diff.mean())
    sd_diff = float(diff.std(ddof=1))
    sd_pre = float(before.std(ddof=1))
    sd_post = float(after.std(ddof=1))
    # Relative tolerance: rounding noise in a constant change must not pass as variation.
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(before))), float(np.max(np.abs(after))))
    if sd_diff <= tolerance or sd_pre + sd_post <= tolerance:
        raise StatsError(_("Every person changed by exactly the same amount; no effect size."))
    df = n - 1
    se = sd_diff / math.sqrt(n)
    t_crit = float(stats.t.ppf(0.5 + confidence / 2.0, df))
    t = mean_diff / se
    p_value = float(2.0 * stats.t.sf(abs(t), df))
    r = float(np.corrcoef(before, after)[0, 1]) if sd_pre > 0 and sd_post > 0 else 0.0

    d_z = mean_diff / sd_diff
    ncp_low, ncp_high = noncentral_t_interval(t, df, confidence)
    sqrt_n = math.sqrt(n)

    j = hedges_j(df)
    d_av = mean_diff / ((sd_pre + sd_post) / 2.0)
    var_d_av = (1.0 / n + d_av**2 / (2.0 * n)) * 2.0 * (1.0 - r)
    se_g = j * math.sqrt(max(var_d_av, 0.0))
    g_av = j * d_av
    z = _critical(confidence)

    return PrePostResult(
        n=n,
        mean_pre=float(before.mean()),
        mean_post=float(after.mean()),
        mean_change=Interval(mean_diff, mean_diff - t_crit * se, mean_diff + t_crit * se),
        t=t,
        p_value=p_value,
        correlation=r,
        d_z=Interval(d_z, ncp_low / sqrt_n, ncp_high / sqrt_n),
        g_av=Interval(g_av, g_av - z * se_g, g_av + z * se_g),
    )


def two_groups(
    treated: npt.ArrayLike, control: npt.ArrayLike, *, confidence: float = 0.95
) -> TwoGroupResult:
    """Compare the outcomes of two independent groups (treated minus control)."""
    y_t = as_float_array(treated, name=_("The treated group's outcome"))
    y_c = as_float_array(control, name=_("The comparison group's outcome"))
    n_t, n_c = y_t.size, y_c.size
    require_min_size(n_t, MIN_PER_GROUP, what=_("The treated group"))
    require_min_size(n_c, MIN_PER_GROUP, what=_("The comparison group"))
    var_t, var_c = float(y_t.var(ddof=1)), float(y_c.var(ddof=1))
    tolerance = 1e-18 * max(1.0, float(np.max(np.abs(y_t))), float(np.max(np.abs(y_c)))) ** 2
    if var_t <= tolerance and var_c <= tolerance:
        raise StatsError(_("The outcome has the same value for everyone; nothing to compare."))
    difference = float(y_t.mean() - y_c.mean())

    se_welch = math.sqrt(var_t / n_t + var_c / n_c)
    welch_df = (var_t / n_t + var_c / n_c) ** 2 / (
        (var_t / n_t) ** 2 / (n_t - 1) + (var_c / n_c) ** 2 / (n_c - 1)
    )
    welch_t = difference / se_welch
    t_crit = float(stats.t.ppf(0.5 + confidence / 2.0, welch_df))
    p_value = float(2.0 * stats.t.sf(abs(welch_t), welch_df))

    df = n_t + n_c - 2
    pooled_sd = math.sqrt(((n_t - 1) * var_t + (n_c - 1) * var_c) / df)
    j = hedges_j(df)
    d = difference / pooled_sd
    scale = math.sqrt(1.0 / n_t + 1.0 / n_c)
    ncp_low, ncp_high = noncentral_t_interval(d / scale, df, confidence)

    return TwoGroupResult(
        n_treated=n_t,
        n_control=n_c,
        mean_treated=float(y_t.mean()),
        mean_control=float(y_c.mean()),
        difference=Interval(
            difference, difference - t_crit * se_welch, difference + t_crit * se_welch
        ),
        welch_t=welch_t,
        welch_df=welch_df,
        p_value=p_value,
        hedges_g=Interval(j * d, j * ncp_low * scale, j * ncp_high * scale),
    )
