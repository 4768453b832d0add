"""Extension point for erasure: an app above privacy (which privacy may not import) that keeps
data about a person registers a function that erases it; `person_erase` runs every one inside
its transaction. Register in the app's AppConfig.ready():

    from koers.privacy.erasers import register_eraser
    register_eraser("api", api_person_erase)   # (person_id: int) -> None
"""

from __future__ import annotations

from collections.abc import Callable

Eraser = Callable[[int], None]

_erasers: dict[str, Eraser] = {}


def register_eraser(section: str, eraser: Eraser) -> None:
    """Add `eraser` under `section`; registering a section twice replaces it (reloads)."""
    _erasers[section] = eraser


def run_erasers(person_id: int) -> None:
    for eraser in _erasers.values():
        eraser(person_id)
