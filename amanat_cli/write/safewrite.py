"""Writing a roadmap without ever leaving it half-written, and taking a write back.

- Atomic: the new bytes go to a temp file in the same folder, are flushed and
  fsynced, then `os.replace`d over the roadmap, and the folder is fsynced; a
  crash leaves the old file or the new one, never a mix (FIELD-NOTES "Safe
  writes").
- Locked: `.amanat/<file>.lock` (filelock, portable) is held around
  read-check-write so two `amanat` writers never lose each other's change.  It
  lives in the ignored `.amanat/` folder so it never shows in `git status`, and
  it is never deleted: deleting it lets a third process lock a different inode.
- Checked: an editor ignores our lock, so the SHA-256 of the bytes read is
  compared again just before replacing; a difference refuses the write.
- Undoable: the previous version is copied into `.amanat/` next to the roadmap
  and a per-file journal records what each write produced, so `amanat undo`
  restores only when the file is still exactly that.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another `amanat` writer before giving up (exit 3)."""

BACKUP_DIR = ".amanat"
BACKUPS_KEPT = 20
"""Previous versions kept per roadmap file."""

STALE_TEMP_SECONDS = 600
"""A temp file of ours older than this was left by a killed write; it is removed."""

TEMP_SUFFIX = ".amanat.tmp"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The bytes of a file as read, with their hash (to detect a change before replacing)."""

    path: Path
    data: bytes
    sha256: str


def sha256(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def read_snapshot(path: Path) -> Snapshot:
    """Read a roadmap's bytes; an unreadable path is a usage error (exit 2)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(_("{path}: no such file").format(path=path), ExitCode.USAGE) from None
    except OSError as error:
        raise UserError(
            _("{path}: cannot read: {reason}").format(path=path, reason=_reason(error)),
            ExitCode.USAGE,
        ) from None
    return Snapshot(path, data, sha256(data))


def _reason(error: OSError) -> str:
    """The OS's words for an error, without Python's `[Errno N]` prefix."""
    return error.strerror or type(error).__name__


def failure_reason(error: OSError) -> str:
    """Why a write failed, in the user's words: a full disk and a refusal are named."""
    if error.errno == errno.ENOSPC:
        return _("the disk is full")
    if isinstance(error, PermissionError):
        return _("permission denied")
    return _reason(error)


def _cannot_write(path: Path, error: OSError) -> UserError:
    return UserError(
        _("{path}: cannot write ({reason}); the file is unchanged").format(
            path=path, reason=failure_reason(error)
        ),
        ExitCode.WRITE_REFUSED,
    )


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold `.amanat/<file>.lock` against other `amanat` writers; exit 3 when it cannot be had."""
    from filelock import FileLock, Timeout

    wait = LOCK_TIMEOUT if timeout is None else timeout
    try:
        _ensure_backup_dir(path)
    except OSError as error:
        raise _cannot_write(path, error) from None
    lock = FileLock(str(lock_file(path)), timeout=wait)
    try:
        # A short poll: writes hold the lock for milliseconds, so waiters should not doze.
        lock.acquire(poll_interval=0.01)
    except Timeout:
        raise UserError(
            _("{path}: another amanat is writing this file; try again").format(path=path),
            ExitCode.WRITE_REFUSED,
        ) from None
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        yield
    finally:
        lock.release()


def refuse_read_only(path: Path) -> None:
    """Refuse (exit 3) a file whose write permission is off.

    `os.replace` would swap a read-only file anyway on POSIX (the folder is
    what counts), and root ignores permissions, so the mode bits are read.
    """
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise _cannot_write(path, error) from None
    if not mode & stat.S_IWUSR:
        raise UserError(
            _("{path}: the file is read-only; nothing written").format(path=path),
            ExitCode.WRITE_REFUSED,
        )


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; Windows cannot open a folder, so it is skipped there."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some filesystems refuse fsync on a folder; the rename is done
        pass
    finally:
        os.close(fd)


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def clean_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temp files of ours for `path` left behind by a killed write."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        real = _real(path)
        for temp in real.parent.glob(f".{real.name}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()


def write_fully(fd: int, data: bytes) -> None:
    """`os.write` until every byte is out (a write may take only part of them)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, whole.

    Keeps the file's permission bits.  Any OS failure (full disk, permission)
    leaves the original untouched, removes the temp file and raises UserError (exit 3).
    """
    try:
        _replace_atomically(path, data)
    except OSError as error:
        raise _cannot_write(path, error) from None


def _replace(temp: Path, path: Path) -> None:
    """`os.replace`, retried briefly on Windows, where a reader holding the file open blocks it."""
    attempts = 20 if os.name == "nt" else 1
    for attempt in range(attempts):
        try:
            os.replace(temp, path)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _replace_atomically(path: Path, data: bytes) -> None:
    """`atomic_write` raising the OSError itself (the temp file is gone either way)."""
    path = _real(path)
    temp = _temp_name(path)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        try:
            write_fully(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, mode)
        _replace(temp, path)
    except BaseException:  # a full disk, or Ctrl-C mid-write: the temp must not stay behind
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(path.parent)


# --- backups and the journal ---------------------------------------------------


def _real(path: Path) -> Path:
    """The file itself when `path` is a symbolic link: replacing the link would cut it."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _backup_dir(path: Path) -> Path:
    return _real(path).parent / BACKUP_DIR


