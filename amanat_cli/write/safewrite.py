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
  and a per-file journal (`journal`) records what each write produced and
  changed, so `amanat undo` restores only when the file is still exactly that.
  The journal entry is written before the roadmap (and an undo shortens it
  after), so a process killed in between leaves a state the next command
  settles (`journal.settled`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from amanat_cli.compute.modeldiff import Change
from amanat_cli.errors import NotFound, Unreadable, WriteRefused
from amanat_cli.i18n import _
from amanat_cli.read.private import is_link
from amanat_cli.write import journal
from amanat_cli.write.journal import Entry, Journal, real, sha256

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another `amanat` writer before giving up (WriteRefused)."""

BACKUPS_KEPT = 20
"""Previous versions kept per roadmap file."""

STALE_TEMP_SECONDS = 600
"""A temp file of a `-o` output (written without a lock) older than this was left by a
killed export; it is removed.  A roadmap's are removed at once (`remove_leftovers`)."""

TEMP_SUFFIX = ".amanat.tmp"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The bytes of a file as read, with their hash (to detect a change before replacing)."""

    path: Path
    data: bytes
    sha256: str


def read_snapshot(path: Path) -> Snapshot:
    """Read a roadmap's bytes; a missing or unreadable path is NotFound or Unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file").format(path=path)) from None
    except OSError as error:
        raise Unreadable(
            _("{path}: cannot read: {reason}").format(path=path, reason=_reason(error))
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


def _cannot_write(path: Path, error: OSError) -> WriteRefused:
    return WriteRefused(
        _("{path}: cannot write ({reason}); the file is unchanged").format(
            path=path, reason=failure_reason(error)
        )
    )


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold `.amanat/<file>.lock` against other `amanat` writers; WriteRefused when it cannot be had."""
    from filelock import FileLock, Timeout

    wait = LOCK_TIMEOUT if timeout is None else timeout
    try:
        journal.ensure_folder(path)
    except OSError as error:
        raise _cannot_write(path, error) from None
    lock = FileLock(str(lock_file(path)), timeout=wait)
    try:
        # A short poll: writes hold the lock for milliseconds, so waiters should not doze.
        lock.acquire(poll_interval=0.01)
    except Timeout:
        raise WriteRefused(
            _("{path}: another amanat is writing this file; try again").format(path=path)
        ) from None
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        yield
    finally:
        lock.release()


def refuse_read_only(path: Path) -> None:
    """Refuse (WriteRefused) a file whose write permission is off.

    `os.replace` would swap a read-only file anyway on POSIX (the folder is
    what counts), and root ignores permissions, so the mode bits are read.
    """
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise _cannot_write(path, error) from None
    if not mode & stat.S_IWUSR:
        raise WriteRefused(_("{path}: the file is read-only; nothing written").format(path=path))


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


def _temps_of(name_pattern: str) -> re.Pattern[str]:
    """The names `_temp_name` gives temp files of the files whose names match `name_pattern`."""
    return re.compile(rf"\.(?:{name_pattern})\.[0-9a-f]{{12}}{re.escape(TEMP_SUFFIX)}")


def _names(folder: Path) -> list[str]:
    """The entries of `folder` (none when it cannot be listed, or is a link)."""
    if is_link(folder):
        return []
    try:
        return os.listdir(folder)
    except OSError:
        return []


def leftovers(path: Path) -> list[Path]:
    """Temp files of writes of roadmap `path` that a killed process left behind.

    Beside the roadmap (its new text) and in `.amanat/` (its journal's and
    backups').  They are made only under the roadmap's lock, so any found by a
    process holding it are a dead process's.
    """
    file = real(path)
    beside = _temps_of(re.escape(file.name))
    found = [file.parent / name for name in _names(file.parent) if beside.fullmatch(name)]
    folder = journal.folder_of(path)
    journal_name = re.escape(journal.journal_path(path).name)
    inside = _temps_of(f"{journal.backup_pattern(path).pattern}|{journal_name}")
    found += [folder / name for name in _names(folder) if inside.fullmatch(name)]
    return sorted(found)


def remove_leftovers(path: Path) -> None:
    """Remove what killed writes of `path` left (call under `locked`: see `leftovers`)."""
    for temp in leftovers(path):
        with contextlib.suppress(OSError):
            temp.unlink()


def clean_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temp files of ours for `path` older than `older_than` (for unlocked outputs)."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        file = real(path)
        for temp in file.parent.glob(f".{file.name}.*{TEMP_SUFFIX}"):
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
    leaves the original untouched, removes the temp file and raises WriteRefused.
    """
    try:
        _replace_atomically(real(path), data)
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
    """`atomic_write` raising the OSError itself (the temp file is gone either way).

    `path` is replaced itself, never a file a link there points to: callers pass
    the file to replace (`real(roadmap)`, or a name inside `.amanat/`).
    """
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


def lock_file(path: Path) -> Path:
    """Where the lock of `path` lives: `.amanat/<name>.lock` beside the roadmap."""
    return journal.folder_of(path) / f"{real(path).name}.lock"


def read_journal(path: Path, current_sha256: str | None = None) -> Journal:
    """The writes of `path` undo may take back, as settled for its current bytes (see
    `journal.settled`; they are read when not given); WriteRefused when `.amanat/` holds a link."""
    if current_sha256 is None:
        current_sha256 = read_snapshot(path).sha256
    try:
        return journal.settled(journal.read_journal(path), current_sha256)
    except OSError as error:
        raise _cannot_read_private(path, error) from None


def _cannot_read_private(path: Path, error: OSError) -> WriteRefused:
    return WriteRefused(
        _("{path}: cannot read: {reason}").format(
            path=journal.journal_path(path), reason=_reason(error)
        )
    )


def _write_journal(path: Path, entries: Sequence[Entry]) -> None:
    """Replace the journal (never through a link: `journal.read_journal` refused one)."""
    _replace_atomically(journal.journal_path(path), journal.encode_journal(path, entries))


def _save_backup(path: Path, data: bytes) -> str:
    """Copy `data` (the version about to be replaced) into `.amanat/`; return its name."""
    name = journal.new_backup_name(path)
    _replace_atomically(journal.ensure_folder(path) / name, data)
    return name


def _drop_backup(path: Path, name: str) -> None:
    with contextlib.suppress(OSError):
        (journal.folder_of(path) / name).unlink()


def _prune(path: Path, entries: list[Entry], keep: str) -> tuple[list[Entry], list[str]]:
    """The entries whose backups stay (the newest BACKUPS_KEPT, `keep` among them), and
    the backups to delete once the write is done."""
    names = sorted({*journal.backups(path), keep})
    kept = set(names[-BACKUPS_KEPT:])
    return [e for e in entries if e.backup in kept], names[:-BACKUPS_KEPT]


def commit(snapshot: Snapshot, data: bytes, changes: Sequence[Change] = ()) -> None:
    """Replace the file read as `snapshot` with `data`, keeping a backup; call under `locked`.

    `changes` (what the write changes, in the model's terms) go into the journal
    for `undo` to show.  Refuses (WriteRefused) when the file changed on disk since
    it was read, or is read-only; a failure leaves the file, the journal and
    `.amanat/` as they were.
    """
    path = snapshot.path
    refuse_read_only(path)
    current = read_snapshot(path)
    if current.sha256 != snapshot.sha256:
        raise WriteRefused(
            _(
                "{path} changed on disk since it was read; nothing written — run the command again"
            ).format(path=path)
        )
    remove_leftovers(path)
    before = read_journal(path, current.sha256).entries
    try:
        backup = _save_backup(path, snapshot.data)
    except OSError as error:
        raise _cannot_write(path, error) from None
    entry = Entry(backup, snapshot.sha256, sha256(data), tuple(changes))
    entries, pruned = _prune(path, [*before, entry], backup)
    try:
        _write_journal(path, entries)  # first: see `journal.settled`
        _replace_atomically(real(path), data)
    except BaseException as failure:  # a full disk, Ctrl-C: the write did not happen
        with contextlib.suppress(OSError):
            _write_journal(path, before)
        _drop_backup(path, backup)
        if isinstance(failure, OSError):
            raise _cannot_write(path, failure) from None
        raise
    for name in pruned:
        _drop_backup(path, name)


@dataclass(frozen=True, slots=True)
class Undone:
    """What `undo` restored."""

    path: Path
    entry: Entry
    """The write taken back."""
    remaining: int
    """How many earlier writes can still be undone."""


def undoable(path: Path, snapshot: Snapshot) -> Journal:
    """The journal of `path` when its last write can be undone now; else refuse.

    Nothing to undo is NotFound; a damaged journal or a file changed since that
    write is WriteRefused.
    """
    found = read_journal(path, snapshot.sha256)
    if not found.entries:
        if found.damaged:
            raise WriteRefused(
                _(
                    "{journal}: the undo journal is damaged; nothing undone — "
                    "the earlier versions are in {folder}"
                ).format(journal=journal.journal_path(path), folder=journal.folder_of(path))
            )
        raise NotFound(_("no amanat write of {path} to undo").format(path=path))
    if found.entries[-1].sha256 != snapshot.sha256:
        raise WriteRefused(
            _(
                "{path} changed since amanat wrote it (edited by hand?); nothing undone — "
                "the earlier versions are in {folder}"
            ).format(path=path, folder=journal.folder_of(path))
        )
    return found


def _last_write(path: Path, snapshot: Snapshot) -> tuple[tuple[Entry, ...], bytes]:
    """The undoable writes of `path` and the version before the last one (hash checked)."""
    entries = undoable(path, snapshot).entries
    try:
        return entries, journal.read_backup(path, entries[-1])
    except OSError as error:
        raise _cannot_read_private(path, error) from None


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
        remove_leftovers(path)
        try:  # the version being undone is kept too: undo never loses text
            kept = _save_backup(path, snapshot.data)
        except OSError as error:
            raise _cannot_write(path, error) from None
        try:
            _replace_atomically(real(path), previous)  # first: see `journal.settled`
        except BaseException as failure:
            _drop_backup(path, kept)
            if isinstance(failure, OSError):
                raise _cannot_write(path, failure) from None
            raise
        # Restored; a journal not shortened now is settled by the next command.
        with contextlib.suppress(OSError):
            _write_journal(path, entries[:-1])
        return Undone(path, entries[-1], len(entries) - 1)
