"""The parse cache on disk: a loaded roadmap kept until its bytes or the code change.

Parsing YAML dominates a large roll-up (about 0.3 ms per indicator), while
reading an entry back costs a small fraction of it (`codec`).  An entry is
one file per roadmap in a folder of the user's own (`read.store` finds it:
`AMANAT_CACHE_DIR`, else the user cache folder), named by the sha256 of the
file's absolute path.  It is used only when all of these match:

- the sha256 and size of the roadmap's bytes (hashed on every run: a file
  edited back to the same size and mtime is still re-parsed);
- the code version: the package version, the Python version, and the size and
  mtime of every module of the package's base and of `read/` (so an upgrade or
  an edit of the loader invalidates it without anyone bumping a constant);
- the language and its catalogue, because problem messages are translated
  when loading;
- the item limit in force (`limits`): a lower one must stop the reader where
  a first parse would.  The size limit is judged before any lookup (`store`).

An entry is data only, and it is checked before it is believed:

    MAGIC · sha256(rest) · rest = three sizes · marshal(header) marshal(model) marshal(layout)

A missing, truncated, bit-flipped or foreign entry is ignored (the file is
parsed again), never an error; nothing in it is ever executed (`marshal`
builds tuples, strings and numbers only).  The folder must be the user's:
created 0700, and refused (no cache at all) when it is a link, owned by
someone else or writable by others.  Entries are opened without following
links, inside the folder opened once (`dir_fd`, where the OS has it), and
one not owned by the user is skipped; they are written to a fresh temporary
file (`O_CREAT | O_EXCL | O_NOFOLLOW`, a random name) and renamed, so a
planted link is never written through and readers never see half an entry.

Core module: stdlib only.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

from amanat_cli import __version__
from amanat_cli.i18n import DOMAIN, LOCALE_DIR
from amanat_cli.model import Problem, Roadmap
from amanat_cli.read import codec
from amanat_cli.read.layout import Layout
from amanat_cli.read.limits import max_items

CACHE_FORMAT = 4
"""Bump when the layout of an entry changes (4: sized marshal parts with a digest; 2 was a pickle)."""

MAGIC = b"amanat parse cache\n"
_SIZES = "<3Q"
"""The byte sizes of the header, the model and the layout, before them."""
DIGEST_SIZE = 32

READER_DIRS = (Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent)
"""Where the modules that shape a loaded roadmap live: the package's base (model, i18n,
errors) and `read/`."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows has no symlinks for users to plant
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_DIR_FD = os.open in os.supports_dir_fd and os.replace in os.supports_dir_fd


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of everything that shapes a loaded roadmap: versions and module stats."""
    parts: list[object] = [CACHE_FORMAT, __version__, sys.version]
    for folder in READER_DIRS:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat_ = entry.stat()
                    parts.append((folder.name, entry.name, stat_.st_size, stat_.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def language_version(language: str) -> tuple[str, int, int]:
    """The language and the size and mtime of its catalogue: problem messages are translated."""
    try:
        found = (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").stat()
    except OSError:
        return (language, 0, 0)
    return (language, found.st_size, found.st_mtime_ns)


def entry_name(path: Path) -> str:
    """The entry file of roadmap `path` (by its absolute path)."""
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest() + ".entry"


def _private_folder(folder: Path) -> bool:
    """Create `folder` 0700 if absent; True when it is a real folder of this user, closed to others."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(found.st_mode):
        return False  # a link (or a file) where the folder should be
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's profile folders are private by their ACL
    return found.st_uid == os.getuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


Loaded = tuple[Roadmap, list[Problem], Layout | None]


@dataclass(frozen=True, slots=True)
class Key:
    """What an entry must have been written for: these bytes, this code, this language."""

    path: Path
    header: tuple[object, ...]