def lock_file(path: Path) -> Path:
    """Where the lock of `path` lives: `.amanat/<name>.lock` beside the roadmap."""
    return _backup_dir(path) / f"{_real(path).name}.lock"


def _journal_path(path: Path) -> Path:
    return _backup_dir(path) / f"{_real(path).name}.journal.json"


def _ensure_backup_dir(path: Path) -> Path:
    folder = _backup_dir(path)
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        # Backups are local safety copies, never something to commit.
        ignore.write_text("*\n", encoding="utf-8")
    return folder


def read_journal(path: Path) -> list[dict[str, str]]:
    """The journal of `amanat` writes to `path`, oldest first (empty when none)."""
    try:
        entries = json.loads(_journal_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict)]


def _write_journal(path: Path, entries: list[dict[str, str]]) -> None:
    text = json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
    atomic_write(_journal_path(path), text.encode("utf-8"))


def _keep_latest_backups(path: Path, entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """Delete all but the newest BACKUPS_KEPT backups of `path`; drop journal entries without one."""
    folder = _backup_dir(path)
    backups = sorted(folder.glob(f"*--{_real(path).name}"))
    for old in backups[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    kept = {b.name for b in backups[-BACKUPS_KEPT:]}
    return [e for e in entries if e.get("backup") in kept]


def _save_backup(path: Path, data: bytes) -> str:
    """Copy `data` (the version about to be replaced) into `.amanat/`; return its name."""
    folder = _ensure_backup_dir(path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    # The token keeps two writes within one clock tick (Windows) from sharing a name.
    name = f"{stamp}-{secrets.token_hex(2)}--{_real(path).name}"
    _replace_atomically(folder / name, data)
    return name


def commit(snapshot: Snapshot, data: bytes) -> None:
    """Replace the file read as `snapshot` with `data`, keeping a backup; call under `locked`.

    Refuses (exit 3) when the file changed on disk since it was read, or is read-only.
    """
    path = snapshot.path
    refuse_read_only(path)
    current = read_snapshot(path)
    if current.sha256 != snapshot.sha256:
        raise UserError(
            _(
                "{path} changed on disk since it was read; nothing written — run the command again"
            ).format(path=path),
            ExitCode.WRITE_REFUSED,
        )
    clean_stale_temps(path)
    try:
        backup = _save_backup(path, snapshot.data)
    except OSError as error:
        raise _cannot_write(path, error) from None
    atomic_write(path, data)
    entries = read_journal(path)
    entries.append({"file": _real(path).name, "backup": backup, "sha256": sha256(data)})
    # The roadmap is written; a journal that cannot be written only costs `undo` this step.
    with contextlib.suppress(UserError):
        _write_journal(path, _keep_latest_backups(path, entries))


@dataclass(frozen=True, slots=True)
class Undone:
    """What `undo` restored."""

    path: Path
    backup: str
    remaining: int
    """How many earlier writes can still be undone."""


def _last_write(path: Path, snapshot: Snapshot) -> tuple[list[dict[str, str]], bytes]:
    """The journal of `path` and the version before its last amanat write, or refuse.

    Nothing to undo is a usage error (exit 2); a file changed since that write, or a
    backup gone, is a refused write (exit 3).
    """
    entries = read_journal(path)
    if not entries:
        raise UserError(_("no amanat write of {path} to undo").format(path=path), ExitCode.USAGE)
    last = entries[-1]
    if last.get("sha256") != snapshot.sha256:
        raise UserError(
            _(
                "{path} changed since amanat wrote it (edited by hand?); nothing undone — "
                "the earlier versions are in {folder}"
            ).format(path=path, folder=_backup_dir(path)),
            ExitCode.WRITE_REFUSED,
        )
    try:
        return entries, (_backup_dir(path) / last["backup"]).read_bytes()
    except OSError:
        raise UserError(
            _("{path}: the backup {name} is gone; nothing undone").format(
                path=path, name=last["backup"]
            ),
            ExitCode.WRITE_REFUSED,
        ) from None


def undo_preview(path: Path) -> tuple[bytes, bytes]:
    """The file now and the version `undo_last_write` would restore (no lock, no write)."""
    snapshot = read_snapshot(path)
    return snapshot.data, _last_write(path, snapshot)[1]


def undo_last_write(path: Path) -> Undone:
    """Restore the version before the last `amanat` write of `path` (locked, atomic).

    Only when the file is still byte-exactly what that write produced; a
    second call walks one write further back.
    """
    with locked(path):
        snapshot = read_snapshot(path)
        entries, previous = _last_write(path, snapshot)
        refuse_read_only(path)
        try:  # the version being undone is kept too: undo never loses text
            _save_backup(path, snapshot.data)
        except OSError as error:
            raise _cannot_write(path, error) from None
        atomic_write(path, previous)
        # Restored; if the journal cannot be shortened, the next undo refuses (safe).
        with contextlib.suppress(UserError):
            _write_journal(path, entries[:-1])
        return Undone(path, entries[-1]["backup"], len(entries) - 1)
