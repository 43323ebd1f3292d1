"""The `.amanat/` folder beside a roadmap: its backups and the journal of amanat's writes.

Everything here is data from disk, and a repository may commit anything into
`.amanat/`, so:

- nothing inside it is reached through a symbolic link (`read.private`):
  `.amanat/` itself, the journal, the `.gitignore` and a backup that are links
  are refused (`WriteRefused`), and files are opened with `O_NOFOLLOW`;
- the journal is validated: an entry names a backup only by a name amanat
  makes (`<UTC time>-<hex>--<roadmap file name>`, no folder), with the
  SHA-256 of the bytes saved in it, which is checked before they are restored.

The lock and the atomic writes are `safewrite`'s; this module only names,
reads and checks.  Core module: no Typer, no Rich.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from amanat_cli.compute.modeldiff import Change
from amanat_cli.errors import WriteRefused
from amanat_cli.i18n import _
from amanat_cli.read import private

FOLDER = private.NAME

_STAMP = "%Y%m%dT%H%M%S.%fZ"
_BACKUP_NAME = r"(\d{8}T\d{6}\.\d{6}Z)-[0-9a-f]{4}--"
"""A backup's name before the roadmap's file name: when it was saved (UTC), a token."""
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHANGE_KEYS = ("kind", "item", "field", "old", "new", "date", "text")


def sha256(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def real(path: Path) -> Path:
    """The file itself when `path` is a symbolic link: replacing the link would cut it."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def folder_of(path: Path) -> Path:
    """`.amanat/` beside the roadmap (beside the file itself when the roadmap is a link)."""
    return real(path).parent / FOLDER


def journal_path(path: Path) -> Path:
    """Where the journal of `path` lives."""
    return folder_of(path) / f"{real(path).name}.journal.json"


def read_private(path: Path) -> bytes | None:
    """The bytes of a regular file inside `.amanat/`, never through a link; None when absent."""
    private.refuse_link(path.parent)
    private.refuse_link(path)  # portable; O_NOFOLLOW below closes the gap where it exists
    flags = os.O_RDONLY | private.NO_FOLLOW | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise private.link_refused(path) from None
        raise
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise WriteRefused(_("{path} is not a regular file; remove it").format(path=path))
        return stream.read()


def ensure_folder(path: Path) -> Path:
    """Create `.amanat/` (ignored by git) beside the roadmap if needed; refuse links."""
    return private.ensure(folder_of(path))


def new_backup_name(path: Path) -> str:
    """A fresh name for a backup of `path` in `.amanat/`, sorting by the time it is saved."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    # The token keeps two writes within one clock tick (Windows) from sharing a name.
    return f"{stamp}-{secrets.token_hex(2)}--{real(path).name}"


def backup_pattern(path: Path) -> re.Pattern[str]:
    """The names `new_backup_name` gives backups of `path`, and no other."""
    return re.compile(_BACKUP_NAME + re.escape(real(path).name))


def backups(path: Path) -> list[str]:
    """The names of the backups of `path` in `.amanat/`, oldest first."""
    pattern = backup_pattern(path)
    try:
        names = os.listdir(folder_of(path))
    except OSError:
        return []
    return sorted(name for name in names if pattern.fullmatch(name))


@dataclass(frozen=True, slots=True)
class Entry:
    """One amanat write of a roadmap, as the journal keeps it."""

    backup: str
    """The name in `.amanat/` of the version before the write."""
    backup_sha256: str
    """The SHA-256 of that version (checked before it is restored)."""
    sha256: str
    """The SHA-256 of what the write produced (undo refuses a file that is not that)."""
    changes: tuple[Change, ...]
    """What the write changed, in the model's terms."""

    @property
    def saved_at(self) -> datetime:
        """When the write happened (UTC), read from the backup's name."""
        return datetime.strptime(self.backup.split("-", 1)[0], _STAMP).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Journal:
    """The writes of a roadmap that undo may take back, oldest first."""

    entries: tuple[Entry, ...]
    damaged: bool = False
    """Something in the file was not an entry amanat writes; only what came after it is kept."""


