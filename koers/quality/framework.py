"""Framework definitions as data: read a YAML/JSON file, validate it, check its indicators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from koers.quality.indicators import INDICATORS

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
SCHEMA = json.loads((FRAMEWORKS_DIR / "schema.json").read_text(encoding="utf-8"))


class FrameworkError(ValueError):
    """A framework file that cannot be loaded; the message names the file, the path and why."""


def _where(path: list[Any]) -> str:
    return "/".join(str(part) for part in path) or "(top)"


def framework_problems(definition: Any) -> list[str]:
    """Every problem with a definition, as 'path: problem' lines (empty when it is valid)."""
    validator = Draft202012Validator(SCHEMA)
    problems = [
        f"{_where(list(error.absolute_path))}: {error.message}"
        for error in sorted(validator.iter_errors(definition), key=lambda e: list(e.path))
    ]
    if problems:
        return problems
    seen: set[str] = set()
    for p, principle in enumerate(definition["principles"]):
        for c, criterion in enumerate(principle["criteria"]):
            where = f"principles/{p}/criteria/{c}"
            if criterion["key"] in seen:
                problems.append(f"{where}/key: {criterion['key']!r} is used twice")
            seen.add(criterion["key"])
            code = criterion.get("indicator")
            if code is not None and code not in INDICATORS:
                problems.append(f"{where}/indicator: unknown indicator {code!r}")
    return problems


def framework_read(path: Path) -> dict[str, Any]:
    """Read and check a framework file; raise FrameworkError naming the file and every problem."""
    try:
        text = path.read_text(encoding="utf-8")
        definition = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise FrameworkError(f"{path}: {error}") from error
    problems = framework_problems(definition)
    if problems:
        raise FrameworkError("\n".join(f"{path}: {problem}" for problem in problems))
    return definition  # type: ignore[no-any-return]