class ParseCache:
    """Entries in one private folder; every failure is a miss (`None`), never an error."""

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.language = language

    @classmethod
    def open(cls, folder: Path, language: str) -> ParseCache | None:
        """The cache in `folder`, or None when the folder cannot be made or is not private."""
        return cls(folder, language) if _private_folder(folder) else None

    def key(self, path: Path, data: bytes) -> Key:
        """The key of `data` read from `path`.
        The item limit is part of it (see the module's docstring).
        """
        digest = hashlib.sha256(data).hexdigest()
        return Key(path, (CACHE_FORMAT, code_version(), language_version(self.language),
                          max_items(), digest, len(data)))  # fmt: skip

    def has_fresh_entry(self, path: Path, mtime_ns: int) -> bool:
        """An entry newer than the file: likely a hit (used to skip it in a parallel warm-up)."""
        try:
            return (self.folder / entry_name(path)).stat().st_mtime_ns >= mtime_ns
        except OSError:
            return False

    @contextlib.contextmanager
    def _folder_fd(self) -> Iterator[int | None]:
        """The folder opened once, so entries are reached inside it even if its path is swapped."""
        if not _DIR_FD:
            yield None
            return
        fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
        try:
            yield fd
        finally:
            os.close(fd)

    def _name(self, name: str, fd: int | None) -> str:
        return name if fd is not None else str(self.folder / name)

    def get(self, key: Key, with_layout: bool) -> Loaded | None:
        """The entry's roadmap, problems (and layout, if asked), or None for any doubt."""
        try:
            with self._folder_fd() as fd:
                name = self._name(entry_name(key.path), fd)
                handle = os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _BINARY, dir_fd=fd)
                with open(handle, "rb") as stream:
                    found = os.fstat(stream.fileno())
                    if not stat.S_ISREG(found.st_mode):
                        return None
                    if hasattr(os, "getuid") and found.st_uid != os.getuid():
                        return None  # not written by this user
                    content = stream.read()
        except OSError:  # absent, a link (ELOOP), unreadable
            return None
        body = _checked(content)
        if body is None:
            return None
        try:
            # marshal.loads on slices: marshal.load on a stream reads it a few bytes at a time
            view = memoryview(body)
            sizes = struct.unpack_from(_SIZES, view)
            ends = list(accumulate(sizes, initial=struct.calcsize(_SIZES)))
            header, model, layout_part = (view[a:b] for a, b in pairwise(ends))
            if marshal.loads(header) != key.header:
                return None
            roadmap, problems = codec.decode(marshal.loads(model), str(key.path))
            layout = Layout(*marshal.loads(layout_part)) if with_layout else None
        except Exception:  # data of another shape: an entry this code did not write
            return None
        return roadmap, problems, layout

    def put(self, key: Key, roadmap: Roadmap, problems: list[Problem], layout: Layout) -> None:
        """Store a parse for `key`; any failure just leaves the cache without it."""
        try:
            parts: tuple[Any, ...] = (
                key.header,
                codec.encode(roadmap, problems),
                (dict(layout.items), layout.list_offset),
            )
            dumped = [marshal.dumps(part) for part in parts]
            body = struct.pack(_SIZES, *map(len, dumped)) + b"".join(dumped)
        except ValueError:  # a source in another file, or a value marshal cannot hold
            return
        content = MAGIC + hashlib.sha256(body).digest() + body
        with contextlib.suppress(OSError):
            self._write(entry_name(key.path), content)

    def _write(self, name: str, content: bytes) -> None:
        """Write to a new temporary file of our own (never through a link), then rename it."""
        import secrets  # only a write of an entry needs it (it imports `random`)

        with self._folder_fd() as fd:
            temp = self._name(f"{name}.{secrets.token_hex(8)}.tmp", fd)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
            handle = os.open(temp, flags, 0o600, dir_fd=fd)
            try:
                with open(handle, "wb") as stream:
                    stream.write(content)
                os.replace(temp, self._name(name, fd), src_dir_fd=fd, dst_dir_fd=fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp, dir_fd=fd)
                raise


def _checked(content: bytes) -> bytes | None:
    """The entry's body if its magic and digest hold (nothing truncated or flipped), else None."""
    start = len(MAGIC) + DIGEST_SIZE
    if not content.startswith(MAGIC) or len(content) < start:
        return None
    body = content[start:]
    return body if hashlib.sha256(body).digest() == content[len(MAGIC) : start] else None