def read_journal(path: Path) -> Journal:
    """The journal of `path`: the entries after the last damaged one, and whether there was one."""
    data = read_private(journal_path(path))
    if data is None:
        return Journal(())
    try:
        raw = json.loads(data.decode("utf-8"))
    except ValueError:
        return Journal((), damaged=True)
    if not isinstance(raw, list):
        return Journal((), damaged=True)
    pattern = backup_pattern(path)
    entries: list[Entry] = []
    damaged = False
    for item in raw:
        entry = _entry(item, pattern, real(path).name)
        if entry is None:  # the writes before it cannot be reached by undo any more
            entries, damaged = [], True
        else:
            entries.append(entry)
    return Journal(tuple(entries), damaged)


def settled(journal: Journal, current_sha256: str) -> Journal:
    """The journal as it stands for the file's current bytes (call under the lock).

    The journal entry is written before the roadmap, and an undo restores the
    roadmap before it shortens the journal: a process killed between the two
    leaves a last entry whose file still (or again) holds the version before
    it.  That write did not happen (or was undone), so its entry is dropped.
    """
    entries = journal.entries
    last = entries[-1] if entries else None
    if last is not None and last.sha256 != current_sha256 == last.backup_sha256:
        return Journal(entries[:-1], journal.damaged)
    return journal


def encode_journal(path: Path, entries: Sequence[Entry]) -> bytes:
    """The journal file's bytes for `entries`."""
    name = real(path).name
    records = [
        {
            "file": name,
            "backup": e.backup,
            "backup_sha256": e.backup_sha256,
            "sha256": e.sha256,
            "changes": [_change_record(c) for c in e.changes],
        }
        for e in entries
    ]
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_backup(path: Path, entry: Entry) -> bytes:
    """The bytes `entry` saved, checked against their hash; WriteRefused for anything else."""
    data = read_private(folder_of(path) / entry.backup)
    if data is None:
        raise WriteRefused(
            _("{path}: the backup {name} is gone; nothing undone").format(
                path=path, name=entry.backup
            )
        )
    if sha256(data) != entry.backup_sha256:
        raise WriteRefused(
            _("{path}: the backup {name} is not what amanat saved; nothing undone").format(
                path=path, name=entry.backup
            )
        )
    return data


def _entry(item: object, pattern: re.Pattern[str], name: str) -> Entry | None:
    """An entry from its JSON, or None when it is not one amanat writes."""
    if not isinstance(item, dict) or item.get("file") != name:
        return None
    backup, backup_sha, sha, changes = (
        item.get(key) for key in ("backup", "backup_sha256", "sha256", "changes")
    )
    if not (isinstance(backup, str) and pattern.fullmatch(backup)):
        return None
    if not all(isinstance(h, str) and _SHA256.fullmatch(h) for h in (backup_sha, sha)):
        return None
    if not isinstance(changes, list):
        return None
    parsed = [_change(record) for record in changes]
    if any(change is None for change in parsed):
        return None
    return Entry(backup, str(backup_sha), str(sha), tuple(c for c in parsed if c is not None))


def _change_record(change: Change) -> dict[str, Any]:
    def plain(value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value

    return {key: plain(getattr(change, key)) for key in _CHANGE_KEYS}


def _change(record: object) -> Change | None:
    """A `Change` from the journal's JSON; a value of the wrong type makes it None."""
    if not isinstance(record, dict) or set(record) != set(_CHANGE_KEYS):
        return None
    kind, item, field, old, new, day, text = (record[key] for key in _CHANGE_KEYS)
    scalars = (str, int, float, bool, type(None))
    if not (isinstance(kind, str) and isinstance(item, str)):
        return None
    if not (_optional_text(field) and _optional_text(text) and _optional_text(day)):
        return None
    if not (isinstance(old, scalars) and isinstance(new, scalars)):
        return None
    try:
        when = date.fromisoformat(day) if day is not None else None
    except ValueError:
        return None
    return Change(kind, item, field, old, new, when, text)


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)
