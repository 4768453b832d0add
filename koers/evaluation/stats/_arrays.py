"""Small helpers shared by the statistics modules."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from koers.evaluation.stats.errors import StatsError

FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.intp]


def as_float_array(values: npt.ArrayLike, *, name: str) -> FloatArray:
    """A 1-d float array without missing values."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise StatsError(_("%(name)s must be a single column of numbers.") % {"name": name})
    if not np.all(np.isfinite(array)):
        raise StatsError(_("%(name)s has missing or infinite values.") % {"name": name})
    return array


def as_treatment(values: npt.ArrayLike, *, name: str = "treatment") -> BoolArray:
    """A 0/1 (or boolean) treatment indicator as a boolean array."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise StatsError(_("%(name)s must be a single column of 0 and 1.") % {"name": name})
    if array.dtype != np.bool_:
        numeric = np.asarray(array, dtype=np.float64)
        if not np.all(np.isin(numeric, (0.0, 1.0))):
            raise StatsError(
                _("%(name)s must be coded 0 (comparison) or 1 (treated).") % {"name": name}
            )
        array = numeric == 1.0
    return np.asarray(array, dtype=np.bool_)


def require_min_size(n: int, minimum: int, *, what: str) -> None:
    if n < minimum:
        raise StatsError(
            _("%(what)s has %(n)d units; at least %(minimum)d are needed.")
            % {"what": what, "n": n, "minimum": minimum}
        )
