"""Scoring as pure functions over plain data: no database, no request, no clock.

- item values: reverse keying on the item's numeric response scale;
- scales: sum or mean of item values under a missing-data rule (scored only when at least
  `min_answered` of the items are answered; the mean of the answered items, and for sums that
  mean times the number of items, i.e. prorated);
- composite scores: sum or mean of scale scores, scored only when every component is;
- interpretation bands, norms (T-score and percentile), the Holland code of an interest profile;
- reliability over a respondents-by-items matrix: Cronbach's alpha with Feldt's confidence
  interval, and McDonald's omega from a one-factor model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from koers.instruments.definition import EPSILON, BandDef, Definition, NormDef, ScaleDef

Answer = int | float | str | None


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    value: float | None  # None: not scored (too few answers)
    answered: int
    total: int
    band: BandDef | None = None
    percentile: float | None = None
    t_score: float | None = None

    @property
    def scored(self) -> bool:
        return self.value is not None


def reverse_keyed(value: float, *, low: float, high: float) -> float:
    """On a scale from `low` to `high`, the answer mirrored: 1 ↔ 5, 2 ↔ 4 on a 1-5 scale."""
    return low + high - value


def scale_value(
    values: Sequence[float | None], *, method: str, min_answered: float
) -> float | None:
    """Sum or mean of `values` (None = unanswered) under the missing-data rule.

    With missing answers a mean is the mean of the answered items and a sum is prorated: that
    mean times the number of items, so it stays on the same range as a complete sum.
    """
    answered = [v for v in values if v is not None]
    if not values or len(answered) < min_answered * len(values) - EPSILON:
        return None
    mean = math.fsum(answered) / len(answered)
    return mean * len(values) if method == "sum" else mean


def band_for(score: float, bands: Sequence[BandDef]) -> BandDef | None:
    """The band with low <= score < high; the last band also holds its upper edge."""
    for index, band in enumerate(bands):
        last = index == len(bands) - 1
        if band.low - EPSILON <= score and (
            score < band.high - EPSILON or (last and score <= band.high + EPSILON)
        ):
            return band
    return None


def t_score(score: float, norm: NormDef) -> float:
    """Mean 50, standard deviation 10 in the norm group."""
    return 50.0 + 10.0 * (score - norm.mean) / norm.sd


def percentile(score: float, norm: NormDef) -> float:
    """Percentile rank in the norm group: from the norm's table by linear interpolation
    (clamped at its ends), else from a normal distribution with the norm's mean and sd."""
    if norm.percentiles:
        xs = [s for s, _ in norm.percentiles]
        ps = [p for _, p in norm.percentiles]
        return float(np.interp(score, xs, ps))
    return 100.0 * float(stats.norm.cdf(score, loc=norm.mean, scale=norm.sd))


def item_values(definition: Definition, answers: Mapping[str, Answer]) -> dict[str, float | None]:
    """Numeric, reverse-keyed values of the items that count towards a scale."""
    values: dict[str, float | None] = {}
    for item in definition.items:
        if not item.scales:
            continue
        answer = answers.get(item.key)
        if answer is None or answer == "":
            values[item.key] = None
            continue
        value = float(answer)
        if item.reverse:
            response = definition.response_scales[item.response_scale]
            value = reverse_keyed(value, low=response.low, high=response.high)
        values[item.key] = value
    return values


def _interpret(scale: ScaleDef, value: float | None, answered: int, total: int) -> ScaleResult:
    if value is None:
        return ScaleResult(scale.key, None, answered, total)
    norm = scale.norm
    return ScaleResult(
        scale=scale.key,
        value=value,
        answered=answered,
        total=total,
        band=band_for(value, scale.bands),
        percentile=percentile(value, norm) if norm else None,
        t_score=t_score(value, norm) if norm else None,
    )


def score(definition: Definition, answers: Mapping[str, Answer]) -> dict[str, ScaleResult]:
    """Every scale and composite score of one completed questionnaire, keyed by scale key."""
    values = item_values(definition, answers)
    results: dict[str, ScaleResult] = {}
    for scale in definition.scales:
        if scale.is_composite:
            parts = [results[k].value for k in scale.components]
            answered = sum(p is not None for p in parts)
            value = (
                None
                if answered < len(parts)
                else scale_value(parts, method=scale.method, min_answered=1.0)
            )
            results[scale.key] = _interpret(scale, value, answered, len(parts))
        else:
            item_scores = [values[k] for k in scale.items]
            answered = sum(v is not None for v in item_scores)
            value = scale_value(item_scores, method=scale.method, min_answered=scale.min_answered)
            results[scale.key] = _interpret(scale, value, answered, len(item_scores))
    return results


