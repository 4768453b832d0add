"""Simulated data with a planted effect and planted selection bias, for the statistics tests."""

from dataclasses import dataclass

import numpy as np


@dataclass
class Planted:
    x: np.ndarray  # n x 2 covariates
    treatment: np.ndarray  # bool
    outcome: np.ndarray
    effect: float


def selected_population(seed: int, *, n: int = 1500, effect: float = 1.0) -> Planted:
    """People with higher x1 and x2 join more often, and x1, x2 also raise the outcome.

    The naive difference therefore overstates the planted effect; adjusting for x1 and x2
    removes that bias.
    """
    rng = np.random.default_rng(seed)
    x1 = rng.normal(0, 1, n)
    x2 = rng.binomial(1, 0.4, n).astype(float)
    logit = -1.2 + 0.9 * x1 + 0.8 * x2
    treatment = rng.random(n) < 1 / (1 + np.exp(-logit))
    outcome = 2.0 * x1 + 1.5 * x2 + effect * treatment + rng.normal(0, 1, n)
    return Planted(np.column_stack([x1, x2]), treatment, outcome, effect)
