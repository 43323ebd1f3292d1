"""Hole 12 (second half): a write killed between the roadmap and its journal stays undoable.

The journal entry is written before the roadmap is replaced; an entry whose
write never landed (the file still holds the version before it) is dropped by
the next command that reads the journal under the lock.  Each test kills a
real process (`os._exit`, no clean-up runs) at one moment of a write.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.security.conftest import run_process

Run = Callable[..., Result]

KILLED = 137

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the child script patches a POSIX replace")

# The child dies just before or just after the roadmap itself is replaced.
CHILD = """
import os, sys
roadmap, moment = os.path.realpath(sys.argv[1]), sys.argv[2]
real_replace = os.replace
def replace(src, dst, **where):  # the parse cache passes src_dir_fd and dst_dir_fd
    if os.path.realpath(dst) == roadmap and moment == "before":
        os._exit(137)
    real_replace(src, dst, **where)
    if os.path.realpath(dst) == roadmap:
        os._exit(137)
os.replace = replace
from amanat_cli.cli import main
main(sys.argv[3:])
"""


def _killed_write(folder: Path, moment: str, *args: str) -> None:
    roadmap = folder / "roadmaps" / "almaty.yaml"
    done = run_process([sys.executable, "-c", CHILD, str(roadmap), moment, *args], folder)
    assert done.returncode == KILLED, done.stderr


def test_killed_after_the_roadmap_is_written_undo_takes_it_back(run_cli: Run, folder: Path) -> None:
    roadmap = folder / "roadmaps" / "almaty.yaml"
    before = roadmap.read_bytes()
    _killed_write(folder, "after", "assign", "water", "ospanov-b")
    assert roadmap.read_bytes() != before  # the write landed, then the process died
    result = run_cli("undo")
    assert result.exit_code == 0, result.stderr
    assert roadmap.read_bytes() == before


def test_killed_before_the_roadmap_is_written_the_earlier_write_stays_undoable(
    run_cli: Run, folder: Path
) -> None:
    roadmap = folder / "roadmaps" / "almaty.yaml"
    before = roadmap.read_bytes()
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    first = roadmap.read_bytes()
    _killed_write(
        folder, "before", "record", "health-polyclinics-opened", "3", "--date", "2025-06-15"
    )
    assert roadmap.read_bytes() == first  # the second write never landed
    listed = run_cli("undo", "--list")
    assert listed.exit_code == 0 and "measurement" not in listed.stdout
    assert run_cli("undo").exit_code == 0
    assert roadmap.read_bytes() == before
    assert run_cli("undo").exit_code == 2  # nothing more: the killed write left no entry


def test_an_undo_killed_before_the_journal_is_shortened_is_complete(
    run_cli: Run, folder: Path
) -> None:
    roadmap = folder / "roadmaps" / "almaty.yaml"
    before = roadmap.read_bytes()
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    _killed_write(folder, "after", "undo")
    assert roadmap.read_bytes() == before
    again = run_cli("undo")
    assert again.exit_code == 2, again.stderr  # the killed undo did take it back
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    assert run_cli("undo").exit_code == 0
    assert roadmap.read_bytes() == before
