"""Nearest-neighbour matching on the logit of the propensity score, and the effect on the treated.

- Distance is |logit(p_t) - logit(p_c)|; the caliper is a multiple of the standard deviation of
  the logit over all units (0.2 by default, Austin 2011, Pharmaceutical Statistics 10:150).
- With replacement a comparison unit may serve several treated units (k nearest within the
  caliper, by a k-d tree). Without replacement, treated units are matched greedily in a random
  (seeded) order, one comparison unit per round for k rounds.
- A treated unit with no comparison unit within the caliper is left out: the estimate is then
  for the matched treated only, and the result says how many were dropped.
- ATT = mean over matched treated i of (y_i - mean of y over i's matches).
- Confidence intervals: the bootstrap resamples matched treated units together with their
  matches (Austin & Small 2014, Statistics in Medicine 33:4306); the analytic interval uses an
  Abadie-Imbens-type variance: the variance of the per-pair differences plus a term for re-used
  comparison units, sum_j (w_j^2 - sum_i 1/m_i^2) * var(y_c) / N_t^2, with w_j the total weight
  of comparison unit j and m_i the number of matches of treated unit i. Without re-use the extra
  term is zero and the interval is the paired one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _
from scipy import spatial, stats  # type: ignore[import-untyped,unused-ignore]  # scipy-stubs may be absent

from koers.evaluation.stats._arrays import (
    BoolArray,
    FloatArray,
    IntArray,
    as_float_array,
    as_treatment,
)
from koers.evaluation.stats.effects import Interval
from koers.evaluation.stats.errors import StatsError

CiMethod = Literal["bootstrap", "analytic"]
BOOTSTRAP_CHUNK = 200


@dataclass(frozen=True)
class Matches:
    """Matched pairs in long form: pair_treated[k] was matched to pair_control[k]."""

    pair_treated: IntArray
    pair_control: IntArray
    caliper: float
    n_treated: int

    @property
    def matched_treated(self) -> IntArray:
        return np.unique(self.pair_treated)

    @property
    def n_unmatched(self) -> int:
        return self.n_treated - int(self.matched_treated.size)

    def unit_weights(self, n_units: int) -> FloatArray:
        """ATT weights: 1 for matched treated, sum over their matches of 1/m_i for controls."""
        weights = np.zeros(n_units, dtype=np.float64)
        treated, counts = np.unique(self.pair_treated, return_counts=True)
        weights[treated] = 1.0
        per_pair = 1.0 / counts[np.searchsorted(treated, self.pair_treated)]
        np.add.at(weights, self.pair_control, per_pair)
        return weights


@dataclass(frozen=True)
class MatchedEffect:
    att: Interval
    se: float
    n_matched_treated: int
    n_matched_controls: int
    method: CiMethod


def match_nearest(
    logits: npt.ArrayLike,
    treatment: npt.ArrayLike,
    *,
    k: int = 1,
    caliper_sd: float | None = 0.2,
    replacement: bool = False,
    seed: int = 0,
) -> Matches:
    """Match each treated unit to its k nearest comparison units on the logit of the score."""
    scores = as_float_array(logits, name=_("The propensity score"))
    treated = as_treatment(treatment)
    if k < 1:
        raise StatsError(_("Match at least one comparison unit per treated unit."))
    treated_idx = np.flatnonzero(treated)
    control_idx = np.flatnonzero(~treated)
    if treated_idx.size == 0 or control_idx.size == 0:
        raise StatsError(_("Both a treated and a comparison group are needed."))
    caliper = math.inf if caliper_sd is None else caliper_sd * float(scores.std(ddof=1))
    if replacement:
        pairs_t, pairs_c = _match_with_replacement(scores, treated_idx, control_idx, k, caliper)
    else:
        pairs_t, pairs_c = _match_without_replacement(
            scores, treated_idx, control_idx, k, caliper, seed
        )
    order = np.lexsort((pairs_c, pairs_t))
    return Matches(
        pair_treated=pairs_t[order],
        pair_control=pairs_c[order],
        caliper=caliper,
        n_treated=int(treated_idx.size),
    )


def _match_with_replacement(
    scores: FloatArray, treated_idx: IntArray, control_idx: IntArray, k: int, caliper: float
) -> tuple[IntArray, IntArray]:
    tree = spatial.cKDTree(scores[control_idx].reshape(-1, 1))
    k_eff = min(k, control_idx.size)
    distances, positions = tree.query(
        scores[treated_idx].reshape(-1, 1),
        k=k_eff,
        distance_upper_bound=caliper if math.isfinite(caliper) else np.inf,
    )
    distances = np.asarray(distances).reshape(treated_idx.size, k_eff)
    positions = np.asarray(positions).reshape(treated_idx.size, k_eff)
    found = np.isfinite(distances) & (distances <= caliper)
    rows = np.repeat(np.arange(treated_idx.size), k_eff).reshape(treated_idx.size, k_eff)
    return treated_idx[rows[found]], control_idx[positions[found]]


def _find(parent: list[int], i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def _match_without_replacement(  # noqa: PLR0917 - a private helper of match_nearest
    scores: FloatArray,
    treated_idx: IntArray,
    control_idx: IntArray,
    k: int,
    caliper: float,
    seed: int,
) -> tuple[IntArray, IntArray]:
    order = np.argsort(scores[control_idx], kind="stable")
    sorted_controls = control_idx[order]
    sorted_scores = scores[sorted_controls]
    n = sorted_controls.size
    # Union-find over sorted positions: the nearest still-available position to the right
    # (sentinel n) and to the left (shifted by one, sentinel 0), so each lookup is near O(1).
    right = list(range(n + 1))
    left = list(range(n + 1))
    rng = np.random.default_rng(seed)
    visiting = treated_idx[rng.permutation(treated_idx.size)]
    insert_at = np.searchsorted(sorted_scores, scores[visiting]).tolist()
    values = scores[visiting].tolist()
    sorted_list = sorted_scores.tolist()
    pairs_t: list[int] = []
    pairs_c: list[int] = []
    active = list(range(visiting.size))
    for _round in range(k):
        still_active = []
        for i in active:
            position = insert_at[i]
            r = _find(right, position)
            l_shifted = _find(left, position)  # left[p] covers sorted position p - 1
            best, best_distance = -1, math.inf
            if r < n:
                best, best_distance = r, sorted_list[r] - values[i]
            if l_shifted > 0 and values[i] - sorted_list[l_shifted - 1] < best_distance:
                best, best_distance = l_shifted - 1, values[i] - sorted_list[l_shifted - 1]
            if best < 0 or best_distance > caliper:
                continue
            right[best] = best + 1
            left[best + 1] = best
            pairs_t.append(int(visiting[i]))
            pairs_c.append(int(sorted_controls[best]))
            still_active.append(i)
        active = still_active
    return np.asarray(pairs_t, dtype=np.intp), np.asarray(pairs_c, dtype=np.intp)


def _pair_differences(outcome: FloatArray, matches: Matches) -> tuple[IntArray, FloatArray]:
    """Per matched treated unit: y_i minus the mean outcome of its matches."""
    treated, start, counts = np.unique(matches.pair_treated, return_index=True, return_counts=True)
    control_sums = np.add.reduceat(outcome[matches.pair_control], start)
    return treated, outcome[treated] - control_sums / counts


def matched_effect(
    outcome: npt.ArrayLike,
    matches: Matches,
    *,
    method: CiMethod = "bootstrap",
    confidence: float = 0.95,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> MatchedEffect:
    """The average effect on the (matched) treated with a confidence interval."""
    y = as_float_array(outcome, name=_("The outcome"))
    if matches.pair_treated.size == 0:
        raise StatsError(
            _(
                "No treated unit has a comparison unit within the caliper: the groups do not "
                "overlap. Widen the caliper or choose another comparison group."
            )
        )
    treated, differences = _pair_differences(y, matches)
    n_t = treated.size
    att = float(differences.mean())
    if method == "bootstrap":
        rng = np.random.default_rng(seed)
        estimates = np.empty(n_bootstrap, dtype=np.float64)
        for start in range(0, n_bootstrap, BOOTSTRAP_CHUNK):
            size = min(BOOTSTRAP_CHUNK, n_bootstrap - start)
            draws = rng.integers(0, n_t, size=(size, n_t))
            estimates[start : start + size] = differences[draws].mean(axis=1)
        alpha = 1.0 - confidence
        low, high = np.quantile(estimates, [alpha / 2.0, 1.0 - alpha / 2.0])
        se = float(estimates.std(ddof=1))
        interval = Interval(att, float(low), float(high))
    else:
        se = _analytic_se(y, matches, differences, att)
        z = float(stats.norm.ppf(0.5 + confidence / 2.0))
        interval = Interval(att, att - z * se, att + z * se)
    return MatchedEffect(
        att=interval,
        se=se,
        n_matched_treated=int(n_t),
        n_matched_controls=int(np.unique(matches.pair_control).size),
        method=method,
    )


def _analytic_se(y: FloatArray, matches: Matches, differences: FloatArray, att: float) -> float:
    n_t = differences.size
    if n_t < 2:  # noqa: PLR2004 - a variance needs two pairs
        raise StatsError(_("At least two matched treated units are needed for an interval."))
    treated, counts = np.unique(matches.pair_treated, return_counts=True)
    per_pair = 1.0 / counts[np.searchsorted(treated, matches.pair_treated)]
    controls, inverse = np.unique(matches.pair_control, return_inverse=True)
    weight = np.zeros(controls.size)
    weight_squares = np.zeros(controls.size)
    np.add.at(weight, inverse, per_pair)
    np.add.at(weight_squares, inverse, per_pair**2)
    control_variance = float(y[controls].var(ddof=1)) if controls.size > 1 else 0.0
    reuse = float(np.sum(weight**2 - weight_squares)) * control_variance
    pair_variance = float(np.sum((differences - att) ** 2)) * n_t / (n_t - 1)
    return math.sqrt((pair_variance + reuse) / n_t**2)


def matched_sample(matches: Matches, n_units: int) -> tuple[BoolArray, FloatArray]:
    """Which units are in the matched sample, and their ATT weights (for balance after)."""
    weights = matches.unit_weights(n_units)
    return np.asarray(weights > 0, dtype=np.bool_), weights
