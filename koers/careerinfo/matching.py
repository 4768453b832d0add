"""Matching as pure functions: interest congruence and the skills gap. No database, no Django.

Interest fit is the Pearson correlation between a person's six RIASEC scores and an
occupation's. A correlation compares the *shape* of two profiles, so it does not matter that a
questionnaire scores 8 to 40 and O*NET scores 1 to 7, or that someone answers everything high.
It runs from -1 (opposite interests) to 1 (same ordering and spacing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

RIASEC = ("R", "I", "A", "S", "E", "C")


def profile_scores(profile: Mapping[str, float]) -> list[float]:
    """The six scores in R-I-A-S-E-C order; ValueError when one is missing or not a number."""
    missing = [letter for letter in RIASEC if letter not in profile]
    if missing:
        raise ValueError(f"profile lacks {', '.join(missing)}")
    scores = [float(profile[letter]) for letter in RIASEC]
    if not all(math.isfinite(score) for score in scores):
        raise ValueError("profile scores must be finite numbers")
    return scores


def unit_centred(scores: list[float]) -> list[float]:
    """Scores minus their mean, scaled to length 1 (all zeros for a flat profile).

    The dot product of two such vectors is their Pearson correlation, which is what lets the
    database rank occupations with a weighted sum of stored columns.
    """
    mean = sum(scores) / len(scores)
    centred = [score - mean for score in scores]
    length = math.sqrt(sum(value * value for value in centred))
    return [value / length if length else 0.0 for value in centred]


def congruence(person: Mapping[str, float], occupation: Mapping[str, float]) -> float:
    """Pearson correlation of two RIASEC profiles (0.0 when either is flat)."""
    a = unit_centred(profile_scores(person))
    b = unit_centred(profile_scores(occupation))
    return sum(x * y for x, y in zip(a, b, strict=True))


def holland_code(profile: Mapping[str, float], size: int = 3) -> str:
    """The letters of the highest scores, highest first; ties keep R-I-A-S-E-C order."""
    scores = dict(zip(RIASEC, profile_scores(profile), strict=True))
    return "".join(sorted(RIASEC, key=lambda letter: -scores[letter])[:size])


def shared_interests(person: Mapping[str, float], occupation_code: str, size: int = 3) -> list[str]:
    """The person's top interest types that the occupation's Holland code also has, the
    person's strongest first: the "why" behind a suggestion."""
    return [letter for letter in holland_code(person, size) if letter in occupation_code[:size]]


def skills_gap(essential: Iterable[int], declared: Iterable[int]) -> set[int]:
    """The essential skills of an occupation that a person has not declared."""
    return set(essential) - set(declared)
