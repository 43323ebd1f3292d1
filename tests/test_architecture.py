"""The pipeline of docs/ARCHITECTURE.md holds: import-linter's contracts in pyproject.toml.

`lint-imports` runs in the test command; these tests show that its contracts
pass on the package and fail on each kind of violation they are there to catch.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "amanat_cli"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists() and shutil.which("lint-imports") is None,
    reason="import-linter is not installed (pip install -e '.[test]')",
)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package under `root`, with `root`'s pyproject.toml."""
    program = str(LINT_IMPORTS) if LINT_IMPORTS.exists() else "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy, not the installed package
    return subprocess.run(
        [program, "--no-cache", "--no-logo"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(PACKAGE, root / "amanat_cli", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_package_keeps_every_contract(tmp_path: Path) -> None:
    done = _lint_imports(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


VIOLATIONS = {
    "upward import": ("read/loader.py", "from amanat_cli.render import labels", "pipeline"),
    "write and render are siblings": (
        "render/formats.py",
        "from amanat_cli.write import edit",
        "pipeline",
    ),
    "a module outside every layer": ("stray.py", "", "pipeline"),
    "the core imports Rich": ("compute/progress.py", "import rich", "neither Typer"),
    "the core imports Click": ("write/safewrite.py", "import click", "neither Typer"),
    "a view imports Typer": ("render/summary.py", "import typer", "Only cli/"),
    "a loop inside a folder": ("read/yamltree.py", "from amanat_cli.read import loader", "loops"),
    "the core names an exit code": (
        "write/safewrite.py",
        "from amanat_cli.cli.exits import ExitCode",
        "pipeline",
    ),
}


@pytest.mark.parametrize("case", VIOLATIONS)
def test_a_violation_breaks_its_contract(tmp_path: Path, case: str) -> None:
    module, statement, contract = VIOLATIONS[case]
    root = _copy(tmp_path)
    path = root / "amanat_cli" / module
    text = path.read_text("utf-8") if path.exists() else '"""A module nobody placed."""\n'
    path.write_text(text + f"\n{statement}\n", encoding="utf-8")
    done = _lint_imports(root)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = [line for line in done.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(contract in line for line in broken), done.stdout


def test_below_cli_every_import_is_a_statement_the_linter_sees() -> None:
    """import-linter reads import statements; `importlib.import_module` would slip past it."""
    dynamic = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue  # the app loads commands and exporters by name, on purpose
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and (
                getattr(node.func, "attr", None) == "import_module"
                or getattr(node.func, "id", None) in ("__import__", "import_module")
            ):
                dynamic.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    assert dynamic == []
