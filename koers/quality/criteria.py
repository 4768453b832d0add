"""Criteria of a self-evaluation: read from the framework definition, judged against their
threshold or answer, and summed up per principle. Pure functions over small, loaded data."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.quality.indicators import INDICATORS

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
COMPARISON_LABELS: dict[str, Promise] = {
    ">=": _("at least"),
    "<=": _("at most"),
    ">": _("more than"),
    "<": _("less than"),
}

EVIDENCE_LABELS: dict[str, Promise] = {
    "note": _("Needs a note as evidence"),
    "link": _("Needs a link as evidence"),
    "document": _("Needs a link to a document as evidence"),
}


class PrincipleStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")


def localised(text: Mapping[str, str], language: str | None = None) -> str:
    """The text in the language asked (default: the active one), else English, else any."""
    code = (language or get_language() or "nl")[:2]
    return text.get(code) or text.get("en") or next(iter(text.values()), "")


def criterion_met(value: float | None, comparison: str, threshold: float) -> bool | None:
    """Met, not met, or None when there is no value (no data is never 'not met')."""
    if value is None:
        return None
    return COMPARISONS[comparison](value, threshold)


def criteria_of(
    definition: Mapping[str, Any],
) -> Iterable[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(position, principle, criterion) for every criterion, in the framework's order."""
    position = 0
    for principle in definition["principles"]:
        for criterion in principle["criteria"]:
            position += 1
            yield position, principle, criterion


def criterion_definition(definition: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    return next((c for _p, _pr, c in criteria_of(definition) if c["key"] == key), None)


def option_meets(criterion: Mapping[str, Any], answer: str) -> bool | None:
    """Whether an answer meets a self-assessed criterion; None for an answer not on offer."""
    return next((o["meets"] for o in criterion["options"] if o["value"] == answer), None)


@dataclass
class CriterionView:
    principle_key: str
    key: str
    text: str
    kind: str
    result: Any  # the CriterionResult row
    indicator: str = ""
    indicator_title: str | Promise = ""
    unit: str | Promise = ""
    comparison: str = ""
    threshold: float | None = None
    evidence: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    previous: Any = None  # the previous finalised evaluation's result for the same key

    @property
    def is_computed(self) -> bool:
        return self.kind == "computed"

    @property
    def comparison_label(self) -> str | Promise:
        return COMPARISON_LABELS.get(self.comparison, "")

    @property
    def met(self) -> bool | None:
        met: bool | None = self.result.met
        return met

    @property
    def answer_label(self) -> str:
        return dict(self.options).get(self.result.answer, "")

    @property
    def evidence_label(self) -> str | Promise:
        return EVIDENCE_LABELS.get(self.evidence, "")

    @property
    def previous_label(self) -> str:
        """The previous finalised result, as shown: a value, an answer, or empty."""
        if self.previous is None:
            return ""
        if self.is_computed:
            value = self.previous.value
            return "" if value is None else f"{floatformat(value, '-2')} {self.unit}".strip()
        return dict(self.options).get(self.previous.answer, "")

    @property
    def status_label(self) -> Promise:
        if self.met is True:
            return _("Met")
        if self.met is False:
            return _("Not met")
        return _("No data") if self.is_computed else _("Not answered")


@dataclass
class PrincipleView:
    key: str
    name: str
    criteria: list[CriterionView]
    previous_percent: float | None = None

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.criteria if c.met is True)

    @property
    def percent(self) -> float:
        return 100.0 * self.met_count / self.total if self.total else 0.0

    @property
    def status(self) -> PrincipleStatus:
        if all(c.met is None for c in self.criteria):
            return PrincipleStatus.NOT_STARTED
        if all(c.met is True for c in self.criteria):
            return PrincipleStatus.MET
        return PrincipleStatus.IN_PROGRESS

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def principle_views(
    definition: Mapping[str, Any],
    results: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> list[PrincipleView]:
    """Every principle with its criteria, joined to the stored results (by criterion key) and,
    when given, to the previous finalised evaluation's results."""
    views: dict[str, PrincipleView] = {}
    for _position, principle, criterion in criteria_of(definition):
        key = principle["key"]
        if key not in views:
            views[key] = PrincipleView(key, localised(principle["name"], language), [])
        views[key].criteria.append(
            criterion_view(key, criterion, results.get(criterion["key"]), previous, language)
        )
    if previous is not None:
        for view in views.values():
            earlier = [previous[c.key] for c in view.criteria if c.key in previous]
            if earlier:
                met = sum(1 for r in earlier if r.met is True)
                view.previous_percent = 100.0 * met / len(earlier)
    return list(views.values())


def criterion_view(
    principle_key: str,
    criterion: Mapping[str, Any],
    result: Any,
    previous: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> CriterionView:
    view = CriterionView(
        principle_key=principle_key,
        key=criterion["key"],
        text=localised(criterion["text"], language),
        kind=criterion["kind"],
        result=result,
        previous=(previous or {}).get(criterion["key"]),
    )
    if view.is_computed:
        indicator = INDICATORS[criterion["indicator"]]
        view.indicator = indicator.code
        view.indicator_title = indicator.title
        view.unit = indicator.unit_label
        view.comparison = criterion["comparison"]
        view.threshold = criterion["threshold"]
    else:
        view.evidence = criterion["evidence"]
        view.options = [(o["value"], localised(o["label"], language)) for o in criterion["options"]]
    return view
