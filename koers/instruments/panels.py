"""Extra panels on a result page, supplied by upper layers without instruments importing them.

Instruments and career information are siblings in the layers: neither may import the other.
An app above both (see koers.evaluation.apps) registers a function that turns an interest
profile ({"R": 3.9, "I": 2.1, …}) into a panel (a template and its context); the result page
of an interest inventory shows every registered panel under the profile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ResultPanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


InterestPanel = Callable[[Mapping[str, float]], ResultPanel | None]

_interest_panels: list[InterestPanel] = []


def register_interest_panel(panel: InterestPanel) -> None:
    """Show `panel` on every interest-inventory result page (once, however often registered)."""
    if panel not in _interest_panels:
        _interest_panels.append(panel)


def interest_panels(profile: Mapping[str, float]) -> list[ResultPanel]:
    """The panels for one interest profile; a panel that has nothing to show returns None."""
    panels = (panel(profile) for panel in _interest_panels)
    return [panel for panel in panels if panel is not None]
