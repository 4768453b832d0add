"""Inverse-probability weighting for the average effect on the treated (ATT).

Treated units get weight 1, comparison units p / (1 - p) (the odds of their propensity score),
normalised within the comparison group (Hajek). ATT = mean(y_t) - sum(w_c y_c) / sum(w_c).
The analytic interval is the heteroskedasticity-robust (HC1) sandwich of the weighted regression
of y on treatment, which treats the weights as known; the bootstrap re-samples units within
each group (weights held fixed). Extreme weights are reported: the effective sample size of the
comparison group, (sum w)^2 / sum w^2, shows how much information is left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm  # type: ignore[import-untyped,unused-ignore]  # statsmodels ships no type hints
from django.utils.translation import gettext as _
from scipy import stats  # type: ignore[import-untyped,unused-ignore]  # scipy-stubs may be absent

from koers.evaluation.stats._arrays import FloatArray, as_float_array, as_treatment
from koers.evaluation.stats.effects import Interval
from koers.evaluation.stats.errors import StatsError


@dataclass(frozen=True)
class WeightedEffect:
    att: Interval
    se: float
    effective_n_comparison: float
    max_weight_share: float
    method: str


def att_weights(scores: npt.ArrayLike, treatment: npt.ArrayLike) -> FloatArray:
    """1 for treated, p / (1 - p) for comparison units."""
    p = as_float_array(scores, name=_("The propensity score"))
    treated = as_treatment(treatment)
    if np.any((p <= 0.0) | (p >= 1.0)):
        raise StatsError(_("Propensity scores must lie strictly between 0 and 1."))
    return np.where(treated, 1.0, p / (1.0 - p))


def ipw_effect(
    outcome: npt.ArrayLike,
    treatment: npt.ArrayLike,
    scores: npt.ArrayLike,
    *,
    method: Literal["analytic", "bootstrap"] = "analytic",
    confidence: float = 0.95,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> WeightedEffect:
    """The ATT by inverse-probability (odds) weighting."""
    y = as_float_array(outcome, name=_("The outcome"))
    treated = as_treatment(treatment)
    weights = att_weights(scores, treated)
    y_t, y_c, w_c = y[treated], y[~treated], weights[~treated]
    att = float(y_t.mean() - np.sum(w_c * y_c) / np.sum(w_c))
    effective_n = float(w_c.sum() ** 2 / np.sum(w_c**2))
    max_share = float(w_c.max() / w_c.sum())
    if method == "bootstrap":
        rng = np.random.default_rng(seed)
        estimates = np.empty(n_bootstrap)
        for b in range(n_bootstrap):
            ti = rng.integers(0, y_t.size, y_t.size)
            ci = rng.integers(0, y_c.size, y_c.size)
            estimates[b] = y_t[ti].mean() - np.sum(w_c[ci] * y_c[ci]) / np.sum(w_c[ci])
        alpha = 1.0 - confidence
        low, high = np.quantile(estimates, [alpha / 2.0, 1.0 - alpha / 2.0])
        return WeightedEffect(
            Interval(att, float(low), float(high)),
            float(estimates.std(ddof=1)),
            effective_n,
            max_share,
            method,
        )
    exog = sm.add_constant(treated.astype(np.float64))
    fit = sm.WLS(y, exog, weights=weights).fit(cov_type="HC1")
    se = float(np.asarray(fit.bse)[1])
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    if not math.isfinite(se):
        raise StatsError(_("The weighted estimate has no finite standard error."))
    return WeightedEffect(
        Interval(att, att - z * se, att + z * se), se, effective_n, max_share, method
    )
