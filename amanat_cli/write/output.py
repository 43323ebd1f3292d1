"""Writing a file the user named with `-o` (the meeting pack): what was named, and only that.

- A new path or a regular file is written atomically (`safewrite.atomic_write`:
  a temp file beside it, then a rename), so nobody ever opens half a pack.
- A device, a FIFO or a socket (`/dev/null`, a named pipe) is written straight
  into: the rename would swap the device node itself for a regular file.
- A symbolic link is followed only to a file inside the current folder: a
  cloned repository may commit `pack.html` as a link to the user's shell
  profile, and an export there would overwrite it.  `force` follows any link.

Standard output (`-o -`) is the caller's business: nothing here prints.
"""

from __future__ import annotations

import enum
import os
import stat
from pathlib import Path

from amanat_cli.errors import WriteRefused
from amanat_cli.i18n import _
from amanat_cli.write import safewrite


class Written(enum.Enum):
    """What `write_output` did."""

    NEW = "new"
    """Created a file that was not there."""
    REPLACED = "replaced"
    """Replaced an existing file (or the file a link inside the folder points to)."""
    STREAM = "stream"
    """Wrote into a device or a pipe; no file was made."""


def write_output(path: Path, data: bytes, *, force: bool = False) -> Written:
    """Write `data` to `path` as described above; any refusal or failure is WriteRefused."""
    try:
        found = path.stat()
    except FileNotFoundError:  # a new file, or a link to one that does not exist yet
        found = None
    except OSError as error:
        raise _cannot_write(path, error) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_stream(path, data)
        return Written.STREAM
    if not force and path.is_symlink():
        _refuse_link_out_of_folder(path)
    safewrite.clean_stale_temps(path)  # of an export killed long enough ago
    safewrite.atomic_write(path, data)
    return Written.NEW if found is None else Written.REPLACED


def _refuse_link_out_of_folder(link: Path) -> None:
    target = Path(os.path.realpath(link))
    if not target.is_relative_to(os.path.realpath(Path.cwd())):
        raise WriteRefused(
            _(
                "-o {path} is a symbolic link to {target}, outside the current folder; "
                "nothing written — use --force to write there"
            ).format(path=link, target=target)
        )


def _write_stream(path: Path, data: bytes) -> None:
    """Write into a device or a pipe as it is: no temp file, no rename."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        try:
            safewrite.write_fully(fd, data)
        finally:
            os.close(fd)
    except OSError as error:
        raise _cannot_write(path, error) from None


def _cannot_write(path: Path, error: OSError) -> WriteRefused:
    return WriteRefused(
        _("{path}: cannot write ({reason})").format(
            path=path, reason=safewrite.failure_reason(error)
        )
    )
