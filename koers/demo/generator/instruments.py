"""Answer and score a shipped questionnaire for many people at once, with numpy.

Answers follow the scales' structure: every numeric item is the person's trait level for its
scale plus noise, rounded to the response scale and mirrored when the item is reverse-keyed (so
that scoring mirrors it back). Scores are then computed exactly as `koers.instruments.scoring`
does (missing-data rule, sum or mean, composites, bands, norms), but for whole columns;
tests/test_generator.py checks them against `scoring.score` row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from koers.demo.generator.reference import InstrumentRef
from koers.instruments.definition import EPSILON

A = npt.NDArray[Any]


@dataclass
class Answered:
    """Responses (long form) and scores (long form) of `n` administrations."""

    response_admin: A  # index 0..n-1 of the administration
    response_item: A  # item id
    response_value: A  # text
    response_number: A  # float, NaN for non-numeric answers
    score_admin: A
    score_scale: A  # scale id
    score_value: A  # float, NaN when not scored
    score_answered: A
    score_total: A
    score_band: A  # band id, 0 when none
    score_percentile: A
    score_t: A


def answer(
    instrument: InstrumentRef,
    rng: np.random.Generator,
    *,
    traits: Mapping[str, A],
    choices: Mapping[str, A] | None = None,
    noise: float = 0.7,
    missing: float = 0.02,
) -> Answered:
    """Answer every item of the instrument for n people.

    traits: scale key -> trait level per person on the response scale (e.g. 3.4 on 1-5);
    choices: item key -> answer text per person (None/"" = unanswered) for choice and text items.
    """
    definition = instrument.definition
    n = len(next(iter(traits.values())))
    choices = choices or {}
    admin_parts, item_parts, value_parts, number_parts = [], [], [], []
    keyed: dict[str, A] = {}  # item key -> reverse-keyed numeric value, NaN when unanswered
    for item in definition.items:
        scale_type = definition.response_scales[item.response_scale]
        if item.key in choices:
            values = np.asarray(choices[item.key], dtype=object)
            given = np.array([v is not None and v != "" for v in values], dtype=bool)
            admin_parts.append(np.flatnonzero(given))
            item_parts.append(np.full(int(given.sum()), instrument.item_ids[item.key]))
            value_parts.append(values[given].astype(str))
            number_parts.append(np.full(int(given.sum()), np.nan))
            continue
        if not scale_type.is_numeric or not item.scales:
            continue
        low, high = scale_type.low, scale_type.high
        trait = traits[item.scales[0]]
        raw = np.clip(np.rint(trait + rng.normal(0.0, noise, n)), low, high)
        stored = low + high - raw if item.reverse else raw
        given = np.ones(n, dtype=bool) if item.required else rng.random(n) >= missing
        keyed[item.key] = np.where(given, raw, np.nan)
        admin_parts.append(np.flatnonzero(given))
        item_parts.append(np.full(int(given.sum()), instrument.item_ids[item.key]))
        value_parts.append(stored[given].astype(np.int64).astype(str))
        number_parts.append(stored[given])
    scores = _score(instrument, keyed, n)
    return Answered(
        np.concatenate(admin_parts),
        np.concatenate(item_parts),
        np.concatenate(value_parts).astype(str),
        np.concatenate(number_parts),
        *scores,
    )


def _score(instrument: InstrumentRef, keyed: Mapping[str, A], n: int) -> tuple[A, ...]:
    definition = instrument.definition
    values: dict[str, A] = {}
    answered_of: dict[str, A] = {}
    total_of: dict[str, int] = {}
    for scale in definition.scales:
        if scale.is_composite:
            parts = np.column_stack([values[k] for k in scale.components])
            complete = ~np.isnan(parts).any(axis=1)
            mean = np.where(
                complete, np.nanmean(np.where(complete[:, None], parts, 0.0), axis=1), np.nan
            )
            answered = (~np.isnan(parts)).sum(axis=1)
            total = len(scale.components)
        else:
            matrix = np.column_stack([keyed[k] for k in scale.items])
            answered = (~np.isnan(matrix)).sum(axis=1)
            total = len(scale.items)
            with np.errstate(invalid="ignore"):
                mean = np.nansum(matrix, axis=1) / np.maximum(answered, 1)
            enough = answered >= scale.min_answered * total - EPSILON
            mean = np.where(enough & (answered > 0), mean, np.nan)
        values[scale.key] = mean * total if scale.method == "sum" else mean
        answered_of[scale.key] = answered
        total_of[scale.key] = total
    columns: list[list[A]] = [[] for _ in range(8)]
    index = np.arange(n)
    for scale in definition.scales:
        value = values[scale.key]
        band = np.zeros(n, dtype=np.int64)
        scored = ~np.isnan(value)
        unset = scored.copy()
        for position, b in enumerate(scale.bands):
            last = position == len(scale.bands) - 1
            inside = (value >= b.low - EPSILON) & (
                (value < b.high - EPSILON) | (last & (value <= b.high + EPSILON))
            )
            hit = unset & inside
            band[hit] = instrument.band_ids[(scale.key, b.key)]
            unset &= ~hit
        percentile = np.full(n, np.nan)
        t_score = np.full(n, np.nan)
        if scale.norm is not None:
            norm = scale.norm
            t_score = np.where(scored, 50.0 + 10.0 * (value - norm.mean) / norm.sd, np.nan)
            if norm.percentiles:
                xs = [s for s, _ in norm.percentiles]
                ps = [p for _, p in norm.percentiles]
                percentile = np.where(scored, np.interp(np.nan_to_num(value), xs, ps), np.nan)
            else:
                percentile = np.where(
                    scored, 100.0 * stats.norm.cdf(value, loc=norm.mean, scale=norm.sd), np.nan
                )
        for slot, column in enumerate(
            (
                index,
                np.full(n, instrument.scale_ids[scale.key]),
                value,
                answered_of[scale.key],
                np.full(n, total_of[scale.key]),
                band,
                percentile,
                t_score,
            )
        ):
            columns[slot].append(column)
    return tuple(np.concatenate(c) for c in columns)
