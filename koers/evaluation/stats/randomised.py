"""Randomised designs: intention-to-treat difference in means, a permutation test, attrition.

The interval is Welch's (see effects.two_groups). The permutation test re-allocates the observed
outcomes to the arms at random (Monte Carlo, seeded) and counts differences at least as extreme
as the observed one; p = (count + 1) / (permutations + 1), so it is never zero (Phipson & Smyth
2010). Attrition is the share of randomised units without an outcome, overall and per arm; the
differential attrition is the absolute difference between the arms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from koers.evaluation.stats._arrays import as_float_array, require_min_size
from koers.evaluation.stats.effects import TwoGroupResult, two_groups
from koers.evaluation.stats.errors import StatsError

PERMUTATION_CHUNK = 500


@dataclass(frozen=True)
class Attrition:
    randomised_treated: int
    randomised_control: int
    analysed_treated: int
    analysed_control: int

    @property
    def treated(self) -> float:
        return 1.0 - self.analysed_treated / self.randomised_treated

    @property
    def control(self) -> float:
        return 1.0 - self.analysed_control / self.randomised_control

    @property
    def overall(self) -> float:
        analysed = self.analysed_treated + self.analysed_control
        return 1.0 - analysed / (self.randomised_treated + self.randomised_control)

    @property
    def differential(self) -> float:
        return abs(self.treated - self.control)


def attrition(
    *,
    randomised_treated: int,
    randomised_control: int,
    analysed_treated: int,
    analysed_control: int,
) -> Attrition:
    """Loss to follow-up per arm."""
    if randomised_treated <= 0 or randomised_control <= 0:
        raise StatsError(_("Both arms must have randomised units."))
    if analysed_treated > randomised_treated or analysed_control > randomised_control:
        raise StatsError(_("An arm cannot have more analysed than randomised units."))
    return Attrition(randomised_treated, randomised_control, analysed_treated, analysed_control)


def difference_in_means(
    treated: npt.ArrayLike, control: npt.ArrayLike, *, confidence: float = 0.95
) -> TwoGroupResult:
    """The intention-to-treat estimate: mean outcome of the treated arm minus the control arm."""
    return two_groups(treated, control, confidence=confidence)


def permutation_test(
    treated: npt.ArrayLike,
    control: npt.ArrayLike,
    *,
    n_permutations: int = 10_000,
    seed: int = 0,
) -> float:
    """Two-sided p-value for the difference in means under random re-allocation."""
    y_t = as_float_array(treated, name=_("The treated arm's outcome"))
    y_c = as_float_array(control, name=_("The control arm's outcome"))
    require_min_size(y_t.size, 1, what=_("The treated arm"))
    require_min_size(y_c.size, 1, what=_("The control arm"))
    pooled = np.concatenate([y_t, y_c])
    n_t = y_t.size
    observed = abs(float(y_t.mean() - y_c.mean()))
    rng = np.random.default_rng(seed)
    total = float(pooled.sum())
    extreme = 0
    for start in range(0, n_permutations, PERMUTATION_CHUNK):
        size = min(PERMUTATION_CHUNK, n_permutations - start)
        keys = rng.random((size, pooled.size))
        first = np.argpartition(keys, n_t - 1, axis=1)[:, :n_t]
        sum_t = pooled[first].sum(axis=1)
        differences = sum_t / n_t - (total - sum_t) / y_c.size
        # A small tolerance so ties with the observed statistic count as extreme.
        extreme += int(np.sum(np.abs(differences) >= observed - 1e-12))
    return (extreme + 1) / (n_permutations + 1)
