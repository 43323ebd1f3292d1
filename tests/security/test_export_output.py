"""Holes 1 and 10: `export -o` writes to what the user named, and only that.

A device, a pipe or `-` is written straight to (the atomic replace would swap a
device node for a regular file); a regular file is replaced atomically and
the message says so; a symbolic link is followed only within the current folder
unless --force.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.security.conftest import AMANAT, run_process

Run = Callable[..., Result]

posix_only = pytest.mark.skipif(os.name == "nt", reason="device nodes and FIFOs are POSIX")


def _device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7); needs root."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root (CAP_MKNOD)")
    return path


@posix_only
def test_a_null_device_stays_a_device(run_cli: Run, folder: Path) -> None:
    null = _device(folder / "null", 3)
    result = run_cli("export", "-o", str(null))  # md, as on standard output
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert result.stdout == ""  # nothing to say: no file was written
    assert list(folder.glob(".null.*")) == []


@posix_only
def test_a_full_device_is_a_refused_write(run_cli: Run, folder: Path) -> None:
    full = _device(folder / "full", 7)
    result = run_cli("export", "-o", str(full), "--format", "md")
    assert result.exit_code == 3
    assert result.stderr == f"amanat: {full}: cannot write (the disk is full)\n"
    assert stat.S_ISCHR(full.lstat().st_mode)


@posix_only
def test_a_fifo_is_written_into(run_cli: Run, folder: Path) -> None:
    fifo = folder / "pack.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("export", "-o", str(fifo), "--format", "json")
    reader.join(timeout=30)
    if reader.is_alive():  # nothing came through the pipe: let the reader go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"{")


def test_dash_is_standard_output(run_cli: Run, folder: Path) -> None:
    result = run_cli("export", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# ")  # md, the default, as without -o
    assert not (folder / "-").exists()
    assert run_cli("export", "-o", "-", "--format", "json").stdout.startswith("{")


@posix_only
def test_dev_stdout_is_standard_output(folder: Path) -> None:
    done = run_process([str(AMANAT), "export", "-o", "/dev/stdout", "--format", "json"], folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"{")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_existing_file_is_replaced_and_the_message_says_so(run_cli: Run, folder: Path) -> None:
    first = run_cli("export", "-o", "pack.md")
    assert first.exit_code == 0
    assert first.stdout.startswith("wrote pack.md (")
    again = run_cli("export", "-o", "pack.md")
    assert again.exit_code == 0
    assert again.stdout.startswith("replaced pack.md (")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file of the user's outside the current folder (a shell profile, a key)."""
    victim = tmp_path / "elsewhere" / "profile"
    victim.parent.mkdir()
    victim.write_text("export PATH=/usr/bin\n", encoding="utf-8")
    return victim


def _link(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("symbolic links need a privilege on this system")


def test_a_link_out_of_the_folder_is_refused(run_cli: Run, folder: Path, outside: Path) -> None:
    # A cloned repository may commit pack.md as a link to the user's own files.
    _link(folder / "pack.md", outside)
    result = run_cli("export", "-o", "pack.md")
    assert result.exit_code == 3
    assert result.stderr == (
        f"amanat: -o pack.md is a symbolic link to {outside}, outside the current folder; "
        "nothing written — use --force to write there\n"
    )
    assert outside.read_text(encoding="utf-8") == "export PATH=/usr/bin\n"
    assert (folder / "pack.md").is_symlink()


def test_force_writes_through_a_link_out_of_the_folder(
    run_cli: Run, folder: Path, outside: Path
) -> None:
    _link(folder / "pack.md", outside)
    result = run_cli("export", "-o", "pack.md", "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("replaced pack.md (")
    assert outside.read_text(encoding="utf-8").startswith("# ")
    assert (folder / "pack.md").is_symlink()


def test_a_dangling_link_out_of_the_folder_is_refused(
    run_cli: Run, folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "new-file"
    target.parent.mkdir()
    _link(folder / "pack.md", target)
    result = run_cli("export", "-o", "pack.md")
    assert result.exit_code == 3
    assert not target.exists()


def test_a_link_within_the_folder_is_followed(run_cli: Run, folder: Path) -> None:
    (folder / "packs").mkdir()
    (folder / "packs" / "latest.md").write_text("old\n", encoding="utf-8")
    _link(folder / "pack.md", Path("packs") / "latest.md")
    result = run_cli("export", "-o", "pack.md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("replaced pack.md (")
    assert (folder / "packs" / "latest.md").read_text(encoding="utf-8").startswith("# ")
    assert (folder / "pack.md").is_symlink()
