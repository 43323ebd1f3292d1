"""Hole 3: the journal is data from disk, and `undo` restores only what amanat saved.

A journal entry names its backup; a name amanat did not make (a path, `..`,
another file's backup, not a string at all) or a backup whose bytes are not
the ones saved is refused (exit 3, one line), the roadmap untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result

Run = Callable[..., Result]

JOURNAL = Path("roadmaps") / ".amanat" / "almaty.yaml.journal.json"
DAMAGED = (
    "amanat: roadmaps/.amanat/almaty.yaml.journal.json: the undo journal is damaged; "
    "nothing undone — the earlier versions are in roadmaps/.amanat\n"
)


@pytest.fixture
def written(run_cli: Run, folder: Path) -> bytes:
    """The roadmap after one amanat write (so the journal has an entry to tamper with)."""
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 0, result.stderr
    return (folder / "roadmaps" / "almaty.yaml").read_bytes()


def _tamper(change: Callable[[Any], Any]) -> None:
    entries = json.loads(JOURNAL.read_text(encoding="utf-8"))
    JOURNAL.write_text(json.dumps(change(entries)), encoding="utf-8")


def _set_last(field: str, value: object) -> Callable[[Any], Any]:
    def change(entries: Any) -> Any:
        entries[-1][field] = value
        return entries

    return change


@pytest.mark.parametrize(
    "value",
    [
        "/etc/passwd",
        "../../../etc/passwd",
        "..",
        "",
        "20250101T000000.000000Z-abcd--astana.yaml",  # another roadmap's backup
        "sub/20250101T000000.000000Z-abcd--almaty.yaml",
        5,
        None,
        ["x"],
        {"path": "/etc/passwd"},
    ],
)
def test_a_backup_amanat_did_not_name_is_refused(
    run_cli: Run, folder: Path, written: bytes, value: object
) -> None:
    _tamper(_set_last("backup", value))
    result = run_cli("undo")
    assert (result.exit_code, result.stderr) == (3, DAMAGED)
    assert (folder / "roadmaps" / "almaty.yaml").read_bytes() == written


@pytest.mark.parametrize(
    "change",
    [
        _set_last("sha256", 5),
        _set_last("backup_sha256", "not a hash"),
        _set_last("changes", "everything"),
        _set_last("changes", [{"kind": 1}]),
        lambda entries: {"entries": entries},
        lambda entries: [*entries[:-1], "an entry"],
        lambda entries: "[",
    ],
    ids=["sha-type", "backup-sha", "changes-type", "change-shape", "object", "string", "text"],
)
def test_a_journal_of_the_wrong_shape_is_refused(
    run_cli: Run, folder: Path, written: bytes, change: Callable[[Any], Any]
) -> None:
    _tamper(change)
    result = run_cli("undo")
    assert (result.exit_code, result.stderr) == (3, DAMAGED)
    assert (folder / "roadmaps" / "almaty.yaml").read_bytes() == written


def test_a_backup_with_other_bytes_is_refused(run_cli: Run, folder: Path, written: bytes) -> None:
    entries = json.loads(JOURNAL.read_text(encoding="utf-8"))
    backup = JOURNAL.parent / entries[-1]["backup"]
    backup.write_bytes(backup.read_bytes().replace(b"water", b"Water", 1))
    result = run_cli("undo")
    assert result.exit_code == 3
    assert result.stderr == (
        f"amanat: roadmaps/almaty.yaml: the backup {backup.name} is not what amanat saved; "
        "nothing undone\n"
    )
    assert (folder / "roadmaps" / "almaty.yaml").read_bytes() == written


def test_a_write_after_a_damaged_journal_starts_it_again(
    run_cli: Run, folder: Path, written: bytes
) -> None:
    _tamper(_set_last("backup", "/etc/passwd"))
    assert run_cli("unassign", "water").exit_code == 0
    result = run_cli("undo")
    assert result.exit_code == 0, result.stderr
    assert (folder / "roadmaps" / "almaty.yaml").read_bytes() == written
