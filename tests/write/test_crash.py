"""A write killed at any moment leaves the old file or the new one, whole and loadable."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from amanat_cli.read.loader import load_bytes
from amanat_cli.write.edit import AppendItem, apply_edits, item_path, tree_of
from tests.conftest import REPO
from tests.write.test_write_commands import BASE

KILLS = 120

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX-only"),
]

# The child reads the file, says "ready", then does the real locked, checked, backed-up write.
CHILD = """
import sys
from pathlib import Path
from amanat_cli.write import safewrite
path, new = Path(sys.argv[1]), Path(sys.argv[2]).read_bytes()
with safewrite.locked(path):
    snapshot = safewrite.read_snapshot(path)
    print("ready", flush=True)
    safewrite.commit(snapshot, new)
print("done", flush=True)
"""


def _large_versions() -> tuple[bytes, bytes]:
    """A ~450 KB valid roadmap and the same with one more measurement."""
    lines = [
        f"              - {{date: {2000 + n // 365:04d}-01-01, value: {n}, source: Источник №{n}}}"
        for n in range(6000)
    ]
    text = BASE.replace(
        "            target: 100\n",
        "            target: 100\n            values:\n" + "\n".join(lines) + "\n",
    )
    old = text.encode("utf-8")
    path = item_path(tree_of(old, "r.yaml"), "roads-km")
    item = {"date": "2025-06-30", "value": 7}
    new = apply_edits(old, "r.yaml", [AppendItem(path, "values", item)])
    return old, new


def test_sigkill_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    old, new = _large_versions()
    for data in (old, new):
        roadmap, problems = load_bytes(data, "r.yaml")
        assert roadmap is not None and not [p for p in problems if p.severity == "error"]
    path, new_file = tmp_path / "r.yaml", tmp_path / "new.bin"
    new_file.write_bytes(new)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    rng = random.Random(20250630)
    outcomes = {"old": 0, "new": 0}
    window = 0.0  # seconds; set below to the measured length of a whole write
    for trial in range(KILLS):
        path.write_bytes(old)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(new_file)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        started = time.perf_counter()
        if trial < 5:  # let a few finish, to learn how long a write takes here
            assert child.stdout.readline() == b"done\n"
            window = max(window, (time.perf_counter() - started) * 1.2)
            child.wait()
        else:
            time.sleep(rng.uniform(0, window))
            child.send_signal(signal.SIGKILL)
            child.wait()
        child.stdout.close()
        data = path.read_bytes()
        assert data in (old, new), f"trial {trial}: the file is neither old nor new"
        outcomes["old" if data == old else "new"] += 1
    print(f"\ncrash test: {KILLS} writes, {KILLS - 5} killed within {window:.3f}s: {outcomes}")
    # Both outcomes happened, so kills did land before and after the replace.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