@dataclass(frozen=True)
class HollandCode:
    code: str  # e.g. "SAE"
    ranking: tuple[tuple[str, float], ...]  # every scored type, highest first
    # Groups of types with equal scores that straddle the cut after the third letter: the code
    # could as well have used another member of the group. Empty when the code is unambiguous.
    ties: tuple[tuple[str, ...], ...]


def holland_code(scores: Mapping[str, float | None], order: Sequence[str]) -> HollandCode:
    """The three highest types, highest first. Equal scores keep the definition's order
    (R, I, A, S, E, C); a tie across the third place is reported so the page can explain it."""
    scored = [(key, scores[key]) for key in order if scores.get(key) is not None]
    ranking = tuple(
        sorted(((k, float(v)) for k, v in scored if v is not None), key=lambda kv: -kv[1])
    )
    top = ranking[:3]
    ties: list[tuple[str, ...]] = []
    if len(ranking) > 3:  # noqa: PLR2004 - three letters make a Holland code
        cut = ranking[2][1]
        group = tuple(k for k, v in ranking if abs(v - cut) <= EPSILON)
        if any(k not in dict(top) for k in group):
            ties.append(group)
    return HollandCode(
        code="".join(k[0].upper() for k, _ in top), ranking=ranking, ties=tuple(ties)
    )


# --- reliability -----------------------------------------------------------------------------

FloatMatrix = NDArray[np.float64]


def complete_cases(matrix: FloatMatrix) -> FloatMatrix:
    """Rows without a missing (NaN) value: reliability is computed on complete cases."""
    data: FloatMatrix = np.asarray(matrix, dtype=np.float64)
    complete: FloatMatrix = data[~np.isnan(data).any(axis=1)]
    return complete


def cronbach_alpha(matrix: FloatMatrix) -> float:
    """Cronbach's alpha of a respondents-by-items matrix (complete cases only).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score)
    """
    data = complete_cases(matrix)
    n, k = data.shape
    if k < 2 or n < 2:  # noqa: PLR2004 - alpha needs two items and two respondents
        raise ValueError("alpha needs at least two items and two respondents")
    item_variances = data.var(axis=0, ddof=1).sum()
    total_variance = data.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise ValueError("the total score does not vary")
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def alpha_confidence_interval(
    alpha: float, *, n: int, k: int, level: float = 0.95
) -> tuple[float, float]:
    """Feldt's (1965) interval: (1 - alpha) / (1 - alpha_hat) follows F(n - 1, (n - 1)(k - 1))."""
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    lower = 1 - (1 - alpha) * float(stats.f.ppf(1 - tail, df1, df2))
    upper = 1 - (1 - alpha) * float(stats.f.ppf(tail, df1, df2))
    return lower, upper


def one_factor_loadings(
    matrix: FloatMatrix, *, iterations: int = 500, tolerance: float = 1e-10
) -> tuple[FloatMatrix, FloatMatrix]:
    """Standardised loadings and unique variances of a one-factor model, by iterated principal
    axis factoring of the correlation matrix (communalities start at squared multiple
    correlations)."""
    data = complete_cases(matrix)
    corr: FloatMatrix = np.atleast_2d(np.corrcoef(data, rowvar=False))
    communality = 1 - 1 / np.diag(np.linalg.pinv(corr))
    loadings = np.sqrt(np.clip(communality, 0, 1))
    for _ in range(iterations):
        reduced = corr.copy()
        np.fill_diagonal(reduced, communality)
        eigenvalues, eigenvectors = np.linalg.eigh(reduced)
        loadings = eigenvectors[:, -1] * math.sqrt(max(eigenvalues[-1], 0.0))
        updated = np.clip(loadings**2, 0, 1)
        if np.max(np.abs(updated - communality)) < tolerance:
            communality = updated
            break
        communality = updated
    if loadings.sum() < 0:
        loadings = -loadings
    return loadings, 1 - loadings**2


def mcdonald_omega(matrix: FloatMatrix) -> float:
    """McDonald's omega (total) for standardised items under a one-factor model:
    (sum of loadings)^2 / ((sum of loadings)^2 + sum of unique variances)."""
    loadings, uniqueness = one_factor_loadings(matrix)
    common = float(loadings.sum()) ** 2
    return common / (common + float(uniqueness.sum()))
