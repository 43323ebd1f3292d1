"""Shared by the attacks of issue 12: a working folder with a copy of the sample, whole processes.

Most attacks run in-process (`run_cli`); those that need a real process (a
device or a pipe as standard output, a kill at a chosen moment) run the
installed `amanat` or `python -c` as a child.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

AMANAT = Path(sys.executable).with_name("amanat.exe" if os.name == "nt" else "amanat")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder for the test, holding roadmaps/almaty.yaml (a copy of the sample)."""
    work = tmp_path / "work"
    (work / "roadmaps").mkdir(parents=True)
    shutil.copyfile(SAMPLE, work / "roadmaps" / "almaty.yaml")
    monkeypatch.chdir(work)
    return work


def run_process(
    args: Sequence[str], cwd: Path, *, stdout: int | None = subprocess.PIPE, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """A whole process in `cwd` with the test's environment (its cache folder, English)."""
    return subprocess.run(
        list(args),
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
        timeout=timeout,
        check=False,
    )
