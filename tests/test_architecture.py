"""Interfaces stay thin: views, API endpoints and tasks never query models directly; they call
selectors and services, which is where scoping, auditing and query shape live."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KOERS = Path(__file__).resolve().parent.parent / "koers"
INTERFACE_NAMES = {"views.py", "api.py", "tasks.py"}
# Packages whose every module is an interface (a views/ package split by page, say). The
# `koers.api` app is not one: its selectors and services for tokens are domain code.
INTERFACE_PACKAGES = {"views", "tasks"}


def interface_modules() -> list[Path]:
    modules = []
    for path in KOERS.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        if path.name in INTERFACE_NAMES or INTERFACE_PACKAGES & set(path.parent.parts[-1:]):
            modules.append(path)
    return sorted(modules)


def direct_queries(source: str) -> list[int]:
    """Line numbers where code reaches for a model manager (`.objects`)."""
    tree = ast.parse(source)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_interface_modules_are_found():
    names = {p.relative_to(KOERS).as_posix() for p in interface_modules()}
    assert {"core/views.py", "organisations/views.py", "organisations/tasks.py"} <= names


@pytest.mark.parametrize("path", interface_modules(), ids=lambda p: p.relative_to(KOERS).as_posix())
def test_interfaces_never_touch_model_managers(path):
    assert direct_queries(path.read_text()) == []


def test_the_check_catches_a_direct_query():
    leaky = "def view(request):\n    return Person.objects.get(pk=request.GET['id'])\n"
    assert direct_queries(leaky) == [2]


def test_import_contracts_hold():
    # The domain never imports interfaces; apps depend one way (pyproject [tool.importlinter]).
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(linter)], capture_output=True, text=True, check=False, cwd=KOERS.parent
    )
    assert result.returncode == 0, result.stdout[-2000:]
