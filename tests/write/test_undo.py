"""`undo` says what it took back, and `undo --list` what it still can (issue 11, item 6).

Each journal entry keeps what its write changed in the model's terms
(`compute.modeldiff`), taken by the write engine from the plan, so any write
command, present or future, is described without saying anything itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from amanat_cli.compute.modeldiff import Change
from amanat_cli.model import Item, Pledge, Roadmap, Status
from amanat_cli.read.store import open_store
from amanat_cli.write import safewrite
from amanat_cli.write.changes import Plan, write_change
from amanat_cli.write.edit import ItemEdit, SetKey, update_item
from tests.conftest import Result
from tests.write.test_write_commands import BASE

Run = Callable[..., Result]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def test_undo_says_what_it_took_back(run_cli: Run, roadmap: Path) -> None:
    assert run_cli("unassign", "health-polyclinics-opened", "-r", str(roadmap)).exit_code == 0
    result = run_cli("undo", str(roadmap))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "undid: owner of health-polyclinics-opened changed from nurlanova-g to —",
        f"restored {roadmap} to the version before the last amanat write "
        "(0 earlier writes can still be undone)",
    ]


def test_undo_speaks_the_users_language(run_cli: Run, roadmap: Path) -> None:
    run_cli("record", "roads-km", "12", "--date", "2025-06-01", "-r", str(roadmap))
    result = run_cli("undo", str(roadmap), "--lang", "ru")
    assert result.stdout.splitlines()[0] == "отменено: roads-km: добавлен замер 12 на 01.06.2025"
    run_cli("record", "roads-km", "12", "--date", "2025-06-01", "-r", str(roadmap))
    kazakh = run_cli("undo", str(roadmap), "--lang", "kk")
    assert kazakh.stdout.splitlines()[0].startswith("болдырылмады: roads-km: ")


def test_list_shows_what_can_be_undone_newest_first(run_cli: Run, roadmap: Path) -> None:
    empty = run_cli("undo", "--list", str(roadmap))
    assert (empty.exit_code, empty.stdout) == (0, f"no amanat write of {roadmap} to undo\n")
    run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    run_cli("set-status", "roads-repair", "in_progress", "-r", str(roadmap))
    result = run_cli("undo", "--list", str(roadmap))
    assert result.exit_code == 0, result.stderr
    heading, *lines = result.stdout.splitlines()
    assert heading == f"2 writes of {roadmap} can be undone, newest first:"
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d"
    assert re.fullmatch(rf"  1\. {when}  status of roads-repair changed from .+ to .+", lines[0])
    assert re.fullmatch(rf"  2\. {when}  owner of roads-km changed from — to nurlanova-g", lines[1])
    assert len(lines) == 2
    run_cli("undo", str(roadmap))
    assert run_cli("undo", "--list", str(roadmap)).stdout.startswith("1 write of ")


def test_list_after_a_hand_edit_says_why_nothing_can_be(run_cli: Run, roadmap: Path) -> None:
    run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    roadmap.write_text(roadmap.read_text("utf-8") + "# by hand\n", "utf-8")
    result = run_cli("undo", "--list", str(roadmap))
    assert result.exit_code == 3
    assert "changed since amanat wrote it" in result.stderr


def test_any_plan_is_described_in_the_journal(roadmap: Path) -> None:
    """A planner the journal knows nothing about still gets its changes recorded."""

    def plan(found: Roadmap, today: date) -> Plan:
        def cancel(item: Item) -> Item:
            assert isinstance(item, Pledge)
            return replace(item, status=Status.CANCELLED)

        edit = ItemEdit("roads-repair", SetKey((), "status", "cancelled"))
        return Plan([edit], update_item(found, "roads-repair", cancel), "cancelled")

    write_change(open_store(), roadmap, plan, dry_run=False, today=date(2025, 7, 1))
    (entry,) = safewrite.read_journal(roadmap).entries
    assert entry.changes == (
        Change("status-changed", "roads-repair", "status", "planned", "cancelled"),
    )
