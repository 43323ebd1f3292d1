"""The core imports neither Typer, Rich nor Click (docs/ARCHITECTURE.md).

Each module is imported in a fresh interpreter, so what another test already
imported cannot hide a violation.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

CORE_MODULES = (
    "model",
    "loader",
    "yamltree",
    "rules",
    "scope",
    "progress",
    "report",
    "errors",
    "i18n",
)
CLI_LIBRARIES = ("typer", "rich", "click")

PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print(" ".join(name for name in sys.argv[2:] if name in sys.modules))
"""


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_imports_no_cli_library(name: str) -> None:
    module = f"amanat_cli.{name}"
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module, *CLI_LIBRARIES],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], f"{module} imports {result.stdout.strip()}"


def test_probe_sees_a_cli_library() -> None:
    """The probe itself works: the CLI module does pull Typer in."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "amanat_cli.cli.app", *CLI_LIBRARIES],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "typer" in result.stdout.split()
