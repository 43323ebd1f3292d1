"""Atomic, locked, checked writes: a failure never damages the roadmap."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amanat_cli.errors import NotFound, WriteRefused
from amanat_cli.write import edit, safewrite
from tests.write.test_write_commands import BASE

Run = Callable[..., object]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(safewrite.TEMP_SUFFIX))


def test_atomic_write_keeps_permissions_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    safewrite.atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failing_write", [1, 2], ids=["backup", "roadmap"])
def test_full_disk_leaves_original_and_no_temp(
    run_cli: Run, roadmap: Path, monkeypatch: pytest.MonkeyPatch, failing_write: int
) -> None:
    """The disk fills while the backup (1st large write) or the new roadmap (2nd) is written."""
    real_write = os.write
    large_writes = 0

    def full(fd: int, data: bytes) -> int:
        nonlocal large_writes
        if len(data) > 1000:  # the roadmap's bytes, not the journal
            large_writes += 1
            if large_writes == failing_write:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    assert result.exit_code == 3
    assert result.stderr == (
        f"amanat: {roadmap}: cannot write (the disk is full); the file is unchanged\n"
    )
    assert roadmap.read_text("utf-8") == BASE
    assert _leftovers(roadmap.parent) == []
    assert _leftovers(roadmap.parent / ".amanat") == []


def test_failed_replace_cleans_the_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteRefused, match="permission denied"):
        safewrite.atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_read_only_file_is_refused(run_cli: Run, roadmap: Path) -> None:
    roadmap.chmod(0o444)
    try:
        result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    finally:
        roadmap.chmod(0o644)
    assert result.exit_code == 3
    assert result.stderr == f"amanat: {roadmap}: the file is read-only; nothing written\n"
    assert roadmap.read_text("utf-8") == BASE


@pytest.mark.skipif(
    os.name == "nt" or os.geteuid() == 0, reason="root or Windows ignores a read-only folder"
)
def test_read_only_folder_is_refused(run_cli: Run, roadmap: Path) -> None:
    roadmap.parent.chmod(0o555)
    try:
        result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    finally:
        roadmap.parent.chmod(0o755)
    assert result.exit_code == 3 and "cannot write" in result.stderr
    assert roadmap.read_text("utf-8") == BASE


def test_unreadable_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        safewrite.read_snapshot(tmp_path / "missing.yaml")


def test_change_between_read_and_write_is_refused_and_kept(
    run_cli: Run, roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves in an editor (which ignores our lock) while amanat is working."""
    real_edit = edit.edit_lines
    edited = BASE.replace("title: Дороги", "title: Дороги и мосты")

    def editor_saves(*args: Any) -> bytes | None:
        new_data = real_edit(*args)
        assert new_data is not None
        roadmap.write_text(edited, "utf-8")  # after the edit is made and verified
        return new_data

    monkeypatch.setattr(edit, "edit_lines", editor_saves)
    result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    assert result.exit_code == 3
    assert result.stderr == (
        f"amanat: {roadmap} changed on disk since it was read; nothing written — "
        "run the command again\n"
    )
    assert roadmap.read_text("utf-8") == edited


def test_lock_held_elsewhere_gives_exit_3(
    run_cli: Run, roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    monkeypatch.setattr(safewrite, "LOCK_TIMEOUT", 0.2)
    safewrite.lock_file(roadmap).parent.mkdir()
    with FileLock(str(safewrite.lock_file(roadmap))):
        result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    assert result.exit_code == 3
    assert "another amanat is writing this file; try again" in result.stderr
    assert roadmap.read_text("utf-8") == BASE
    assert safewrite.lock_file(roadmap).exists()  # never deleted (FIELD-NOTES)
    assert safewrite.lock_file(roadmap).parent.name == ".amanat"  # out of `git status`


def test_backups_are_kept_ignored_and_pruned(
    roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safewrite, "BACKUPS_KEPT", 3)
    versions = [BASE.encode() + f"# {n}\n".encode() for n in range(5)]
    for old, new in zip([BASE.encode(), *versions], versions, strict=False):
        with safewrite.locked(roadmap):
            safewrite.commit(safewrite.read_snapshot(roadmap), new)
        assert roadmap.read_bytes() == new
        assert old  # each commit backed up the previous version
    folder = roadmap.parent / ".amanat"
    assert (folder / ".gitignore").read_text("utf-8") == "*\n"
    backups = sorted(folder.glob("*--almaty.yaml"))
    assert [b.read_bytes() for b in backups] == versions[1:4]
    journal = safewrite.read_journal(roadmap).entries
    assert [e.sha256 for e in journal] == [safewrite.sha256(v) for v in versions[2:]]


def test_stale_temps_are_cleaned(roadmap: Path) -> None:
    stale = roadmap.with_name(f".almaty.yaml.abc{safewrite.TEMP_SUFFIX}")
    fresh = roadmap.with_name(f".almaty.yaml.def{safewrite.TEMP_SUFFIX}")
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - 2 * safewrite.STALE_TEMP_SECONDS
    os.utime(stale, (old, old))
    safewrite.clean_stale_temps(roadmap)
    assert not stale.exists() and fresh.exists()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_symlinked_roadmap_stays_a_link(run_cli: Run, roadmap: Path) -> None:
    link = roadmap.with_name("link.yaml")
    link.symlink_to(roadmap.name)
    result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert "            owner: nurlanova-g" in roadmap.read_text("utf-8").splitlines()
    assert run_cli("undo", str(link)).exit_code == 0
    assert roadmap.read_text("utf-8") == BASE and link.is_symlink()
