"""Hole 9: what killed or failed writes leave behind is cleaned up, and `check` says so.

Every temp file of a roadmap's write is made under its lock, so one found by
the next command holding that lock belongs to a dead process: it is removed
whatever its age (it used to stay for 600 s, 21 × 4 MB in one red-team run).
A write that fails (a full disk) takes its backup back out of `.amanat/`.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.write import safewrite
from tests.conftest import Result
from tests.security.conftest import run_process

Run = Callable[..., Result]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the child script patches a POSIX replace")

# The child dies (no clean-up runs) just before it renames the temp file named by argv[1].
CHILD = """
import os, sys
victim, real_replace = sys.argv[1], os.replace
def replace(src, dst, **where):  # the parse cache passes src_dir_fd and dst_dir_fd
    if os.path.basename(dst) == victim:
        os._exit(137)
    real_replace(src, dst, **where)
os.replace = replace
from amanat_cli.cli import main
main(sys.argv[2:])
"""


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(safewrite.TEMP_SUFFIX))


def _killed_write(folder: Path, renaming: str) -> None:
    args = ["record", "health-polyclinics-opened", "3", "--date", "2025-06-15"]
    done = run_process([sys.executable, "-c", CHILD, renaming, *args], folder)
    assert done.returncode == 137, done.stderr


@pytest.mark.parametrize(
    ("renaming", "where"),
    [("almaty.yaml", "roadmaps"), ("almaty.yaml.journal.json", "roadmaps/.amanat")],
    ids=["roadmap", "journal"],
)
def test_the_next_write_removes_what_a_killed_one_left(
    run_cli: Run, folder: Path, renaming: str, where: str
) -> None:
    _killed_write(folder, renaming)
    assert len(_temps(folder / where)) == 1  # left by the killed write, seconds old
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    assert _temps(folder / "roadmaps") == []
    assert _temps(folder / "roadmaps" / ".amanat") == []


def test_other_files_temps_are_left_to_their_writers(run_cli: Run, folder: Path) -> None:
    # astana.yaml's writer holds astana.yaml's lock, not ours: it may be alive.
    theirs = [
        folder / "roadmaps" / f".astana.yaml.0123456789ab{safewrite.TEMP_SUFFIX}",
        folder / "roadmaps" / f".xalmaty.yaml.0123456789ab{safewrite.TEMP_SUFFIX}",
    ]
    for temp in theirs:
        temp.write_bytes(b"half")
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    assert all(temp.exists() for temp in theirs)


def test_check_mentions_leftovers(run_cli: Run, folder: Path) -> None:
    _killed_write(folder, "almaty.yaml")
    (leftover,) = _temps(folder / "roadmaps")
    size = -(-(folder / "roadmaps" / leftover).stat().st_size // 1024)
    result = run_cli("check", "--as-of", "2025-06-30")
    warning = (
        f"roadmaps/almaty.yaml: warning: 1 temp file left by an interrupted amanat write "
        f"({size} KB): {leftover}; the next write of this file removes it [leftover]"
    )
    assert warning in result.stdout.splitlines()
    assert result.exit_code == 0  # a warning: the roadmap itself is fine
    as_json = json.loads(run_cli("check", "--format", "json").stdout)
    assert [p["rule"] for p in as_json["problems"]].count("leftover") == 1
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    assert "[leftover]" not in run_cli("check").stdout


def test_a_full_disk_takes_the_backup_back(
    run_cli: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    private = folder / "roadmaps" / ".amanat"
    before = sorted(p.name for p in private.iterdir())
    journal = (private / "almaty.yaml.journal.json").read_bytes()
    real_write = os.write
    large = 0

    def full(fd: int, data: bytes) -> int:
        nonlocal large
        if len(data) > 50_000:  # the backup, then the roadmap's new text (not the journal)
            large += 1
            if large == 2:  # the backup is saved; half the new text lands, then the disk is full
                real_write(fd, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    roadmap = folder / "roadmaps" / "almaty.yaml"
    written = roadmap.read_bytes()
    monkeypatch.setattr(os, "write", full)
    result = run_cli("unassign", "water")
    monkeypatch.setattr(os, "write", real_write)
    assert (large, result.exit_code) == (2, 3)
    assert "the disk is full" in result.stderr
    assert roadmap.read_bytes() == written
    assert sorted(p.name for p in private.iterdir()) == before
    assert (private / "almaty.yaml.journal.json").read_bytes() == journal
