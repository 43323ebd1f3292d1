"""Where a command gets its roadmaps: files → (roadmaps, problems), through the parse cache.

One `Store` serves one command.  It reads each file's bytes, answers from the
parse cache (`cache`) when it holds these very bytes, else parses them (the
`loader`, a pure function of the bytes) and stores the parse; a cold roll-up
of many files is parsed on every core first (`warm_in_parallel`).  Within the
command it remembers what it loaded, by path and content: a write loads its
file twice (to find the items, then under the lock) and the second load is
free, with the item layout the write edits by.

The state of a run lives in the `Store` object the command holds, never in
module globals.  `open_store` takes the cache folder from the environment
(`AMANAT_CACHE_DIR`, else the user cache folder; `AMANAT_NO_CACHE=1` turns the
cache off) and the language from `i18n` (problem messages are cached
translated).

Core module: no Typer, no Rich.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from amanat_cli.i18n import _, current_language
from amanat_cli.model import Problem, Roadmap, Severity
from amanat_cli.read.cache import Key, Loaded, ParseCache
from amanat_cli.read.layout import Layout
from amanat_cli.read.limits import too_large
from amanat_cli.read.loader import load_bytes, load_with_layout

Result = tuple[Roadmap | None, list[Problem]]

Progress = Callable[[str, int, int], None]
"""Told `(stage, files done, files in all)` as loading goes; stage is "parse" or "read"."""

PARALLEL_MIN_BYTES = 1 << 20
"""Cache misses smaller than this in all are parsed in this process: starting
worker processes (~0.2 s) would cost more than the second core saves."""


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache folder the environment asks for, or None when `AMANAT_NO_CACHE` turns it off."""
    env = os.environ if environ is None else environ
    if env.get("AMANAT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    configured = env.get("AMANAT_CACHE_DIR", "").strip()
    if configured:
        return Path(configured)
    import platformdirs  # only here: a few ms at start-up otherwise

    return Path(platformdirs.user_cache_dir("amanat", appauthor=False))


def open_store(*, with_layouts: bool = False) -> Store:
    """A store for this command, with the cache the environment names (if it is usable)."""
    folder = cache_folder()
    language = current_language()
    return Store(None if folder is None else ParseCache.open(folder, language), with_layouts)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while building ~10^6 objects, then freeze them.

    The collector would otherwise traverse the whole growing model again and
    again (a third of the load time); frozen, the loaded model (which lives
    until the short-lived process exits) is never traversed again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def read_file(path: Path) -> bytes | Problem:
    """The bytes of a roadmap file, or the problem saying why they are not read: `io`, or
    `too-large` (a file over the size limit is not even read, cached or not)."""
    try:
        refused = too_large(str(path), path.stat().st_size)
        if refused is not None:
            return refused
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        message = _("cannot read {path}: {reason}").format(path=str(path), reason=reason)
        return Problem(None, Severity.ERROR, "io", message)


def load_file(path: Path) -> Result:
    """Read and load one file without any cache (`Store.load_path` is the cached way)."""
    data = read_file(path)
    return (None, [data]) if isinstance(data, Problem) else load_bytes(data, str(path))


class Store:
    """Loads roadmaps for one command, through `cache` (None: parse every time)."""

    def __init__(self, cache: ParseCache | None, with_layouts: bool = False) -> None:
        self.cache = cache
        self.with_layouts = with_layouts
        """Keep each file's item layout (a write edits by it); reports never need one."""
        self._loaded: dict[tuple[str, object], Loaded] = {}
        """What this command loaded already, by path and cache key (or content digest)."""

    def load_paths(
        self, paths: Sequence[Path], progress: Progress | None = None
    ) -> tuple[list[Roadmap], list[Problem]]:
        """Load each file in order (no cross-file rules: that is check/rules.py)."""
        self.warm_in_parallel(paths, progress)  # a cold roll-up of many files uses every core
        roadmaps: list[Roadmap] = []
        problems: list[Problem] = []
        for done, path in enumerate(paths):
            if progress is not None:
                progress("read", done, len(paths))
            roadmap, found = self.load_path(path)
            problems.extend(found)
            if roadmap is not None:
                roadmaps.append(roadmap)
        return roadmaps, problems

    def load_path(self, path: Path) -> Result:
        """One file, from the cache when its bytes are unchanged."""
        data = read_file(path)
        if isinstance(data, Problem):
            return None, [data]
        roadmap, problems, _layout = self.load_bytes(data, path)
        return roadmap, problems

    def load_bytes(
        self, data: bytes, path: Path
    ) -> tuple[Roadmap | None, list[Problem], Layout | None]:
        """These bytes of `path` loaded: from this command's memory, the cache, or a parse.

        The layout comes with them when the store keeps layouts and the file loads.
        Bytes over the size limit are refused before the cache is asked: an entry
        made under a higher limit must not serve them (the item limit is in the key).
        """
        refused = too_large(str(path), len(data))
        if refused is not None:
            return None, [refused], None
        key = None if self.cache is None else self.cache.key(path, data)
        memo = (str(path), hashlib.sha256(data).digest() if key is None else key.header)
        known = self._loaded.get(memo)
        if known is None:
            with gc_paused():  # ~10^5 objects, no cycles: the collector would only walk them
                found = self._read_or_parse(data, path, key)
            if isinstance(found, list):  # it does not load: its problems, never cached
                return None, found, None
            known = found
        self._loaded[memo] = known
        roadmap, problems, layout = known
        return roadmap, list(problems), layout if self.with_layouts else None

    def _read_or_parse(self, data: bytes, path: Path, key: Key | None) -> Loaded | list[Problem]:
        """The cache's entry for these bytes, else their parse (stored); problems if no roadmap."""
        if key is not None and self.cache is not None:
            found = self.cache.get(key, self.with_layouts)
            if found is not None:
                return found
        if key is None and not self.with_layouts:
            roadmap, problems = load_bytes(data, str(path))
            return problems if roadmap is None else (roadmap, problems, None)
        roadmap, problems, layout = load_with_layout(data, str(path))
        if roadmap is None or layout is None:
            return problems
        if key is not None and self.cache is not None:
            self.cache.put(key, roadmap, problems, layout)
        return roadmap, problems, layout

    def warm_in_parallel(self, paths: Sequence[Path], progress: Progress | None = None) -> None:
        """Parse the files the cache lacks on every core, writing their entries.

        A cold national roll-up (20 files, 10,000 indicators) spends most of its
        time building YAML trees in Python, one file after another; on two cores
        the workers parse half each and the caller then reads every file from the
        cache.  Anything that goes wrong here only means the caller parses itself.
        """
        cores = os.cpu_count() or 1
        if self.cache is None or cores < 2 or len(paths) < 2:
            return
        misses: list[tuple[int, str]] = []
        for path in paths:
            # Two stats, not a read and a hash: the caller reads and hashes every file
            # anyway, and a warm run must not pay twice.  An entry newer than its file is
            # taken for a hit here; if its hash disagrees, the caller simply parses it.
            try:
                found = path.stat()
            except OSError:
                continue  # the loader words the problem
            if not self.cache.has_fresh_entry(path, found.st_mtime_ns):
                misses.append((found.st_size, str(path)))
        if len(misses) < 2 or sum(size for size, _path in misses) < PARALLEL_MIN_BYTES:
            return
        misses.sort(reverse=True)  # largest first, so the two cores finish together
        names = [name for _size, name in misses]
        from concurrent.futures import ProcessPoolExecutor

        folders = [str(self.cache.folder)] * len(names)
        languages = [self.cache.language] * len(names)
        try:
            with ProcessPoolExecutor(max_workers=min(cores, len(names))) as pool:
                parsed = pool.map(_warm_one, names, folders, languages)
                for done, _none in enumerate(parsed, 1):
                    if progress is not None:
                        progress("parse", done, len(names))
        except Exception:  # no processes to be had (a sandbox, a frozen app): parse here
            return


def _warm_one(path: str, folder: str, language: str) -> None:
    """In a worker process: parse one file and write its cache entry."""
    from amanat_cli.i18n import set_language

    set_language(language)  # problems are cached translated, per language
    cache = ParseCache.open(Path(folder), language)
    if cache is not None:
        Store(cache).load_path(Path(path))


def load_paths(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[list[Roadmap], list[Problem]]:
    """`Store.load_paths` with a store of its own (for a caller that loads once)."""
    return open_store().load_paths(paths, progress)
