"""The `.amanat/` folders amanat keeps for itself: never reached through a symbolic link.

Beside a roadmap (its lock, backups and undo journal: `write.journal`) and in
a sync folder (half-made clones: `gitsync`).  A link planted there — by hand,
or committed to a repository and cloned — would make amanat create or replace
its target anywhere, so a link in `.amanat/`'s place or inside it is refused
(`WriteRefused`), and files are created with `O_EXCL | O_NOFOLLOW` (an `lstat` check
first everywhere, so Windows refuses links too).  Core module: no Typer, no Rich.
"""

from __future__ import annotations

import os
from pathlib import Path

from amanat_cli.errors import WriteRefused
from amanat_cli.i18n import _

NAME = ".amanat"

NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""`os.open` flag: fail on a link (0 where the system lacks it: `refuse_link` covers it)."""


def is_link(path: Path) -> bool:
    """A symbolic link, or a Windows junction."""
    return path.is_symlink() or getattr(os.path, "isjunction", lambda _p: False)(path)


def link_refused(path: Path) -> WriteRefused:
    """The refusal of a link found at `path`."""
    return WriteRefused(
        _(
            "{path} is a symbolic link; amanat follows no link into or inside .amanat/ — remove it"
        ).format(path=path)
    )


def refuse_link(path: Path) -> None:
    """Refuse (WriteRefused) a link at `path`."""
    if is_link(path):
        raise link_refused(path)


def ensure(folder: Path) -> Path:
    """Create `folder` (a `.amanat/`) if needed, with a `.gitignore` of `*`; refuse links."""
    refuse_link(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    refuse_link(ignore)
    # O_EXCL also fails on a dangling link: its target is never created.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NO_FOLLOW | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(ignore, flags, 0o644)
    except FileExistsError:
        refuse_link(ignore)  # made a link since the check above
        return folder
    with os.fdopen(fd, "wb") as stream:
        stream.write(b"*\n")  # amanat's own files, never something to commit
    return folder
