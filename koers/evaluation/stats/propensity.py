"""Propensity scores: the probability of treatment given covariates, by logistic regression.

The model is fitted with statsmodels' `Logit` (Newton-Raphson). Users may add squared terms and
interactions to the covariates. Perfect separation, constant or collinear covariates and a model
that does not converge are refused with a message rather than giving silent scores.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm  # type: ignore[import-untyped,unused-ignore]  # statsmodels ships no type hints
from django.utils.translation import gettext as _

from koers.evaluation.stats._arrays import (
    BoolArray,
    FloatArray,
    as_float_array,
    as_treatment,
)
from koers.evaluation.stats.errors import StatsError

# Scores this close to 0 or 1 mean the model separates the groups (almost) perfectly.
SEPARATION_EPSILON = 1e-8


@dataclass(frozen=True)
class DesignMatrix:
    names: list[str]
    values: FloatArray  # n x p, without the constant


@dataclass(frozen=True)
class PropensityModel:
    names: list[str]
    coefficients: dict[str, float]  # including "const"
    scores: FloatArray
    logits: FloatArray
    converged: bool


def design_matrix(
    columns: Mapping[str, npt.ArrayLike],
    *,
    squares: Sequence[str] = (),
    interactions: Sequence[tuple[str, str]] = (),
) -> DesignMatrix:
    """Covariates as a matrix, with the requested squared terms and interactions appended."""
    if not columns:
        raise StatsError(_("Name at least one covariate."))
    arrays = {name: as_float_array(values, name=name) for name, values in columns.items()}
    for name in [*squares, *(n for pair in interactions for n in pair)]:
        if name not in arrays:
            raise StatsError(
                _("%(name)s is not one of the covariates (%(available)s).")
                % {"name": name, "available": ", ".join(arrays)}
            )
    names = list(arrays)
    values = [arrays[name] for name in names]
    for name in squares:
        names.append(f"{name}^2")
        values.append(arrays[name] ** 2)
    for left, right in interactions:
        names.append(f"{left}*{right}")
        values.append(arrays[left] * arrays[right])
    sizes = {v.size for v in values}
    if len(sizes) != 1:
        raise StatsError(_("All covariates must have the same number of rows."))
    return DesignMatrix(names=names, values=np.column_stack(values))


def propensity_fit(design: DesignMatrix, treatment: npt.ArrayLike) -> PropensityModel:
    """Fit P(treated | covariates) by logistic regression."""
    treated = as_treatment(treatment)
    x = design.values
    if x.shape[0] != treated.size:
        raise StatsError(_("The treatment and the covariates have different numbers of rows."))
    for index, name in enumerate(design.names):
        if np.ptp(x[:, index]) == 0.0:
            raise StatsError(
                _("The covariate %(name)s has the same value for everyone; leave it out.")
                % {"name": name}
            )
    _check_separation_by_single_covariate(design, treated)
    exog = sm.add_constant(x, has_constant="add")
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        raise StatsError(
            _("The covariates are collinear (one is a combination of others); leave one out.")
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = sm.Logit(treated.astype(np.float64), exog).fit(disp=0, maxiter=100)
        except (np.linalg.LinAlgError, ValueError) as error:
            raise StatsError(
                _("The propensity model could not be fitted: %(error)s") % {"error": error}
            ) from error
    separation = any("separation" in str(w.message).lower() for w in caught)
    params = np.asarray(result.params, dtype=np.float64)
    logits = exog @ params
    scores = 1.0 / (1.0 + np.exp(-logits))
    if separation or np.all((scores < SEPARATION_EPSILON) | (scores > 1 - SEPARATION_EPSILON)):
        raise StatsError(
            _(
                "The covariates separate treated and comparison units perfectly: every unit's "
                "group can be predicted, so there is no one to compare with. Remove or coarsen "
                "the covariate that separates them."
            )
        )
    converged = bool(result.mle_retvals.get("converged", False))
    coefficients = dict(zip(["const", *design.names], params.tolist(), strict=True))
    return PropensityModel(
        names=design.names,
        coefficients=coefficients,
        scores=scores,
        logits=logits,
        converged=converged,
    )


def _check_separation_by_single_covariate(design: DesignMatrix, treated: BoolArray) -> None:
    for index, name in enumerate(design.names):
        column = design.values[:, index]
        t_values, c_values = column[treated], column[~treated]
        if t_values.size == 0 or c_values.size == 0:
            raise StatsError(_("Both a treated and a comparison group are needed."))
        if t_values.min() > c_values.max() or t_values.max() < c_values.min():
            raise StatsError(
                _(
                    "The covariate %(name)s separates treated and comparison units perfectly "
                    "(their values do not overlap), so they cannot be compared. Leave it out or "
                    "choose another comparison group."
                )
                % {"name": name}
            )


def common_support(scores: FloatArray, treatment: BoolArray) -> BoolArray:
    """Units whose score lies in the range both groups share (min-max trimming)."""
    low = max(scores[treatment].min(), scores[~treatment].min())
    high = min(scores[treatment].max(), scores[~treatment].max())
    return np.asarray((scores >= low) & (scores <= high), dtype=np.bool_)


def score_histogram(
    scores: FloatArray, treatment: BoolArray, *, bins: int = 20
) -> list[dict[str, float]]:
    """Counts of treated and comparison units per score interval, for the overlap chart."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    treated_counts, _edges = np.histogram(scores[treatment], bins=edges)
    control_counts, _edges = np.histogram(scores[~treatment], bins=edges)
    return [
        {
            "low": float(edges[i]),
            "high": float(edges[i + 1]),
            "treated": int(treated_counts[i]),
            "comparison": int(control_counts[i]),
        }
        for i in range(bins)
    ]
