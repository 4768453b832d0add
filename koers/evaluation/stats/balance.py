"""Balance diagnostics: standardised mean differences and variance ratios per covariate.

SMD = (mean_t - mean_c) / sqrt((var_t + var_c) / 2). The denominator is always computed on the
sample *before* adjustment, so a change in the SMD after matching or weighting reflects a change
in the means, not in the yardstick (Austin 2009, Statistics in Medicine 28:3083). Means and
variances after adjustment are weighted by the ATT weights. Variance ratio = var_t / var_c.
Rules of thumb: |SMD| < 0.1 is good balance, 0.1-0.25 acceptable, above 0.25 poor; a variance
ratio outside 0.5-2 is poor.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from koers.evaluation.stats._arrays import BoolArray, FloatArray

GOOD_SMD = 0.1
ACCEPTABLE_SMD = 0.25
VARIANCE_RATIO_RANGE = (0.5, 2.0)


@dataclass(frozen=True)
class BalanceRow:
    covariate: str
    mean_treated_before: float
    mean_comparison_before: float
    smd_before: float
    variance_ratio_before: float
    mean_treated_after: float | None = None
    mean_comparison_after: float | None = None
    smd_after: float | None = None
    variance_ratio_after: float | None = None


def _weighted_mean_var(values: FloatArray, weights: FloatArray) -> tuple[float, float]:
    total = float(weights.sum())
    mean = float(np.sum(weights * values) / total)
    # Reliability-weighted unbiased variance (weights as frequency-like ATT weights).
    squares = float(np.sum(weights**2))
    denominator = total - squares / total
    variance = float(np.sum(weights * (values - mean) ** 2) / denominator) if denominator else 0.0
    return mean, variance


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.inf


def balance_table(
    names: list[str],
    covariates: FloatArray,
    treatment: BoolArray,
    weights_after: FloatArray | None = None,
) -> list[BalanceRow]:
    """One row per covariate; the 'after' columns are filled when weights are given."""
    rows = []
    for index, name in enumerate(names):
        column = covariates[:, index]
        t_values, c_values = column[treatment], column[~treatment]
        var_t, var_c = float(t_values.var(ddof=1)), float(c_values.var(ddof=1))
        pooled = math.sqrt((var_t + var_c) / 2.0)
        diff_before = float(t_values.mean() - c_values.mean())
        smd_before = diff_before / pooled if pooled > 0 else 0.0
        row = BalanceRow(
            covariate=name,
            mean_treated_before=float(t_values.mean()),
            mean_comparison_before=float(c_values.mean()),
            smd_before=smd_before,
            variance_ratio_before=_ratio(var_t, var_c),
        )
        if weights_after is not None:
            w_t, w_c = weights_after[treatment], weights_after[~treatment]
            mean_t, wvar_t = _weighted_mean_var(t_values[w_t > 0], w_t[w_t > 0])
            mean_c, wvar_c = _weighted_mean_var(c_values[w_c > 0], w_c[w_c > 0])
            row = dataclasses.replace(
                row,
                mean_treated_after=mean_t,
                mean_comparison_after=mean_c,
                smd_after=(mean_t - mean_c) / pooled if pooled > 0 else 0.0,
                variance_ratio_after=_ratio(wvar_t, wvar_c),
            )
        rows.append(row)
    return rows


def max_abs_smd(rows: list[BalanceRow], *, after: bool = True) -> float:
    """The worst |SMD| over covariates (after adjustment when available)."""
    values = [abs(r.smd_after if after and r.smd_after is not None else r.smd_before) for r in rows]
    return max(values, default=0.0)


def variance_ratios_ok(rows: list[BalanceRow]) -> bool:
    low, high = VARIANCE_RATIO_RANGE
    return all(
        low
        <= (
            r.variance_ratio_after
            if r.variance_ratio_after is not None
            else r.variance_ratio_before
        )
        <= high
        for r in rows
    )
