"""Many `amanat` writers on one roadmap at once: the lock keeps every write."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from amanat_cli.check.rules import check
from amanat_cli.read.store import load_file
from tests.conftest import REPO
from tests.write.test_write_commands import BASE

PROCESSES = 8
WRITES_EACH = 25

pytestmark = pytest.mark.slow

# Each process runs the `amanat record` command WRITES_EACH times in-process (one
# interpreter start per process keeps the test fast; every call takes the lock itself).
CHILD = """
import sys
from datetime import date, timedelta
import typer
from amanat_cli.cli.app import Run, build_app
from amanat_cli.errors import AmanatError
command = typer.main.get_command(build_app())  # built once: Typer's build dominates a call
path, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
failures = 0
for n in range(count):
    day = date(2024, 1, 1) + timedelta(days=worker * count + n)
    args = ["record", "roads-km", str(worker * 1000 + n), "--date", day.isoformat(),
            "--source", f"worker {worker}", "-r", path]
    try:
        command.main(args, prog_name="amanat", standalone_mode=False, obj=Run(date.today()))
    except AmanatError as error:
        print(error.message, file=sys.stderr)
        failures += 1
sys.exit(failures)
"""


def test_parallel_records_all_land(tmp_path: Path) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(BASE, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO),
           "AMANAT_LANG": "en"}  # fmt: skip
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(worker), str(WRITES_EACH)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for worker in range(PROCESSES)
    ]
    errors = [child.communicate(timeout=300)[1].decode() for child in children]
    assert [child.returncode for child in children] == [0] * PROCESSES, errors

    roadmap, problems = load_file(path)
    assert roadmap is not None and not [p for p in problems if p.severity == "error"]
    assert not [p for p in check([roadmap], today=date(2025, 6, 30)) if p.severity == "error"]
    recorded = {(m.date, m.value, m.source) for m in roadmap.indicators()[-1].values}
    expected = {
        (date(2024, 1, 1) + timedelta(days=w * WRITES_EACH + n), w * 1000 + n, f"worker {w}")
        for w in range(PROCESSES)
        for n in range(WRITES_EACH)
    }
    assert recorded == expected
    assert len(roadmap.indicators()[-1].values) == PROCESSES * WRITES_EACH
