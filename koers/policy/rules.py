"""Eligibility rules as data: a small JSON language, checked when a scheme is saved and evaluated
by one pure function that also explains its decision in Dutch and English.

A rule is one of

    {"all": [rule, ...]}                 every part holds (at least one part)
    {"any": [rule, ...]}                 at least one part holds (at least one part)
    {"not": rule}                        the part does not hold
    {"fact": "age", "op": ">=", "value": 25, "if_unknown": false}

`fact` names a person fact from FACTS; `op` is one of OPERATORS; `value` is a number for a
number fact, a choice (or, for `in`/`not_in`, a list of choices) for a choice fact.
`if_unknown` (default false) is the outcome when the person's fact is not known, e.g. "months
since the last voucher" for someone who never had one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.people.models import LifeStatusKind

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Fact:
    name: str
    label: Promise
    # None for a number fact; the allowed values (with labels) for a choice fact.
    choices: Mapping[str, Promise] | None = None

    @property
    def is_number(self) -> bool:
        return self.choices is None


FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in (
        Fact("age", _("age in years")),
        Fact("years_worked", _("years in paid work")),
        Fact("months_since_last_voucher", _("months since the last voucher of this scheme")),
        Fact(
            "life_status",
            _("life situation"),
            {str(value): label for value, label in LifeStatusKind.choices},
        ),
    )
}

Number = int | float
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
}
OPERATORS = tuple(_COMPARE)
ORDERING = ("<", "<=", ">", ">=")
REQUIREMENTS: dict[str, Promise] = {
    "==": _("must be %(value)s"),
    "!=": _("must not be %(value)s"),
    "<": _("must be less than %(value)s"),
    "<=": _("must be at most %(value)s"),
    ">": _("must be more than %(value)s"),
    ">=": _("must be at least %(value)s"),
    "in": _("must be one of %(value)s"),
    "not_in": _("must not be one of %(value)s"),
}


# --- validation ---------------------------------------------------------------------------------


def validate_rule(rule: Any) -> None:
    """Raise ValidationError listing every problem (with where it is) in a rule."""
    problems: list[str] = []
    _check(rule, "rule", problems)
    if problems:
        raise ValidationError(problems)


def _check(rule: Any, where: str, problems: list[str]) -> None:
    if not isinstance(rule, dict) or len(rule) == 0:
        problems.append(gettext("%(where)s: a rule must be an object.") % {"where": where})
        return
    if "fact" in rule:
        _check_comparison(rule, where, problems)
        return
    if len(rule) != 1:
        problems.append(
            gettext("%(where)s: use exactly one of all, any, not or fact.") % {"where": where}
        )
        return
    (key, parts), *_rest = rule.items()
    if key in ("all", "any"):
        if not isinstance(parts, list) or not parts:
            problems.append(
                gettext("%(where)s: %(key)s needs a list with at least one rule.")
                % {"where": where, "key": key}
            )
            return
        for index, part in enumerate(parts):
            _check(part, f"{where}.{key}[{index}]", problems)
    elif key == "not":
        _check(parts, f"{where}.not", problems)
    else:
        problems.append(
            gettext("%(where)s: unknown key %(key)r; use all, any, not or fact.")
            % {"where": where, "key": key}
        )


def _check_comparison(rule: dict[str, Any], where: str, problems: list[str]) -> None:
    extra = set(rule) - {"fact", "op", "value", "if_unknown"}
    if extra:
        problems.append(
            gettext("%(where)s: unknown key %(key)r in a comparison.")
            % {"where": where, "key": sorted(extra)[0]}
        )
    fact = FACTS.get(rule["fact"]) if isinstance(rule["fact"], str) else None
    if fact is None:
        problems.append(
            gettext("%(where)s: unknown fact %(fact)r; known facts are %(known)s.")
            % {"where": where, "fact": rule["fact"], "known": ", ".join(FACTS)}
        )
        return
    op, value = rule.get("op"), rule.get("value")
    if op not in _COMPARE:
        problems.append(
            gettext("%(where)s: unknown operator %(op)r; use one of %(known)s.")
            % {"where": where, "op": op, "known": " ".join(OPERATORS)}
        )
        return
    if not isinstance(rule.get("if_unknown", False), bool):
        problems.append(gettext("%(where)s: if_unknown must be true or false.") % {"where": where})
    if fact.is_number:
        if op in ("in", "not_in") or not _is_number(value):
            problems.append(
                gettext("%(where)s: %(fact)s is a number; compare it with a number.")
                % {"where": where, "fact": fact.name}
            )
        return
    assert fact.choices is not None  # noqa: S101 - a fact without choices is a number
    if op in ORDERING:
        problems.append(
            gettext("%(where)s: %(fact)s cannot be compared with %(op)s.")
            % {"where": where, "fact": fact.name, "op": op}
        )
        return
    values = value if op in ("in", "not_in") else [value]
    if not isinstance(values, list) or not values:
        problems.append(
            gettext("%(where)s: %(op)s needs a list of values.") % {"where": where, "op": op}
        )
        return
    for item in values:
        if item not in fact.choices:
            problems.append(
                gettext("%(where)s: %(value)r is not a value of %(fact)s; use one of %(known)s.")
                % {
                    "where": where,
                    "value": item,
                    "fact": fact.name,
                    "known": ", ".join(fact.choices),
                }
            )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    eligible: bool
    # Language code -> lines of explanation (indented with two spaces per level).
    explanation: dict[str, list[str]]


@dataclass(frozen=True)
class _Node:
    holds: bool
    # Builds the lines in the active language; called once per language.
    lines: Callable[[int], list[str]]


def evaluate(rule: Mapping[str, Any], facts: Mapping[str, Any]) -> Decision:
    """Decide a (valid) rule for a person's facts, with the reasons in every language.

    Every part is evaluated (no short cut), so the explanation names every condition.
    """
    node = _evaluate(rule, facts)
    explanation: dict[str, list[str]] = {}
    for language in LANGUAGES:
        with translation.override(language):
            verdict = (
                gettext("Eligible: the conditions of the scheme are met.")
                if node.holds
                else gettext("Not eligible: the conditions of the scheme are not met.")
            )
            explanation[language] = [verdict, *node.lines(1)]
    return Decision(eligible=node.holds, explanation=explanation)


def _evaluate(rule: Mapping[str, Any], facts: Mapping[str, Any]) -> _Node:
    if "fact" in rule:
        return _comparison(rule, facts)
    key, parts = next(iter(rule.items()))
    if key == "not":
        inner = _evaluate(parts, facts)
        return _Node(
            not inner.holds,
            lambda depth: [
                _indent(depth, gettext("The following must NOT hold:")),
                *inner.lines(depth + 1),
            ],
        )
    children = [_evaluate(part, facts) for part in parts]
    holds = all(c.holds for c in children) if key == "all" else any(c.holds for c in children)

    def lines(depth: int) -> list[str]:
        heading = (
            gettext("All of these must hold:")
            if key == "all"
            else gettext("At least one of these must hold:")
        )
        return [_indent(depth, heading), *(line for c in children for line in c.lines(depth + 1))]

    return _Node(holds, lines)


def _comparison(rule: Mapping[str, Any], facts: Mapping[str, Any]) -> _Node:
    fact = FACTS[rule["fact"]]
    op, expected = rule["op"], rule["value"]
    actual = facts.get(fact.name)
    known = actual is not None
    holds = _COMPARE[op](actual, expected) if known else bool(rule.get("if_unknown", False))

    def lines(depth: int) -> list[str]:
        requirement = str(REQUIREMENTS[op]) % {"value": _show(fact, expected)}
        verdict = gettext("met") if holds else gettext("not met")
        if known:
            text = gettext("%(fact)s is %(actual)s and %(requirement)s: %(verdict)s.") % {
                "fact": fact.label,
                "actual": _show(fact, actual),
                "requirement": requirement,
                "verdict": verdict,
            }
        else:
            text = gettext("%(fact)s is not known and %(requirement)s: %(verdict)s.") % {
                "fact": fact.label,
                "requirement": requirement,
                "verdict": verdict,
            }
        return [_indent(depth, text[0].upper() + text[1:])]

    return _Node(holds, lines)


def _show(fact: Fact, value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_show(fact, item) for item in value)
    if fact.choices is not None:
        return str(fact.choices.get(value, value)).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(round(value, 1)) if isinstance(value, float) else str(value)


def _indent(depth: int, text: str) -> str:
    return "  " * (depth - 1) + text
